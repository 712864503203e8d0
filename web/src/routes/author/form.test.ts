import { describe, expect, test } from 'vitest';
import {
  type Exercise,
  EXERCISES_DIR,
  exerciseDirs,
  exerciseFromPack,
  packFromDir,
  PackSchema,
} from '../../../../grader/exercise.ts';
import { blankQuestion, checkNames, formOf, nextOptionId, packOf } from './form.ts';

/** What an exercise means, whatever its files are called. */
function meaning(exercise: Exercise) {
  const {
    $schema: _schema,
    prompt: _prompt,
    starter: _starter,
    reference: _reference,
    ...manifest
  } = exercise.manifest;
  const tests = (list: Exercise['accept']) =>
    list
      .map((test) => ({
        work:
          exercise.manifest.kind === 'choice'
            ? (JSON.parse(test.source) as { answers: unknown }).answers
            : test.source.replace(/^\s*(?:\/\/|#)\s*fails:[^\n]*\n/, ''),
        fails: test.fails ?? null,
      }))
      .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  return {
    manifest,
    prompt: exercise.prompt,
    starter: exercise.starter,
    reference: exercise.reference,
    variants: exercise.variants,
    accept: tests(exercise.accept),
    reject: tests(exercise.reject),
  };
}

const load = (pack: unknown): Exercise => exerciseFromPack(PackSchema.parse(pack), 'form');

describe('the authoring form', () => {
  test.each(exerciseDirs(EXERCISES_DIR).map((dir) => [dir.split('/').pop(), dir]))(
    'writes %s back as a pack that means the same',
    (_slug, dir) => {
      const pack = packFromDir(dir);
      const again = packOf(formOf(pack), pack);
      expect(meaning(load(again))).toEqual(meaning(load(pack)));
    },
  );

  test('a code exercise turned into a predict exercise has one program, its checks the grader default', () => {
    const pack = packFromDir(`${EXERCISES_DIR}/convert-to-37-style`);
    const form = formOf(pack);
    form.kind = 'predict';
    const predict = load(packOf(form, pack));
    expect(predict.manifest).toMatchObject({ kind: 'predict', starter: 'program.ts', reference: 'program.ts' });
    expect(predict.manifest.checks).toEqual([]);
    expect(predict.starter).toBe(formOf(pack).starter);
    expect(checkNames(form)).toEqual(['output', 'timing', 'gradable']);
  });

  test('a choice exercise is written with its questions, and no program, checks or fixtures', () => {
    const pack = packFromDir(`${EXERCISES_DIR}/download-flags`);
    const form = formOf(pack);
    form.kind = 'choice';
    const question = blankQuestion();
    question.text = { zh: '哪一个？', en: 'Which one?' };
    for (const option of question.options) {
      option.text = { zh: `选项 ${option.id}`, en: `Option ${option.id}` };
      option.explanation = { zh: '因为。', en: 'Because.' };
    }
    form.questions = [question];
    form.accept = [{ name: 'right', text: '["a"]', fails: '' }];
    form.reject = [{ name: 'wrong', text: '["b"]', fails: 'answers' }];
    const written = packOf(form, pack);
    expect(Object.keys(written.files).sort()).toEqual([
      'accept/right.json',
      'prompt.en.md',
      'prompt.zh.md',
      'reject/wrong.json',
    ]);
    const choice = load(written);
    expect(choice.manifest).toMatchObject({ kind: 'choice', checks: [], questions: [question] });
    expect(choice.reject).toEqual([
      { file: 'reject/wrong.json', source: '{"answers":["b"],"fails":"answers"}\n', fails: 'answers' },
    ]);
    expect(checkNames(form)).toEqual(['answers']);
  });

  test('a new option takes the first letter no other option uses', () => {
    const question = blankQuestion();
    expect(nextOptionId(question)).toBe('c');
    question.options.splice(0, 1);
    expect(nextOptionId(question)).toBe('a');
  });
});
