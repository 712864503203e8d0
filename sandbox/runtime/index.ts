/**
 * The runtime's entry point, bundled into one script and run in every fresh isolate before
 * the learner's program. It replaces the isolate's nondeterministic and asynchronous globals
 * with virtual-clock versions and defines `__asynclab_run`, which the host calls once.
 */
// tasks.ts first: the modules import each other (as CPython's asyncio modules do), and
// evaluating tasks.ts first makes Future exist before `class Task extends Future`.
import { Task, pendingTasks, tasksCreated } from './tasks.ts';
import * as tslib from 'tslib';
import type { RunError, RunLimits, RunResult, RunStatus } from '../result.ts';
import {
  __asyncDelegator,
  __asyncGenerator,
  __asyncValues,
  __await,
  __awaiter,
  unstartedCoroutines,
} from './coroutines.ts';
import * as exceptions from './exceptions.ts';
import { allLoops } from './events.ts';
import { joinWorkers } from './executors.ts';
import { fileReport } from './files.ts';
import { setFixture } from './world.ts';
import type { Fixture } from '../fixture.ts';
import { unretrieved } from './futures.ts';
import { format } from './inspect.ts';
import { EPOCH_SECONDS, console, print, requireModule } from './modules.ts';
import { SandboxPromise, clearTimeout, queueMicrotask, setInterval, setTimeout } from './promise.ts';
import {
  aborted,
  callbacksTotal,
  clock,
  events,
  firstProgramSite,
  limits,
  sites,
  threadNowNs,
  programFrames,
  timeline,
  warn,
  warnings,
} from './state.ts';
import { PROGRAM_FUNCTION } from '../program.ts';

const global = globalThis as unknown as Record<string, unknown>;
const stringify = JSON.stringify;
const NativeDate = Date;

// ---- Globals ----------------------------------------------------------------------------------

/** Seeded PRNG (mulberry32): the same seed gives the same `Math.random()` sequence. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const virtualNowMs = (): number => EPOCH_SECONDS * 1000 + Math.floor(threadNowNs() / 1e6);

/** `Date` reads the virtual clock when constructed without arguments. */
class VirtualDate extends NativeDate {
  constructor(...args: unknown[]) {
    if (args.length === 0) super(virtualNowMs());
    else super(...(args as [string]));
  }
  static override now(): number {
    return virtualNowMs();
  }
}
Object.defineProperty(VirtualDate, 'name', { value: 'Date' });

function installGlobals(seed: number): void {
  // tslib supplies the helpers TypeScript may emit; the async ones are the runtime's own so
  // that coroutines stay lazy and run on the virtual loop.
  for (const [name, helper] of Object.entries(tslib)) {
    if (name.startsWith('__')) global[name] = helper;
  }
  Object.assign(global, { __awaiter, __await, __asyncGenerator, __asyncValues, __asyncDelegator });
  Object.assign(global, {
    print,
    console,
    Promise: SandboxPromise,
    setTimeout,
    setInterval,
    clearTimeout,
    clearInterval: clearTimeout,
    queueMicrotask,
    Date: VirtualDate,
    performance: { now: () => threadNowNs() / 1e6, timeOrigin: EPOCH_SECONDS * 1000 },
    StopAsyncIteration: exceptions.StopAsyncIteration,
    RuntimeError: exceptions.RuntimeError,
    ValueError: exceptions.ValueError,
    TimeoutError: exceptions.TimeoutError,
    ModuleNotFoundError: exceptions.ModuleNotFoundError,
    NotImplementedError: exceptions.NotImplementedError,
    ExceptionGroup: exceptions.ExceptionGroup,
  });
  Math.random = seededRandom(seed);
  // Garbage-collection timing would leak into results; nothing in the course needs these.
  delete global.WeakRef;
  delete global.FinalizationRegistry;
}

/**
 * Freezes the built-ins the runtime's own bookkeeping uses, before the program runs, so a
 * program cannot change how its trace, diagnostics or verdict are recorded (a `toJSON` on
 * Object.prototype rewriting the result, a `Set` iterator hiding never-awaited coroutines,
 * a `Math.round` bending the clock). Error.prototype stays open: programs assign `name` on
 * their own error instances.
 */
function lockdown(): void {
  const proto = Object.getPrototypeOf as (o: unknown) => object;
  const arrayIterator = proto([][Symbol.iterator]());
  const intrinsics = [
    Object.prototype,
    Array.prototype,
    Function.prototype,
    String.prototype,
    Number.prototype,
    Boolean.prototype,
    Symbol.prototype,
    RegExp.prototype,
    Set.prototype,
    Map.prototype,
    arrayIterator,
    proto(arrayIterator),
    proto(new Set().values()),
    proto(new Map().entries()),
    proto(''[Symbol.iterator]()),
    proto(proto((function* () {})())),
    Math,
    JSON,
    Reflect,
  ];
  for (const intrinsic of intrinsics) Object.freeze(intrinsic);
}

// ---- One run ---------------------------------------------------------------------------------

