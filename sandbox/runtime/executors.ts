import { blockingCall } from './blocking.ts';
import { coroutineFunction, isCoroutineFunction } from './coroutines.ts';
import { CancelledError, RuntimeError, TimeoutError, ValueError } from './exceptions.ts';
import { type EventLoop, getRunningLoop } from './events.ts';
import { Future, internalFuture } from './futures.ts';
import { format } from './inspect.ts';
import {
  type Worker,
  RunAborted,
  abort,
  captureStack,
  clock,
  firstProgramSite,
  onWorkerThread,
  runOnWorker,
  scheduledWork,
  secondsToNs,
  threadNowNs,
  timeline,
} from './state.ts';

/**
 * concurrent.futures on the virtual clock (SPEC §2.4). A pool worker runs a submitted function
 * when it is free; the function's time.sleep advances that worker's clock, and its result is
 * there at the worker's finish time. A job runs when the main clock reaches its start (so a
 * queued job can still be cancelled), as a whole: from its start to its return.
 */

/** os.cpu_count() of the simulated machine, which sets the default pool sizes. */
const CPU_COUNT = 4;

type FutureState = 'PENDING' | 'RUNNING' | 'CANCELLED' | 'FINISHED';
type DoneCallback = (future: ConcurrentFuture) => unknown;

interface PoolWorker extends Worker {
  freeAtNs: number;
}

interface Job {
  fn: (...args: unknown[]) => unknown;
  args: unknown[];
  future: ConcurrentFuture;
  submitNs: number;
}

let futureIds = 0;

/** The pool worker whose code runs now: state.ts keeps its clock, this its name. */
let runningWorker: Worker | null = null;

function runAs<T>(worker: Worker, fn: () => T): T {
  const previous = runningWorker;
  runningWorker = worker;
  try {
    return runOnWorker(worker, fn);
  } finally {
    runningWorker = previous;
  }
}

/** concurrent.futures.Future: its state is what the observing thread sees at its time. */
export class ConcurrentFuture<T = unknown> {
  readonly _id = ++futureIds;
  _startNs: number | null = null;
  _finishNs: number | null = null;
  _cancelled = false;
  _result: T | undefined = undefined;
  _exception: unknown = undefined;
  _callbacks: DoneCallback[] = [];
  _workerName = '';

  _state(): FutureState {
    if (this._cancelled) return 'CANCELLED';
    const now = threadNowNs();
    if (this._startNs === null || this._finishNs === null || now < this._startNs) return 'PENDING';
    return now < this._finishNs ? 'RUNNING' : 'FINISHED';
  }

  done(): boolean {
    const state = this._state();
    return state === 'FINISHED' || state === 'CANCELLED';
  }

  running(): boolean {
    return this._state() === 'RUNNING';
  }

  cancelled(): boolean {
    return this._cancelled;
  }

  /** Cancels the job if no worker has started it yet. */
  cancel(): boolean {
    const state = this._state();
    if (state === 'RUNNING' || state === 'FINISHED') return false;
    if (state === 'CANCELLED') return true;
    for (const executor of executors) executor._forget(this);
    this._cancelled = true;
    this._runCallbacks();
    return true;
  }

  /** Blocks the calling thread until the job is done (or `timeout` seconds pass). */
  result(timeout?: number | null): T {
    this._wait(timeout, this.result);
    if (this._exception !== undefined) throw this._exception;
    return this._result as T;
  }

  exception(timeout?: number | null): unknown {
    this._wait(timeout, this.exception);
    return this._exception ?? null;
  }

  addDoneCallback(fn: DoneCallback): void {
    if (this.done()) fn(this);
    else if (this._finishNs === null) this._callbacks.push(fn);
    // The job already ran (jobs run whole when they start) but finishes later than the
    // caller's now: the callback runs on the worker at its finish, as in CPython.
    else runAs({ name: this._workerName, nowNs: this._finishNs }, () => fn(this));
  }

