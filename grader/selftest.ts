import type { Exercise, SelfTest } from './exercise.ts';
import type { Grader } from './grade.ts';
import type { CheckResult, Submission } from './grade-schema.ts';

/** What a self-test file submits: a program (.ts), a prediction (.txt) or answers (.json). */
export function submissionFor(file: string, content: string): Submission {
  if (file.endsWith('.txt')) return { kind: 'predict', text: content };
  if (file.endsWith('.json')) {
    const answers = (JSON.parse(content) as { answers?: unknown }).answers;
    if (!Array.isArray(answers)) throw new Error(`${file}: a choice submission is {"answers": [...]}`);
    return { kind: 'choice', answers: answers as (string | string[])[] };
  }
  return { kind: 'code', source: content };
}

const MIN_ACCEPTS = { code: 2, predict: 1, choice: 1 } as const;

/**
 * Checks an exercise against itself (SPEC §5 `asynclab check`): the reference passes every
 * variant, every accepted solution passes, every rejected one fails the check it names, and a
 * starter program does not pass. Returns the problems found; none means the pack is sound.
 */
export async function selfTest(grader: Grader, exercise: Exercise): Promise<string[]> {
  const { manifest } = exercise;
  const problems: string[] = [];
  if (exercise.accept.length < MIN_ACCEPTS[manifest.kind]) {
    problems.push(`needs at least ${MIN_ACCEPTS[manifest.kind]} accepted solutions in accept/`);
  }
  if (exercise.reject.length === 0) problems.push('needs at least one rejected solution in reject/');

  if (manifest.kind === 'code' && exercise.reference !== undefined) {
    const grade = await grader.grade(exercise, { kind: 'code', source: exercise.reference });
    if (!grade.passed) problems.push(`the reference does not pass its own checks: ${failedChecks(grade.checks)}`);
    if (exercise.starter !== undefined) {
      const starter = await grader.grade(exercise, { kind: 'code', source: exercise.starter });
      if (starter.passed) problems.push('the starter already passes: there is nothing to do');
    }
  }
  const graded = async (test: SelfTest) => grader.grade(exercise, submissionFor(test.file, test.source));
  for (const test of exercise.accept) {
    const grade = await graded(test);
    if (!grade.passed) {
      problems.push(
        `${test.file} should pass but ${grade.gradable ? `fails ${failedChecks(grade.checks)}` : `is not gradable: ${grade.feedback.en}`}`,
      );
    }
  }
  for (const test of exercise.reject) {
    const grade = await graded(test);
    const fails = test.fails as string;
    if (fails === 'gradable') {
      if (grade.gradable) problems.push(`${test.file} should not be gradable but is`);
      continue;
    }
    const check = grade.checks.find((c) => c.name === fails);
    if (!grade.gradable) problems.push(`${test.file} should fail '${fails}' but is not gradable: ${grade.feedback.en}`);
    else if (!check) problems.push(`${test.file} names '${fails}', which is not a check of this exercise`);
    else if (check.passed) problems.push(`${test.file} should fail '${fails}' but passes it`);
  }
  return problems;
}

/** For the exercise's author, in English like the rest of the self-test's report. */
function failedChecks(checks: CheckResult[]): string {
  return checks
    .filter((c) => !c.passed)
    .map((c) => `${c.name} (${c.message.en})`)
    .join(', ');
}