interface RunRequest {
  seed: number;
  fixture?: Fixture;
  limits: RunLimits;
  /** Record every creation site (a replay of a run whose diagnostics lacked some). */
  allSites: boolean;
}

type ProgramModule = (exports: object, require: (name: string) => object, module: { exports: object }) => void;

/** Reads from a thrown value, whose getters, traps or conversions may themselves throw. */
function safely<T>(read: () => T, fallback: T): T {
  try {
    return read();
  } catch {
    return fallback;
  }
}

function describeError(exc: unknown): RunError {
  const frames = programFrames(exc).map((f) => ({ ...f, name: f.name === PROGRAM_FUNCTION ? '<module>' : f.name }));
  const innermost = frames[0];
  const isError = safely(() => exc instanceof Error, false);
  const isObject = (typeof exc === 'object' && exc !== null) || typeof exc === 'function';
  const type = !isObject
    ? typeof exc
    : safely(() => {
        const name: unknown = isError ? (exc as Error).name : undefined;
        return typeof name === 'string' && name ? name : (exc.constructor?.name ?? 'Object');
      }, 'Object');
  const message = safely(
    () => (isError ? String((exc as Error).message) : format(exc)),
    '<a value that cannot be shown>',
  );
  return {
    type,
    message,
    ...(innermost ? { line: innermost.line, column: innermost.column } : {}),
    ...(frames.length > 0 ? { traceback: frames.reverse() } : {}),
  };
}

/** Diagnostics CPython prints when a program ends (SPEC §2.5). */
function reportLeftovers(): void {
  for (const coro of unstartedCoroutines()) {
    warn('never-awaited', `coroutine '${coro.name}' was never awaited`, coro.site());
  }
  // After a deadlock or limit the pending tasks are the report itself, not a leftover.
  if (aborted === null) {
    for (const task of pendingTasks()) {
      warn('pending-destroyed', `Task was destroyed but it is pending! (${task})`, firstProgramSite(task._site));
    }
  }
  for (const future of unretrieved) {
    const exc = future._exception;
    const detail = exc instanceof Error ? (exc.message ? `${exc.name}: ${exc.message}` : exc.name) : String(exc);
    const what =
      future instanceof SandboxPromise
        ? 'Unhandled promise rejection'
        : future instanceof Task
          ? `Task exception was never retrieved (task '${future._name}')`
          : 'Future exception was never retrieved';
    warn('unretrieved-exception', `${what}: ${detail}`, firstProgramSite(exc as never));
  }
}

let finished = false;

function result(status: RunStatus, error?: RunError): string {
  const outcome: RunResult = {
    status,
    elapsed: clock.seconds(),
    // Pool workers write at their own times, which may be ahead of the main thread's.
    events: [...events].sort((a, b) => a.t - b.t),
    warnings,
    ...(error ? { error } : {}),
    ...(aborted?.limit ? { limit: aborted.limit } : {}),
    ...(aborted?.deadlock ? { deadlock: aborted.deadlock } : {}),
    timeline,
    files: fileReport(),
    stats: { callbacks: callbacksTotal, tasks: tasksCreated },
  };
  // Tells the host to replay the run with every site recorded (see `sites` in state.ts).
  const sitesMissing =
    sites.exhausted &&
    (warnings.some((w) => w.line === undefined && w.kind !== 'callback-exception') ||
      (aborted?.deadlock?.tasks.some((t) => t.line === undefined) ?? false));
  return stringify(sitesMissing ? { ...outcome, sitesMissing } : outcome);
}

/** Runs the program the host loaded as `__asynclab_program`; returns the RunResult as JSON. */
function runProgram(requestJson: string): string {
  const request = JSON.parse(requestJson) as RunRequest;
  Object.assign(limits, request.limits);
  if (request.allSites) sites.budget = Infinity;
  setFixture(request.fixture);
  installGlobals(request.seed);
  lockdown();
  const program = global.__asynclab_program as ProgramModule;
  delete global.__asynclab_program;

  let error: unknown;
  let failed = false;
  try {
    const module = { exports: {} };
    program(module.exports, requireModule, module);
    // A program that only used promises and timers ends, as in Node, when they are done.
    for (const loop of allLoops) if (!loop._everRan && !loop._closed) loop._runUntilIdle();
  } catch (exc) {
    failed = true;
    error = exc;
  }
  // Python waits for pool threads at exit: queued jobs run and the clock moves on to the
  // last one's finish.
  if (!aborted) {
    try {
      joinWorkers();
    } catch (exc) {
      error = failed ? error : exc;
      failed = true;
    }
  }
  finished = true;
  reportLeftovers();
  if (aborted) {
    return result(
      aborted.status,
      aborted.status === 'deadlock' ? undefined : { type: 'LimitExceeded', message: aborted.message },
    );
  }
  return failed ? result('error', describeError(error)) : result('ok');
}

/** What the program did so far, for a run the host had to stop (CPU time). */
function partialResult(): string {
  return result(finished ? 'ok' : 'limit');
}

global.__asynclab_run = runProgram;
global.__asynclab_partial = partialResult;