  _wait(timeout: number | null | undefined, caller: Function): void {
    const deadlineNs = timeout === null || timeout === undefined ? Infinity : threadNowNs() + secondsToNs(timeout);
    waitUntil(() => this.done(), deadlineNs, 'Future.result', caller);
    if (this._cancelled) throw new CancelledError();
    if (!this.done()) throw new TimeoutError();
  }

  _finish(result: T | undefined, exception: unknown, worker: Worker, startNs: number): void {
    const finishNs = worker.nowNs;
    this._workerName = worker.name;
    this._startNs = startNs;
    this._finishNs = finishNs;
    this._result = result;
    this._exception = exception;
    this._runCallbacks();
  }

  _runCallbacks(): void {
    const callbacks = this._callbacks;
    this._callbacks = [];
    for (const callback of callbacks) callback(this);
  }

  toString(): string {
    const state = this._state();
    let outcome = '';
    if (state === 'FINISHED') {
      outcome =
        this._exception !== undefined ? ` raised ${typeName(this._exception)}` : ` returned ${typeName(this._result)}`;
    }
    return `<Future at 0x${this._id.toString(16)} state=${state.toLowerCase()}${outcome}>`;
  }
}

// Programs see the class under its Python name (`fut.constructor.name`).
Object.defineProperty(ConcurrentFuture, 'name', { value: 'Future' });

/** Python's `type(value).__name__` for a future's repr (`returned int`, `raised ValueError`). */
function typeName(value: unknown): string {
  switch (typeof value) {
    case 'undefined':
      return 'NoneType';
    case 'number':
      return Number.isInteger(value) ? 'int' : 'float';
    case 'bigint':
      return 'int';
    case 'string':
      return 'str';
    case 'boolean':
      return 'bool';
    case 'function':
      return 'function';
  }
  if (value === null) return 'NoneType';
  if (Array.isArray(value)) return 'list';
  const constructor = (value as object).constructor;
  if (constructor === Object || constructor === undefined) return 'dict';
  // The runtime's error classes carry their Python name on the prototype.
  const own = Object.getOwnPropertyDescriptor(constructor.prototype ?? {}, 'name')?.value as unknown;
  return typeof own === 'string' ? own : constructor.name || 'object';
}

/** Every executor of the program, in creation order: queued jobs start in time order across them. */
const executors: Executor[] = [];

/** concurrent.futures.Executor: a pool of simulated workers and a FIFO queue of jobs. */
export class Executor {
  _maxWorkers: number;
  _workers: PoolWorker[] = [];
  _queue: Job[] = [];
  _shutdown = false;
  _workerName: (index: number) => string;

  constructor(maxWorkers: number, workerName: (index: number) => string) {
    if (!Number.isInteger(maxWorkers) || maxWorkers <= 0) throw new ValueError('max_workers must be greater than 0');
    this._maxWorkers = maxWorkers;
    this._workerName = workerName;
    executors.push(this);
  }

  submit(fn: (...args: unknown[]) => unknown, ...args: unknown[]): ConcurrentFuture {
    if (this._shutdown) throw new RuntimeError('cannot schedule new futures after shutdown');
    const future = new ConcurrentFuture();
    this._queue.push({ fn, args, future, submitNs: threadNowNs() });
    // A free worker starts at once; the others start as the clock reaches them.
    runDueJobs(threadNowNs());
    return future;
  }

  /** executor.map: every call is submitted at once (as CPython does, before the first
   * result is asked for); the results come in order, each waited for in turn. */
  map(fn: (...args: unknown[]) => unknown, ...iterables: Iterable<unknown>[]): Generator<unknown> {
    const columns = iterables.map((it) => [...it]);
    const count = Math.min(...columns.map((c) => c.length));
    const futures = Array.from({ length: count }, (_, i) => this.submit(fn, ...columns.map((c) => c[i])));
    return (function* results() {
      for (const future of futures) yield future.result();
    })();
  }

