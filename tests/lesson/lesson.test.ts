import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import type { RunResult } from '../../sandbox/result.ts';
import { trace, usePool } from '../support.ts';

const run = usePool(2);
const program = (name: string): string =>
  readFileSync(new URL(`../programs/lesson/${name}.ts`, import.meta.url), 'utf8');

interface Expected {
  status?: RunResult['status'];
  trace: string[];
  elapsed: number;
  /** Each warning as `<kind> <line>: <message>`. */
  warnings?: string[];
}

const warningsOf = (result: RunResult): string[] => result.warnings.map((w) => `${w.kind} ${w.line}: ${w.message}`);

/** Every program of the lesson the curriculum uses, with the trace the lesson prints. */
const lesson: Record<string, Expected> = {
  'generator-ping-pong': {
    trace: [
      '0 ---------B------------',
      '0 -------A-------',
      '0 ---------B------------',
      '0.5 -------A-------',
      '0.5 ---------B------------',
      '1 -------A-------',
    ],
    elapsed: 1,
  },
  'sync-sleeps': { trace: ['5 同步所花费的时间: 5.000000 s'], elapsed: 5 },
  'missing-await': {
    trace: [...Array<string>(5).fill('0 我是async任务...'), '0 异步所花费的时间: 0.000000 s'],
    elapsed: 0,
    warnings: Array<string>(5).fill("never-awaited 6: coroutine 'sleep' was never awaited"),
  },
  'missing-await-fixed': {
    trace: [...Array<string>(5).fill('1 我是async任务...'), '1 异步所花费的时间: 1.000000 s'],
    elapsed: 1,
  },
  'event-loop-two-workers': {
    trace: [0, 1, 2, 3, 4].flatMap((t) => [`${t} 我是异步任务1`, `${t} 我是异步任务2`]),
    elapsed: 5,
  },
  'coroutine-object': { trace: ['0 协程对象已创建', '0 学习协程中...'], elapsed: 0 },
  'nested-await': {
    trace: [
      '0 执行协程函数内部代码',
      '0 start',
      '2 end',
      '2 response_1的IO操作结果为: 返回值',
      '2 start',
      '4 end',
      '4 response_2的IO操作结果为: 返回值',
    ],
    elapsed: 4,
  },
  'create-task-order': {
    trace: [
      '0 执行协程函数内部代码',
      '0 start task_1',
      '0 start task_2',
      '2 end task_2',
      '3 end task_1',
      '3 task_1的IO操作结果为: 返回值task_1',
      '3 task_2的IO操作结果为: 返回值task_2',
    ],
    elapsed: 3,
  },
  'create-task-order-swapped': {
    trace: [
      '0 执行协程函数内部代码',
      '0 start task_1',
      '0 start task_2',
      '2 end task_1',
      '2 task_1的IO操作结果为: 返回值task_1',
      '3 end task_2',
      '3 task_2的IO操作结果为: 返回值task_2',
    ],
    elapsed: 3,
  },
  'create-task-37': {
    trace: [
      '0 执行协程函数内部代码',
      '0 start task_1',
      '0 start task_2',
      '2 end task_2',
      '3 end task_1',
      '3 task_1的IO操作结果为: 返回值task_1',
      '3 task_2的IO操作结果为: 返回值task_2',
    ],
    elapsed: 3,
  },
  'wait-with-timeout': {
    trace: [
      '0 waiting: 1',
      '0 waiting: 2',
      '0 waiting: 3',
      '2.5 task result: Done after 1s',
      '2.5 task result: Done after 2s',
      '2.5 pending: MY_COROUTINE_3',
      '2.5 Time: 2.5',
    ],
    elapsed: 2.5,
  },
  'gather-results': {
    trace: [
      '0 waiting: 3',
      '0 waiting: 1',
      '0 waiting: 2',
      '3 ["Done after 3s","Done after 1s","Done after 2s"]',
      '3 Time: 3.0',
    ],
    elapsed: 3,
  },
  'future-set-result': { trace: ['2 666'], elapsed: 2 },
  'done-callback': { trace: ['0 waiting: 3', '3 callback job-A: Done after 3 s'], elapsed: 3 },
  'task-result': { trace: ['0 InvalidStateError: Result is not set.', '1 Done after 1 s'], elapsed: 1 },
  'blocking-vs-await': { trace: ['0 waiting: 3', '3 task result: Done after 3 s', '3 Time: 3'], elapsed: 3 },
  'sequential-awaits': { trace: ['10 异步所花费的时间: 10.000000 s'], elapsed: 10 },
  'concurrent-awaits': { trace: ['5 异步所花费的时间: 5.000000 s'], elapsed: 5 },
  'async-iterator': { trace: ['0.1 1', '0.2 2', '0.3 3', '0.4 4'], elapsed: 0.5 },
};

describe('lesson programs give the lesson’s trace on the virtual clock', () => {
  for (const [name, expected] of Object.entries(lesson)) {
    test(name, async () => {
      const result = await run(program(name));
      expect(result.error).toBeUndefined();
      expect(result.status).toBe(expected.status ?? 'ok');
      expect(trace(result)).toEqual(expected.trace);
      expect(result.elapsed).toBe(expected.elapsed);
      expect(warningsOf(result)).toEqual(expected.warnings ?? []);
    });
  }
});

describe('lesson programs that go wrong report it the way CPython does', () => {
  test('asyncio.wait rejects bare coroutines with CPython’s TypeError and line', async () => {
    const result = await run(program('wait-rejects-coroutines'));
    expect(result.status).toBe('error');
    expect(result.error).toMatchObject({
      type: 'TypeError',
      message: 'Passing coroutines is forbidden, use tasks explicitly.',
      line: 21,
    });
    // The two coroutines handed to wait() never ran.
    expect(warningsOf(result)).toEqual([
      "never-awaited 18: coroutine 'work1' was never awaited",
      "never-awaited 18: coroutine 'work2' was never awaited",
    ]);
    expect(result.events).toEqual([]);
  });

  test('reports a deadlock when main awaits a future nobody resolves, at once and with the line', async () => {
    const result = await run(program('future-deadlock'));
    expect(result.status).toBe('deadlock');
    expect(result.elapsed).toBe(0);
    expect(result.deadlock?.tasks).toMatchObject([
      { task: 'Task-1', awaits: 'a Future that nothing resolves', line: 6 },
    ]);
    expect(result.deadlock?.message).toMatch(/^deadlock: /);
  });

  test('names the main task of each asyncio.run as CPython counts them (three tasks per run)', async () => {
    const result = await run(program('missing-await'));
    expect(result.events.map((e) => e.task)).toEqual(['Task-1', 'Task-4', 'Task-7', 'Task-10', 'Task-13', null]);
  });

  test('the same program twice gives byte-identical results', async () => {
    const [a, b] = await Promise.all([run(program('wait-with-timeout')), run(program('wait-with-timeout'))]);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });
});
