import { mkdtempSync, readFileSync, writeFileSync, mkdirSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { describe, expect, test } from 'vitest';
import { usePool } from '../tests/support.ts';
import { EXERCISES_DIR, type Exercise, ExerciseError, exerciseDirs, findExercise, loadExercise } from './exercise.ts';
import { Grader, parsePrediction } from './grade.ts';
import { type Grade, type Mistake, StoredGradeSchema } from './grade-schema.ts';
import { CheckSchema, ManifestSchema } from './manifest.ts';
import { runCheck } from './checks.ts';
import { emptyResult } from '../sandbox/host/results.ts';
import { selfTest, submissionFor } from './selftest.ts';

const run = usePool(2);
const grader = new Grader(run);
const convert = findExercise('convert-to-37-style');
const reference = convert.reference as string;

/** The convert exercise's reference with one line of its body replaced. */
const variantOf = (from: string, to: string): string => {
  expect(reference).toContain(from);
  return reference.replace(from, to);
};

const gradeCode = (source: string) => grader.grade(convert, { kind: 'code', source });

/**
 * Every text of the grade a learner reads comes in Chinese as well as English: the feedback and
 * each check's message. Program output, code and numbers stay as they are in both, so a Chinese
 * text that equals the English one was not translated.
 */
function expectBothLanguages(grade: Grade): void {
  for (const text of [grade.feedback, ...grade.checks.map((c) => c.message)]) {
    expect(text.en).not.toBe('');
    expect(text.zh).toMatch(/\p{Script=Han}/u);
    expect(text.zh).not.toBe(text.en);
  }
}

describe('grading a code exercise', () => {
  test('gives the reference score 1 with every check passed', async () => {
    const grade = await gradeCode(reference);
    expect(grade).toMatchObject({
      gradable: true,
      passed: true,
      score: 1,
      feedback: { zh: '所有检查都通过了。', en: 'All checks passed.' },
      mistake: null,
    });
    expect(grade.checks.map((c) => [c.name, c.passed])).toEqual([
      ['output', true],
      ['timing', true],
      ['style', true],
    ]);
    expect(grade.diff?.firstDivergence).toBeNull();
  });

  test('scores by weight: only the style check failing leaves two thirds', async () => {
    const grade = await gradeCode(convert.starter as string);
    expect(grade.score).toBeCloseTo(2 / 3);
    expect(grade.checks.find((c) => c.name === 'style')?.message).toEqual({
      zh: '程序使用了 getEventLoop（第 21 行）；使用了 runUntilComplete（第 21 行）；使用了 ensureFuture（第 13、14 行）；没有使用 asyncio.run；没有使用 createTask',
      en: 'the program uses getEventLoop (line 21); uses runUntilComplete (line 21); uses ensureFuture (line 13, 14); does not use asyncio.run; does not use createTask',
    });
    expectBothLanguages(grade);
  });

  test('a program that does not compile is not gradable and carries the compiler messages', async () => {
    const grade = await gradeCode('const = 1;');
    expect(grade).toMatchObject({ gradable: false, score: 0, checks: [], runs: [] });
    expect(grade.diagnostics?.[0]).toEqual({ message: 'Variable declaration expected.', line: 1, column: 7 });
    expect(grade.feedback).toEqual({
      zh: '你的程序无法编译：第 1 行第 7 列：Variable declaration expected.',
      en: 'Your program does not compile: line 1, column 7: Variable declaration expected.',
    });
    expect(grade.mistake).toBe('compile-error');
  });

  test('diffs expected against actual output and marks the first difference', async () => {
    const grade = await gradeCode(variantOf("print('执行协程函数内部代码');", "print('hello');"));
    expect(grade.diff?.firstDivergence).toBe(0);
    expect(grade.diff?.lines.slice(0, 2)).toEqual([
      { op: 'extra', text: 'hello', expected: null, actual: 0 },
      { op: 'missing', text: '执行协程函数内部代码', expected: 0, actual: null },
    ]);
  });
});

describe('style checks', () => {
  const style = (require: unknown[], source: string) =>
    runCheck(CheckSchema.parse({ type: 'style', require }), emptyResult('ok'), emptyResult('ok'), source);

  test('require one of several APIs, and count repeated uses', () => {
    const source = "import * as asyncio from 'asyncio';\nawait asyncio.waitFor(asyncio.sleep(1), 2);";
    expect(style([{ anyOf: ['timeout', 'waitFor'] }], source).passed).toBe(true);
    expect(style([{ anyOf: ['timeout', 'timeoutAt'] }], source)).toEqual({
      passed: false,
      detail: { zh: '没有使用 timeout、timeoutAt 中的任何一个', en: 'uses none of timeout, timeoutAt' },
    });
    expect(style([{ name: 'asyncio.sleep', min: 2 }], source)).toEqual({
      passed: false,
      detail: { zh: '只使用了 asyncio.sleep 1 次，至少需要 2 次', en: 'uses asyncio.sleep 1 times, needs 2' },
    });
  });

  test('read the syntax tree: a name in a comment or a string does not count', () => {
    expect(style(['createTask'], "// createTask\nconst s = 'createTask';").passed).toBe(false);
  });
});

describe('feedback recognises the typical mistakes', () => {
  test('awaits that run one after another where the reference overlaps them', async () => {
    const grade = await gradeCode(readFileSync(join(convert.dir, 'reject/await-each-task.ts'), 'utf8'));
    expect(grade.feedback.en).toMatch(
      /^Your program takes 5 s where it can take 3 s: your awaits run one after another\./,
    );
    expect(grade.feedback.zh).toMatch(/^你的程序用了 5 s，其实只需要 3 s：你的 await 是一个接一个执行的。/);
    expect(grade.mistake).toBe('sequential-awaits');
    expectBothLanguages(grade);
  });

  test('a coroutine that is never awaited', async () => {
    const grade = await gradeCode(variantOf('await asyncio.sleep(time);', 'asyncio.sleep(time);'));
    expect(grade.feedback.en).toMatch(
      /^Coroutine 'sleep' was never awaited \(line \d+\): calling an async function only creates a coroutine/,
    );
    expect(grade.mistake).toBe('never-awaited');
    expectBothLanguages(grade);
  });

  test('a blocking call on the event loop, with its line', async () => {
    const source = variantOf('await asyncio.sleep(time);', 'clock.sleep(time);').replace(
      "import * as asyncio from 'asyncio';",
      "import * as asyncio from 'asyncio';\nimport * as clock from 'time';",
    );
    const grade = await gradeCode(source);
    expect(grade.feedback.en).toMatch(/^A blocking call at line \d+ held the event loop \(3\.000 seconds\)/);
    expect(grade.feedback.zh).toMatch(/^第 \d+ 行的阻塞调用占住了事件循环（3\.000 秒）/);
    expect(grade.mistake).toBe('blocking-call');
    expectBothLanguages(grade);
  });

  test('a deadlock: which task waits on what, and where', async () => {
    const grade = await gradeCode(
      variantOf("print('执行协程函数内部代码');", 'await asyncio.getRunningLoop().createFuture();'),
    );
    expect(grade.feedback.en).toMatch(
      /^Your program deadlocked: Task-1 waits for a Future that nothing resolves \(line \d+\)/,
    );
    expect(grade.mistake).toBe('deadlock');
    expect(grade.checks.find((c) => c.name === 'output')?.message.en).toMatch(/^your program deadlocked/);
    expectBothLanguages(grade);
  });

  test('lines written at the same instant in another order', async () => {
    const source = variantOf(
      "const task1 = asyncio.createTask(others(3, 'task_1'));\n  const task2 = asyncio.createTask(others(2, 'task_2'));",
      "const task2 = asyncio.createTask(others(2, 'task_2'));\n  const task1 = asyncio.createTask(others(3, 'task_1'));",
    );
    const grade = await gradeCode(source);
    expect(grade.feedback.en).toMatch(
      /^Your lines are right, but some written at the same moment come in another order/,
    );
    expect(grade.mistake).toBe('reordered');
    expectBothLanguages(grade);
  });

  test('a missing line', async () => {
    const grade = await gradeCode(variantOf("print('执行协程函数内部代码');", ''));
    expect(grade.feedback).toEqual({
      zh: "你的输出缺少 '执行协程函数内部代码'（应在 0 s 出现）。",
      en: "Your output is missing '执行协程函数内部代码' (expected at 0 s).",
    });
    expect(grade.mistake).toBe('missing-output');
    expectBothLanguages(grade);
  });

  test('an extra line', async () => {
    const grade = await gradeCode(
      variantOf("print('执行协程函数内部代码');", "print('执行协程函数内部代码');\n  print('debug');"),
    );
    expect(grade.feedback.en).toBe("Your program writes 'debug' (at 0 s), which the exercise does not expect.");
    expect(grade.mistake).toBe('extra-output');
    expectBothLanguages(grade);
  });

  test('a program that never finishes', async () => {
    const grade = await gradeCode(variantOf("print('执行协程函数内部代码');", 'while (true) await asyncio.sleep(60);'));
    expect(grade.feedback.en).toMatch(
      /^Your program did not finish: the program was still running after 3600 s of simulated time/,
    );
    expect(grade.mistake).toBe('timeout');
    expectBothLanguages(grade);
  });

  test('a program that raises an exception', async () => {
    const grade = await gradeCode(variantOf("print('执行协程函数内部代码');", "throw new Error('boom');"));
    expect(grade.feedback.en).toMatch(/^Your program raised Error: boom at line \d+\.$/);
    expect(grade.feedback.zh).toMatch(/^你的程序在第 \d+ 行抛出了 Error: boom。$/);
    expect(grade.mistake).toBe('crash');
    expectBothLanguages(grade);
  });
});

/** The convert exercise as a pack in a temporary folder, its manifest changed by `change`. */
function copyOfConvert(change: (manifest: Record<string, unknown>) => void): Exercise {
  const dir = join(mkdtempSync(join(tmpdir(), 'asynclab-pack-')), 'convert-to-37-style');
  cpSync(convert.dir, dir, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(dir, 'exercise.json'), 'utf8')) as Record<string, unknown>;
  change(manifest);
  writeFileSync(join(dir, 'exercise.json'), JSON.stringify(manifest));
  return loadExercise(dir);
}

