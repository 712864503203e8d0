import type { RunResult } from '../../sandbox/result.ts';

export interface Expected {
  status?: RunResult['status'];
  trace: string[];
  elapsed: number;
  /** Each warning as `<kind> <line>: <message>`. */
  warnings?: string[];
}

/** Every program of the lesson the curriculum uses, with the trace the lesson prints. */
export const lesson: Record<string, Expected> = {
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

/** A lesson program's trace as [time, text] pairs, as a learner predicts it. */
export function timedLines(name: string): [string, string][] {
  const expected = lesson[name];
  if (!expected) throw new Error(`no lesson program named ${name}`);
  return expected.trace.map((line) => {
    const space = line.indexOf(' ');
    return [line.slice(0, space), line.slice(space + 1)];
  });
}
