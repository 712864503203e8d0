import { Coroutine, isCoroutineFunction } from './coroutines.ts';
import * as exceptions from './exceptions.ts';
import {
  EventLoop,
  EventLoopPolicy,
  getEventLoop,
  getEventLoopPolicy,
  getRunningLoop,
  newEventLoop,
  setEventLoop,
  setEventLoopPolicy,
  Handle,
  TimerHandle,
} from './events.ts';
import { Future, isFuture } from './futures.ts';
import { format } from './inspect.ts';
import { blockingCall } from './blocking.ts';
import { secondsToNs, threadNowNs, writeOutput } from './state.ts';
import * as tasks from './tasks.ts';
import { asCompleted, shield } from './combinators.ts';
import { asyncWith } from './contextmanagers.ts';
import * as locks from './locks.ts';
import * as queues from './queues.ts';
import { TaskGroup } from './taskgroups.ts';
import * as timeouts from './timeouts.ts';
import * as executors from './executors.ts';
import { aiohttp, requests } from './network.ts';
import { aiomysql } from './database.ts';
import { fs, path } from './files.ts';
import { functools, uvloop } from './libraries.ts';

/** The epoch `time.time()` starts at (SPEC §2.1). */
export const EPOCH_SECONDS = 1_700_000_000;

/** Python's `asyncio`, in camelCase (SPEC §2.3). */
export const asyncio = {
  run: tasks.run,
  sleep: tasks.sleep,
  createTask: tasks.createTask,
  ensureFuture: tasks.ensureFuture,
  gather: tasks.gather,
  wait: tasks.wait,
  waitFor: tasks.waitFor,
  currentTask: tasks.currentTask,
  allTasks: tasks.allTasks,
  FIRST_COMPLETED: tasks.FIRST_COMPLETED,
  FIRST_EXCEPTION: tasks.FIRST_EXCEPTION,
  ALL_COMPLETED: tasks.ALL_COMPLETED,
  getEventLoop,
  getRunningLoop,
  newEventLoop,
  setEventLoop,
  getEventLoopPolicy,
  setEventLoopPolicy,
  iscoroutine: (value: unknown): boolean => value instanceof Coroutine,
  iscoroutinefunction: isCoroutineFunction,
  isfuture: isFuture,
  toThread: executors.toThread,
  wrapFuture: executors.wrapFuture,
  Future,
  Task: tasks.Task,
  Handle,
  TimerHandle,
  AbstractEventLoop: EventLoop,
  BaseEventLoop: EventLoop,
  AbstractEventLoopPolicy: EventLoopPolicy,
  DefaultEventLoopPolicy: EventLoopPolicy,
  CancelledError: exceptions.CancelledError,
  TimeoutError: exceptions.TimeoutError,
  InvalidStateError: exceptions.InvalidStateError,
  asyncWith,
  timeout: timeouts.timeout,
  timeoutAt: timeouts.timeoutAt,
  Timeout: timeouts.Timeout,
  asCompleted,
  shield,
  TaskGroup,
  Lock: locks.Lock,
  Event: locks.Event,
  Condition: locks.Condition,
  Semaphore: locks.Semaphore,
  BoundedSemaphore: locks.BoundedSemaphore,
  Queue: queues.Queue,
  LifoQueue: queues.LifoQueue,
  PriorityQueue: queues.PriorityQueue,
  QueueEmpty: queues.QueueEmpty,
  QueueFull: queues.QueueFull,
};

/** Checks a duration argument the way CPython's time.sleep does. */
function seconds(value: unknown, what: string): number {
  if (typeof value !== 'number' || Number.isNaN(value)) {
    throw new TypeError(`'${typeof value}' object cannot be interpreted as an integer or float (${what})`);
  }
  if (value < 0) throw new exceptions.ValueError(`${what} length must be non-negative`);
  return value;
}

/** Python's `time`: wall time is the virtual clock; `sleep` blocks the calling thread. */
export const time = {
  time: (): number => EPOCH_SECONDS + threadNowNs() / 1e9,
  monotonic: (): number => threadNowNs() / 1e9,
  perfCounter: (): number => threadNowNs() / 1e9,
  sleep,
};

/** time.sleep: blocks the calling thread (the loop's, or a pool worker's). */
function sleep(secs: number): void {
  blockingCall('time.sleep', secondsToNs(seconds(secs, 'sleep')), sleep);
}

function stream(name: 'stdout' | 'stderr') {
  return {
    write(text: unknown): number {
      if (typeof text !== 'string') throw new TypeError(`write() argument must be str, not ${typeof text}`);
      writeOutput(text.endsWith('\n') ? text.slice(0, -1) : text, name);
      return text.length;
    },
    flush(): void {},
  };
}

/** Python's `sys`, as far as programs of the course use it. */
export const sys = {
  stdout: stream('stdout'),
  stderr: stream('stderr'),
  platform: 'linux',
  argv: ['main.ts'],
  version: '3.11.7 (asynclab virtual runtime)',
};

/** `print(...values)`: the values joined by one space, one output event. */
export function print(...values: unknown[]): void {
  writeOutput(values.map(format).join(' '), 'stdout');
}

/** Node's `util.format` placeholders (%s %d %i %f %j %o %O %%) for console methods. */
function consoleFormat(args: unknown[]): string {
  const [first, ...rest] = args;
  if (typeof first !== 'string' || !first.includes('%')) return args.map(format).join(' ');
  let i = 0;
  const text = first.replace(/%([sdifjoO%])/g, (match, spec: string) => {
    if (spec === '%') return '%';
    if (i >= rest.length) return match;
    const value = rest[i++];
    switch (spec) {
      case 'd':
      case 'i':
        return String(spec === 'i' ? Math.trunc(Number(value)) : Number(value));
      case 'f':
        return String(Number(value));
      case 'j':
        return JSON.stringify(value);
      default:
        return format(value);
    }
  });
  return [text, ...rest.slice(i).map(format)].join(' ');
}

export const console = {
  log: (...args: unknown[]) => writeOutput(consoleFormat(args), 'stdout'),
  info: (...args: unknown[]) => writeOutput(consoleFormat(args), 'stdout'),
  debug: (...args: unknown[]) => writeOutput(consoleFormat(args), 'stdout'),
  error: (...args: unknown[]) => writeOutput(consoleFormat(args), 'stderr'),
  warn: (...args: unknown[]) => writeOutput(consoleFormat(args), 'stderr'),
};

const modules: Record<string, object> = {
  asyncio,
  time,
  sys,
  'concurrent.futures': executors.concurrentFutures,
  aiohttp,
  requests,
  aiomysql,
  uvloop,
  functools,
  fs,
  path,
};

/** `require` for the compiled program: the runtime's modules by their Python names. */
export function requireModule(name: string): object {
  const mod = modules[name];
  if (!mod) throw new exceptions.ModuleNotFoundError(`No module named '${name}'`);
  return mod;
}

for (const mod of Object.values(modules)) {
  Object.defineProperty(mod, 'default', { value: mod });
  Object.freeze(mod);
}