describe('variants', () => {
  /** A pack whose duration comes from the fixture: 0.5 s visibly, 0.9 s in a hidden variant. */
  function packWithHiddenVariant(): string {
    const dir = join(mkdtempSync(join(tmpdir(), 'asynclab-pack-')), 'slow-server');
    mkdirSync(join(dir, 'fixtures'), { recursive: true });
    const fixture = (latency: number) => JSON.stringify({ urls: { 'http://api.test/': { latency, body: 'hi' } } });
    writeFileSync(join(dir, 'fixtures/visible.json'), fixture(0.5));
    writeFileSync(join(dir, 'fixtures/hidden.json'), fixture(0.9));
    writeFileSync(join(dir, 'prompt.zh.md'), '等待服务器');
    writeFileSync(join(dir, 'prompt.en.md'), 'Wait for the server');
    writeFileSync(
      join(dir, 'reference.ts'),
      "import * as aiohttp from 'aiohttp';\nimport * as asyncio from 'asyncio';\nasync function main() {\n  const session = new aiohttp.ClientSession();\n  const response = await session.get('http://api.test/');\n  print(await response.text());\n}\nasyncio.run(main());\n",
    );
    writeFileSync(
      join(dir, 'exercise.json'),
      JSON.stringify({
        slug: 'slow-server',
        kind: 'code',
        section: 'test',
        order: 1,
        title: { zh: '慢', en: 'Slow' },
        prompt: { zh: 'prompt.zh.md', en: 'prompt.en.md' },
        reference: 'reference.ts',
        checks: [{ type: 'output' }, { type: 'timing' }],
        variants: [{ fixture: 'fixtures/visible.json' }, { fixture: 'fixtures/hidden.json', hidden: true }],
      }),
    );
    return dir;
  }

  test('a hidden variant is reported as pass or fail only, without its fixture or traces', async () => {
    const exercise = loadExercise(packWithHiddenVariant());
    const hardCoded = "import * as asyncio from 'asyncio';\nasyncio.run(asyncio.sleep(0.5)); print('hi');";
    const grade = await grader.grade(exercise, { kind: 'code', source: hardCoded });
    expect(grade.checks).toEqual([
      { name: 'output', passed: true, weight: 1, message: { zh: '通过', en: 'passed' } },
      {
        name: 'timing',
        passed: false,
        weight: 1,
        message: {
          zh: '在一个隐藏变体上没有通过（时长、延迟或随机种子与示例不同）',
          en: 'fails on a hidden variant (other durations, latencies or seed than the example)',
        },
      },
    ]);
    expect(grade.runs).toEqual([
      expect.objectContaining({ variant: 0, hidden: false, passed: true }),
      { variant: 1, hidden: true, passed: false },
    ]);
    expect(JSON.stringify(grade)).not.toContain('0.9');
    expect(grade.feedback.en).toMatch(/passes the example but not a hidden variant/);
    expect(grade.mistake).toBe('hidden-variant');
    expectBothLanguages(grade);
  });
});