  shutdown(options: { wait?: boolean; cancelFutures?: boolean } = {}): void {
    this._shutdown = true;
    if (options.cancelFutures) for (const job of [...this._queue]) job.future.cancel();
    if (options.wait ?? true) {
      waitUntil(
        () => this._queue.length === 0 && this._busyUntilNs() <= threadNowNs(),
        Infinity,
        'Executor.shutdown',
        this.shutdown,
      );
    }
  }

  [Symbol.dispose](): void {
    this.shutdown({ wait: true });
  }

  /** When the last job handed to a worker finishes. */
  _busyUntilNs(): number {
    return Math.max(0, ...this._workers.map((w) => w.freeAtNs));
  }

  _forget(future: ConcurrentFuture): void {
    this._queue = this._queue.filter((job) => job.future !== future);
  }

  /** The worker the next job goes to, as ThreadPoolExecutor picks: an idle one, else a new
   * one while under max_workers, else the one that is free first. */
  _nextWorker(submitNs: number): PoolWorker {
    const idle = this._workers.find((w) => w.freeAtNs <= submitNs);
    if (idle) return idle;
    if (this._workers.length < this._maxWorkers) {
      const worker = { name: this._workerName(this._workers.length), nowNs: 0, freeAtNs: 0 };
      this._workers.push(worker);
      return worker;
    }
    return this._workers.reduce((first, w) => (w.freeAtNs < first.freeAtNs ? w : first));
  }

  _nextStartNs(): number {
    const job = this._queue[0];
    if (!job) return Infinity;
    const idle = this._workers.find((w) => w.freeAtNs <= job.submitNs);
    if (idle || this._workers.length < this._maxWorkers) return job.submitNs;
    return Math.max(job.submitNs, Math.min(...this._workers.map((w) => w.freeAtNs)));
  }

  /** Runs the first queued job on its worker, from its start to its return. */
  _runNext(): void {
    const job = this._queue.shift() as Job;
    const worker = this._nextWorker(job.submitNs);
    const startNs = Math.max(job.submitNs, worker.freeAtNs);
    worker.nowNs = startNs;
    // Busy until the job returns: a job it submits and waits for goes to another worker.
    worker.freeAtNs = Infinity;
    let result: unknown;
    let exception: unknown;
    runAs(worker, () => {
      try {
        if (typeof job.fn !== 'function') throw new TypeError(`'${typeName(job.fn)}' object is not callable`);
        result = job.fn(...job.args);
      } catch (error) {
        // A limit or deadlock ends the run; it is not the job's exception.
        if (error instanceof RunAborted) throw error;
        exception = error ?? new Error(String(error));
      }
    });
    worker.freeAtNs = worker.nowNs;
    timeline.push({
      kind: 'executor',
      name: `${worker.name}: ${job.fn.name || 'function'}()`,
      start: startNs / 1e9,
      end: worker.nowNs / 1e9,
      state: exception === undefined ? 'done' : 'error',
    });
    runAs(worker, () => job.future._finish(result, exception, worker, startNs));
  }
}

let threadPools = 0;
let processes = 0;

/** concurrent.futures.ThreadPoolExecutor({ maxWorkers, threadNamePrefix }). */
export class ThreadPoolExecutor extends Executor {
  constructor(options: { maxWorkers?: number; threadNamePrefix?: string } = {}) {
    const prefix = options.threadNamePrefix || `ThreadPoolExecutor-${threadPools++}`;
    super(options.maxWorkers ?? Math.min(32, CPU_COUNT + 4), (i) => `${prefix}_${i}`);
  }
}

/** concurrent.futures.ProcessPoolExecutor({ maxWorkers }): workers are processes. */
export class ProcessPoolExecutor extends Executor {
  constructor(options: { maxWorkers?: number } = {}) {
    super(options.maxWorkers ?? CPU_COUNT, () => `ForkProcess-${++processes}`);
  }
}

