import { mkdtempSync, readFileSync, writeFileSync, mkdirSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { describe, expect, test } from 'vitest';
import { usePool } from '../tests/support.ts';
import { EXERCISES_DIR, ExerciseError, findExercise, loadExercise } from './exercise.ts';
import { Grader, parsePrediction } from './grade.ts';
import { CheckSchema, ManifestSchema } from './manifest.ts';
import { runCheck } from './checks.ts';
import { emptyResult } from '../sandbox/host/results.ts';
import { selfTest } from './selftest.ts';

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

describe('grading a code exercise', () => {
  test('gives the reference score 1 with every check passed', async () => {
    const grade = await gradeCode(reference);
    expect(grade).toMatchObject({
      gradable: true,
      passed: true,
      score: 1,
      feedback: 'All checks passed.',
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
    expect(grade.checks.find((c) => c.name === 'style')?.message).toBe(
      'the program uses getEventLoop (line 21); uses runUntilComplete (line 21); uses ensureFuture (line 13, 14); does not use asyncio.run; does not use createTask',
    );
  });

  test('a program that does not compile is not gradable and carries the compiler messages', async () => {
    const grade = await gradeCode('const = 1;');
    expect(grade).toMatchObject({ gradable: false, score: 0, checks: [], runs: [] });
    expect(grade.diagnostics?.[0]).toEqual({ message: 'Variable declaration expected.', line: 1, column: 7 });
    expect(grade.feedback).toBe('Your program does not compile: line 1, column 7: Variable declaration expected.');
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
    expect(style([{ anyOf: ['timeout', 'waitFor'] }], source)).toEqual({ passed: true, detail: '' });
    expect(style([{ anyOf: ['timeout', 'timeoutAt'] }], source)).toEqual({
      passed: false,
      detail: 'uses none of timeout, timeoutAt',
    });
    expect(style([{ name: 'asyncio.sleep', min: 2 }], source)).toEqual({
      passed: false,
      detail: 'uses asyncio.sleep 1 times, needs 2',
    });
  });

  test('read the syntax tree: a name in a comment or a string does not count', () => {
    expect(style(['createTask'], "// createTask\nconst s = 'createTask';").passed).toBe(false);
  });
});

describe('feedback recognises the typical mistakes', () => {
  test('awaits that run one after another where the reference overlaps them', async () => {
    const grade = await gradeCode(readFileSync(join(convert.dir, 'reject/await-each-task.ts'), 'utf8'));
    expect(grade.feedback).toMatch(
      /^Your program takes 5 s where it can take 3 s: your awaits run one after another\./,
    );
    expect(grade.mistake).toBe('sequential-awaits');
  });

  test('a coroutine that is never awaited', async () => {
    const grade = await gradeCode(variantOf('await asyncio.sleep(time);', 'asyncio.sleep(time);'));
    expect(grade.feedback).toMatch(
      /^Coroutine 'sleep' was never awaited \(line \d+\): calling an async function only creates a coroutine/,
    );
    expect(grade.mistake).toBe('never-awaited');
  });

  test('a blocking call on the event loop, with its line', async () => {
    const source = variantOf('await asyncio.sleep(time);', 'clock.sleep(time);').replace(
      "import * as asyncio from 'asyncio';",
      "import * as asyncio from 'asyncio';\nimport * as clock from 'time';",
    );
    const grade = await gradeCode(source);
    expect(grade.feedback).toMatch(/^A blocking call at line \d+ held the event loop \(3\.000 seconds\)/);
    expect(grade.mistake).toBe('blocking-call');
  });

  test('a deadlock: which task waits on what, and where', async () => {
    const grade = await gradeCode(
      variantOf("print('执行协程函数内部代码');", 'await asyncio.getRunningLoop().createFuture();'),
    );
    expect(grade.feedback).toMatch(
      /^Your program deadlocked: Task-1 waits for a Future that nothing resolves \(line \d+\)/,
    );
    expect(grade.mistake).toBe('deadlock');
    expect(grade.checks.find((c) => c.name === 'output')?.message).toMatch(/^your program deadlocked/);
  });

  test('lines written at the same instant in another order', async () => {
    const source = variantOf(
      "const task1 = asyncio.createTask(others(3, 'task_1'));\n  const task2 = asyncio.createTask(others(2, 'task_2'));",
      "const task2 = asyncio.createTask(others(2, 'task_2'));\n  const task1 = asyncio.createTask(others(3, 'task_1'));",
    );
    const grade = await gradeCode(source);
    expect(grade.feedback).toMatch(/^Your lines are right, but some written at the same moment come in another order/);
    expect(grade.mistake).toBe('reordered');
  });

  test('a missing line', async () => {
    const grade = await gradeCode(variantOf("print('执行协程函数内部代码');", ''));
    expect(grade.feedback).toBe("Your output is missing '执行协程函数内部代码' (expected at 0 s).");
    expect(grade.mistake).toBe('missing-output');
  });

  test('an extra line', async () => {
    const grade = await gradeCode(
      variantOf("print('执行协程函数内部代码');", "print('执行协程函数内部代码');\n  print('debug');"),
    );
    expect(grade.feedback).toBe("Your program writes 'debug' (at 0 s), which the exercise does not expect.");
    expect(grade.mistake).toBe('extra-output');
  });

  test('a program that never finishes', async () => {
    const grade = await gradeCode(variantOf("print('执行协程函数内部代码');", 'while (true) await asyncio.sleep(60);'));
    expect(grade.feedback).toMatch(
      /^Your program did not finish: the program was still running after 3600 s of simulated time/,
    );
  });
});

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
      { name: 'output', passed: true, weight: 1, message: 'passed' },
      {
        name: 'timing',
        passed: false,
        weight: 1,
        message: 'fails on a hidden variant (other durations, latencies or seed than the example)',
      },
    ]);
    expect(grade.runs).toEqual([
      expect.objectContaining({ variant: 0, hidden: false, passed: true }),
      { variant: 1, hidden: true, passed: false },
    ]);
    expect(JSON.stringify(grade)).not.toContain('0.9');
    expect(grade.feedback).toMatch(/passes the example but not a hidden variant/);
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
      error: "Line 1 is not '<time> <text>' (for example '2 end task_2'): start at zero",
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
    expect(grade.feedback).toMatch(/^Question 1: not right\. [ab]\) /);
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