describe('predictions and choices', () => {
  const predict = findExercise('create-task-order');

  test('parses a prediction, ignoring blank lines and comments, and rejects a malformed line', () => {
    expect(parsePrediction('# mine\n0 start\n\n2.5 end task_2  ')).toEqual({
      events: [
        { t: 0, text: 'start', stream: 'stdout', task: null, thread: 'main' },
        { t: 2.5, text: 'end task_2', stream: 'stdout', task: null, thread: 'main' },
      ],
    });
    expect(parsePrediction('start at zero')).toEqual({
      error: {
        zh: "第 1 行不是“<时间> <文本>”的格式（例如 '2 end task_2'）：start at zero",
        en: "Line 1 is not '<time> <text>' (for example '2 end task_2'): start at zero",
      },
    });
  });

  test('grades a prediction against the program’s actual trace, to the microsecond', async () => {
    const right = readFileSync(join(predict.dir, 'accept/trace.txt'), 'utf8');
    expect((await grader.grade(predict, { kind: 'predict', text: right })).passed).toBe(true);
    const late = await grader.grade(predict, {
      kind: 'predict',
      text: right.replace('2 end task_2', '2.000002 end task_2'),
    });
    expect(late.checks.map((c) => c.passed)).toEqual([true, false]);
  });

  test('scores choices by the share of questions answered right, with each choice explained', async () => {
    const quiz = findExercise('concepts-quiz');
    const right = JSON.parse(quiz.accept[0]?.source ?? '{}') as { answers: string[] };
    const total = right.answers.length;
    expect(await grader.grade(quiz, { kind: 'choice', answers: right.answers })).toMatchObject({
      passed: true,
      score: 1,
    });
    const firstWrong = right.answers.map((answer, i) => (i === 0 ? (answer === 'a' ? 'b' : 'a') : answer));
    const grade = await grader.grade(quiz, { kind: 'choice', answers: firstWrong });
    expect(grade).toMatchObject({ passed: false, score: (total - 1) / total });
    expect(grade.feedback.en).toMatch(/^Question 1: not right\. [ab]\) /);
    // Each chosen option is explained in the learner's language, from the quiz's own texts.
    const chosen = quiz.manifest.questions?.[0]?.options.find((o) => o.id === firstWrong[0]);
    expect(grade.feedback.zh.split('\n')[0]).toBe(`第 1 题：不正确。${firstWrong[0]}) ${chosen?.explanation.zh}`);
    expectBothLanguages(grade);
  });
});