function nextJobStartNs(): number {
  return Math.min(Infinity, ...executors.map((e) => e._nextStartNs()));
}

/** Starts, in time order, every queued job due by `ns`. */
function runDueJobs(ns: number): void {
  for (;;) {
    let next: Executor | undefined;
    let nextStartNs = Infinity;
    for (const executor of executors) {
      const startNs = executor._nextStartNs();
      if (startNs <= ns && startNs < nextStartNs) {
        next = executor;
        nextStartNs = startNs;
      }
    }
    if (!next) return;
    next._runNext();
  }
}

scheduledWork.nextStartNs = nextJobStartNs;
scheduledWork.runDue = runDueJobs;

/**
 * Blocks the calling thread until `done()` holds or the deadline passes. Time moves from one
 * event to the next (a queued job starting, a job finishing); on the main thread, moving the
 * clock starts the jobs that are due.
 */
function waitUntil(done: () => boolean, deadlineNs: number, name: string, caller: Function): void {
  while (!done()) {
    const now = threadNowNs();
    const finishes = executors.flatMap((e) => e._workers.map((w) => w.freeAtNs)).filter((ns) => ns > now);
    const nextNs = Math.min(nextJobStartNs(), ...finishes, deadlineNs);
    if (nextNs === Infinity) deadlock(name, caller);
    if (nextNs > now) blockingCall(name, nextNs - now, caller);
    if (nextNs >= deadlineNs) return;
    if (onWorkerThread()) runDueJobs(nextNs);
  }
}

/** A wait nothing can end: CPython would hang forever, so the run ends with a deadlock. */
function deadlock(name: string, caller: Function): never {
  const thread = runningWorker?.name ?? 'MainThread';
  const awaits = `${name}() on work that nothing will complete`;
  const site = firstProgramSite(captureStack(caller));
  const message = `deadlock: ${thread} waits in ${awaits}`;
  abort(new RunAborted('deadlock', message, undefined, { message, tasks: [{ task: thread, awaits, ...site }] }));
}

/** Runs every queued job and waits for all workers, as Python joins pool threads at exit. */
export function joinWorkers(): void {
  runDueJobs(Infinity);
  const end = Math.max(0, ...executors.map((e) => e._busyUntilNs()));
  if (end > clock.nowNs) clock.nowNs = end;
}

// ---- The bridge to asyncio --------------------------------------------------------------------

/** asyncio.wrap_future: an asyncio Future completed on the loop at the job's finish time. */
export function wrapFuture(future: unknown, options: { loop?: EventLoop } = {}): Future {
  if (future instanceof Future) return future;
  if (!(future instanceof ConcurrentFuture)) {
    throw new TypeError(`concurrent.futures.Future is expected, got ${format(future)}`);
  }
  const loop = options.loop ?? getRunningLoop();
  const wrapped = internalFuture(loop);
  const copyState = (source: ConcurrentFuture): void => {
    if (wrapped.done()) return;
    if (source.cancelled()) wrapped.cancel();
    else if (source._exception !== undefined) wrapped.setException(source._exception);
    else wrapped.setResult(source._result);
  };
  future.addDoneCallback((source) => {
    // Called on the worker at its finish time (or now, if already done): the loop sees the
    // outcome when its clock gets there, as call_soon_threadsafe would deliver it.
    loop._callAtNs(Math.max(clock.nowNs, source._finishNs ?? clock.nowNs), copyState, [source]);
  });
  wrapped.addDoneCallback(() => {
    if (wrapped.cancelled()) future.cancel();
  });
  return wrapped;
}

/** loop.run_in_executor(executor, func, *args), the default executor when `executor` is null. */
export function runInExecutor(
  loop: EventLoop,
  executor: Executor | null | undefined,
  func: (...args: unknown[]) => unknown,
  args: unknown[],
): Future {
  if (isCoroutineFunction(func)) throw new TypeError('coroutines cannot be used with run_in_executor()');
  const pool = executor ?? (loop._defaultExecutor ??= new ThreadPoolExecutor({ threadNamePrefix: 'asyncio' }));
  return wrapFuture(pool.submit(func, ...args), { loop });
}