describe('grade texts in both languages', () => {
  test('every check message and every feedback of the exercises\u2019 rejected solutions and starters comes in Chinese too', async () => {
    const graded: Promise<Grade>[] = [];
    for (const exercise of exerciseDirs().map(loadExercise)) {
      for (const test of exercise.reject) graded.push(grader.grade(exercise, submissionFor(test.file, test.source)));
      if (exercise.manifest.kind === 'code' && exercise.starter !== undefined) {
        graded.push(grader.grade(exercise, { kind: 'code', source: exercise.starter }));
      }
    }
    graded.push(gradeCode('const = 1;'));
    graded.push(grader.grade(findExercise('create-task-order'), { kind: 'predict', text: 'start at zero' }));
    const grades = await Promise.all(graded);
    for (const grade of grades) expectBothLanguages(grade);
    // The sweep reaches the recognised mistakes and the fall-backs alike.
    const seen = new Set(grades.map((g) => g.mistake));
    const expected: Mistake[] = [
      'compile-error',
      'deadlock',
      'limit',
      'crash',
      'never-awaited',
      'blocking-call',
      'sequential-awaits',
      'reordered',
      'missing-output',
      'style',
      'hidden-variant',
      'wrong-output',
      'wrong-timing',
      'wrong-files',
      'wrong-answer',
    ];
    for (const mistake of expected) expect(seen).toContain(mistake);
  });

  test('a check message written as one plain string serves both languages', async () => {
    const exercise = copyOfConvert((manifest) => {
      const checks = manifest.checks as { type: string; message?: unknown }[];
      for (const check of checks) if (check.type === 'style') check.message = 'the program {detail}';
    });
    const grade = await grader.grade(exercise, { kind: 'code', source: convert.starter as string });
    const style = grade.checks.find((c) => c.name === 'style');
    expect(style?.message.en).toMatch(/^the program uses getEventLoop \(line 21\)/);
    expect(style?.message.zh).toMatch(/^the program 使用了 getEventLoop（第 21 行）/);
  });

  test('a grade stored with plain English texts reads as the same text in both languages', () => {
    const runs: unknown[] = [];
    const legacy = {
      exercise: 'convert-to-37-style',
      gradable: true,
      passed: false,
      score: 2 / 3,
      checks: [
        { name: 'output', passed: true, weight: 1, message: 'passed' },
        { name: 'style', passed: false, weight: 1, message: 'the program does not use createTask' },
      ],
      feedback: 'The program does not use createTask.',
      mistake: 'style',
      runs,
    };
    expect(StoredGradeSchema.parse(legacy)).toEqual({
      ...legacy,
      checks: [
        { name: 'output', passed: true, weight: 1, message: { zh: 'passed', en: 'passed' } },
        {
          name: 'style',
          passed: false,
          weight: 1,
          message: { zh: 'the program does not use createTask', en: 'the program does not use createTask' },
        },
      ],
      feedback: { zh: 'The program does not use createTask.', en: 'The program does not use createTask.' },
    });
  });

  test('a grade stored in both languages reads unchanged', async () => {
    const grade = await gradeCode(convert.starter as string);
    expect(StoredGradeSchema.parse(JSON.parse(JSON.stringify(grade)))).toEqual(grade);
  });
});