/** asyncio.to_thread(func, *args). */
export const toThread = coroutineFunction(
  'to_thread',
  function* (func: (...a: unknown[]) => unknown, ...args: unknown[]) {
    return yield runInExecutor(getRunningLoop(), null, func, args);
  },
);

/** loop.shutdown_default_executor(): waits for the default executor's jobs (asyncio.run does). */
export const shutdownDefaultExecutor = coroutineFunction('shutdown_default_executor', function* (loop: EventLoop) {
  const executor = loop._defaultExecutor;
  if (!executor) return;
  executor._shutdown = true;
  for (;;) {
    const nextNs = executor._queue.length > 0 ? executor._nextStartNs() : executor._busyUntilNs();
    if (executor._queue.length === 0 && nextNs <= clock.nowNs) return;
    const waiter = internalFuture(loop);
    loop._callAtNs(Math.max(nextNs, clock.nowNs), (w: Future) => w.done() || w.setResult(undefined), [waiter]);
    yield waiter;
  }
});

/** concurrent.futures.wait(fs, { timeout, returnWhen }) → [done, notDone]. */
export function wait(
  fs: Iterable<ConcurrentFuture>,
  options: { timeout?: number | null; returnWhen?: string } = {},
): [Set<ConcurrentFuture>, Set<ConcurrentFuture>] {
  const futures = [...new Set(fs)];
  const returnWhen = options.returnWhen ?? 'ALL_COMPLETED';
  const failed = (f: ConcurrentFuture): boolean => f.done() && !f.cancelled() && f._exception !== undefined;
  const satisfied = (): boolean =>
    returnWhen === 'FIRST_COMPLETED'
      ? futures.some((f) => f.done())
      : returnWhen === 'FIRST_EXCEPTION'
        ? futures.some(failed) || futures.every((f) => f.done())
        : futures.every((f) => f.done());
  const deadlineNs = options.timeout == null ? Infinity : threadNowNs() + secondsToNs(options.timeout);
  waitUntil(satisfied, deadlineNs, 'concurrent.futures.wait', wait);
  const done = futures.filter((f) => f.done()).sort((a, b) => (a._finishNs ?? 0) - (b._finishNs ?? 0));
  return [new Set(done), new Set(futures.filter((f) => !f.done()))];
}

/** concurrent.futures.as_completed(fs, { timeout }): futures as they finish. */
export function* asCompleted(
  fs: Iterable<ConcurrentFuture>,
  options: { timeout?: number | null } = {},
): Generator<ConcurrentFuture> {
  const pending = new Set(fs);
  const total = pending.size;
  const deadlineNs = options.timeout == null ? Infinity : threadNowNs() + secondsToNs(options.timeout);
  while (pending.size > 0) {
    waitUntil(() => [...pending].some((f) => f.done()), deadlineNs, 'concurrent.futures.as_completed', asCompleted);
    const finished = [...pending].filter((f) => f.done()).sort((a, b) => (a._finishNs ?? 0) - (b._finishNs ?? 0));
    if (finished.length === 0) throw new TimeoutError(`${pending.size} (of ${total}) futures unfinished`);
    for (const future of finished) {
      pending.delete(future);
      yield future;
    }
  }
}

/** The `concurrent.futures` module. */
export const concurrentFutures = {
  Executor,
  ThreadPoolExecutor,
  ProcessPoolExecutor,
  Future: ConcurrentFuture,
  wait,
  asCompleted,
  FIRST_COMPLETED: 'FIRST_COMPLETED',
  FIRST_EXCEPTION: 'FIRST_EXCEPTION',
  ALL_COMPLETED: 'ALL_COMPLETED',
  CancelledError,
  TimeoutError,
};