describe('exercise packs', () => {
  test('a manifest with a bad field is refused with a message naming it', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'asynclab-pack-')), 'convert-to-37-style');
    cpSync(convert.dir, dir, { recursive: true });
    const manifest = JSON.parse(readFileSync(join(dir, 'exercise.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(
      join(dir, 'exercise.json'),
      JSON.stringify({ ...manifest, kind: 'essay', checks: [{ type: 'timing', tolerence: 1 }] }),
    );
    expect(() => loadExercise(dir)).toThrow(ExerciseError);
    expect(() => loadExercise(dir)).toThrow(/kind[\s\S]*checks\[0\]|checks\[0\][\s\S]*kind/);
  });

  test('self-testing reports a reject that passes the check it should fail', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'asynclab-pack-')), 'convert-to-37-style');
    cpSync(convert.dir, dir, { recursive: true });
    writeFileSync(join(dir, 'reject/not-really.ts'), `// fails: timing\n${reference}`);
    expect(await selfTest(grader, loadExercise(dir))).toEqual([
      "reject/not-really.ts should fail 'timing' but passes it",
    ]);
  });

  test('the committed JSON Schema is the one the manifest schema exports', () => {
    const committed: unknown = JSON.parse(readFileSync(join(EXERCISES_DIR, 'exercise.schema.json'), 'utf8'));
    expect(committed).toEqual(z.toJSONSchema(ManifestSchema, { io: 'input', unrepresentable: 'any' }));
  });
});
