import { RuntimeError } from './exceptions.ts';
import { Future } from './futures.ts';
import {
  RunAborted,
  abort,
  advanceClockTo,
  blocking,
  checkAborted,
  clock,
  detailSpan,
  detailSpansLeft,
  countCallback,
  firstProgramSite,
  onWorkerThread,
  scheduledWork,
  secondsToNs,
  warn,
} from './state.ts';
import { Deque, KeyedQueue } from './structures.ts';
import type { Span } from '../result.ts';
import { Task, describeDeadlock, ensureFuture, type TaskOptions } from './tasks.ts';
import type { Coroutine } from './coroutines.ts';
import { repr } from './inspect.ts';
import { type Executor, runInExecutor } from './executors.ts';

/** asyncio warns about a callback that holds the loop this long (`slow_callback_duration`). */
const SLOW_CALLBACK_NS = secondsToNs(0.1);

type Callback = (...args: any[]) => unknown;

/** A callback scheduled on the loop (asyncio.Handle). */
export class Handle {
  _callback: Callback;
  _args: readonly unknown[];
  _loop: EventLoop;
  _cancelled = false;
  /** What the callback runs on behalf of, for diagnostics (a Task for its steps). */
  _owner: unknown;

  constructor(callback: Callback, args: readonly unknown[], loop: EventLoop, owner?: unknown) {
    this._callback = callback;
    this._args = args;
    this._loop = loop;
    this._owner = owner;
  }

  cancel(): void {
    this._cancelled = true;
  }

  cancelled(): boolean {
    return this._cancelled;
  }

  _run(): void {
    try {
      this._call();
    } catch (exc) {
      if (exc instanceof RunAborted) throw exc;
      this._loop.callExceptionHandler({ message: `Exception in callback ${this}`, exception: exc });
    }
  }

  /** Calls the callback; a subclass that knows its callback's arguments may call it directly. */
  _call(): void {
    this._callback(...this._args);
  }

  toString(): string {
    if (this._owner) return String(this._owner);
    return `<Handle ${this._callback.name || 'callback'}()>`;
  }
}

/** A callback scheduled for a virtual time (asyncio.TimerHandle). Equal times run in the
 * order they were scheduled (see KeyedQueue). */
export class TimerHandle extends Handle {
  _whenNs: number;

  constructor(whenNs: number, callback: Callback, args: readonly unknown[], loop: EventLoop) {
    super(callback, args, loop);
    this._whenNs = whenNs;
  }

  /** The scheduled time, in seconds of the loop's clock. */
  when(): number {
    return this._whenNs / 1e9;
  }

  override toString(): string {
    return `<TimerHandle when=${this.when()} ${this._callback.name || 'callback'}()>`;
  }
}

/** A timer the program scheduled itself (loop.callLater/callAt, setTimeout), drawn on the
 * timeline from when it was set to when it fired or was cancelled. */
class ProgramTimer extends TimerHandle {
  _span: Span | null;

  constructor(whenNs: number, callback: Callback, args: readonly unknown[], loop: EventLoop) {
    super(whenNs, callback, args, loop);
    const name = `${callback.name || 'callback'}()`;
    this._span = detailSpansLeft()
      ? detailSpan({ kind: 'timer', name, start: clock.seconds(), end: whenNs / 1e9, state: 'pending' })
      : null;
  }

  override cancel(): void {
    if (!this._cancelled && this._span?.state === 'pending') {
      this._span.end = Math.min(clock.seconds(), this._span.end ?? Infinity);
      this._span.state = 'cancelled';
    }
    super.cancel();
  }

  override _run(): void {
    if (this._span) this._span.state = 'done';
    super._run();
  }
}

let runningLoop: EventLoop | null = null;

/** Every loop the program created, so loops it never ran can be drained at exit (see run). */
export const allLoops: EventLoop[] = [];

/** The event loop (asyncio.BaseEventLoop): a ready queue and a timer heap on the virtual
 * clock; `_runOnce` is CPython's `_run_once`. */
export class EventLoop {
  _ready = new Deque<Handle>();
  /** The timers by due time (CPython's `_scheduled` heap). */
  _scheduled = new KeyedQueue<TimerHandle>();
  _stopping = false;
  _closed = false;
  _running = false;
  _everRan = false;
  _debug = false;
  _exceptionHandler: ((loop: EventLoop, context: Record<string, unknown>) => void) | null = null;
  _currentTask: Task | null = null;
  /** The ThreadPoolExecutor `runInExecutor(null, …)` uses, made on first use. */
  _defaultExecutor: Executor | null = null;
  /** The name CPython's `type(loop)` would report; uvloop reports its own. */
  _className = 'asyncio.unix_events._UnixSelectorEventLoop';

  constructor() {
    allLoops.push(this);
  }

  /** The loop's clock in seconds (virtual). */
  time(): number {
    return clock.seconds();
  }

  callSoon(callback: Callback, ...args: unknown[]): Handle {
    this._checkClosed();
    return this._callSoon(callback, args);
  }

  _callSoon(callback: Callback, args: readonly unknown[], owner?: unknown): Handle {
    const handle = new Handle(callback, args, this, owner);
    this._ready.push(handle);
    return handle;
  }

  callLater(delay: number, callback: Callback, ...args: unknown[]): TimerHandle {
    checkNumber(delay, 'delay');
    return this._scheduleTimer(new ProgramTimer(clock.nowNs + secondsToNs(delay), callback, args, this));
  }

  callAt(when: number, callback: Callback, ...args: unknown[]): TimerHandle {
    checkNumber(when, 'when');
    return this._scheduleTimer(new ProgramTimer(secondsToNs(when), callback, args, this));
  }

  _callAtNs(whenNs: number, callback: Callback, args: readonly unknown[]): TimerHandle {
    return this._scheduleTimer(new TimerHandle(whenNs, callback, args, this));
  }

  /** Schedules a timer the caller made, e.g. one of a TimerHandle subclass. */
  _scheduleTimer<T extends TimerHandle>(timer: T): T {
    this._checkClosed();
    this._scheduled.push(timer._whenNs, timer);
    return timer;
  }

  /** loop.run_in_executor(executor, func, *args): `func` on a pool worker; the returned
   * Future completes at the worker's finish time. `null` means the default executor. */
  runInExecutor(executor: Executor | null, func: (...args: unknown[]) => unknown, ...args: unknown[]): Future {
    this._checkClosed();
    return runInExecutor(this, executor, func, args);
  }

  createFuture(): Future {
    return new Future({ loop: this });
  }

  createTask(coro: Coroutine, options: TaskOptions = {}): Task {
    this._checkClosed();
    return new Task(coro, { ...options, loop: this });
  }

  isRunning(): boolean {
    return this._running;
  }

  isClosed(): boolean {
    return this._closed;
  }

  getDebug(): boolean {
    return this._debug;
  }

  setDebug(enabled: boolean): void {
    this._debug = Boolean(enabled);
  }

  stop(): void {
    this._stopping = true;
  }

  close(): void {
    if (this._running) throw new RuntimeError('Cannot close a running event loop');
    this._closed = true;
  }

  runForever(): void {
    this._checkClosed();
    this._checkRunning();
    const previous = runningLoop;
    this._running = true;
    this._everRan = true;
    runningLoop = this;
    try {
      for (;;) {
        this._runOnce();
        if (this._stopping) break;
      }
    } finally {
      this._stopping = false;
      this._running = false;
      runningLoop = previous;
    }
  }

  runUntilComplete(future: unknown): unknown {
    this._checkClosed();
    this._checkRunning();
    const isNewTask = !(future instanceof Future);
    const fut = ensureFuture(future, { loop: this });
    if (isNewTask && fut instanceof Task) fut._logDestroyPending = false;
    const stopLoop = (): void => this.stop();
    fut.addDoneCallback(stopLoop);
    try {
      this.runForever();
    } finally {
      fut.removeDoneCallback(stopLoop);
    }
    if (!fut.done()) throw new RuntimeError('Event loop stopped before Future completed.');
    return fut.result();
  }

  /** Runs until nothing is ready or scheduled: how a JavaScript host finishes its timers
   * and promises. Used only for loops the program never ran itself. */
  _runUntilIdle(): void {
    const previous = runningLoop;
    this._running = true;
    runningLoop = this;
    try {
      while (this._ready.length > 0 || this._nextTimer()) this._runOnce();
    } finally {
      this._running = false;
      runningLoop = previous;
    }
  }

  callExceptionHandler(context: { message: string; exception?: unknown }): void {
    if (this._exceptionHandler) {
      this._exceptionHandler(this, context);
      return;
    }
    const exc = context.exception;
    const detail = exc instanceof Error ? `${exc.name}: ${exc.message}` : exc === undefined ? '' : repr(exc);
    warn(
      'callback-exception',
      detail ? `${context.message}: ${detail}` : context.message,
      firstProgramSite(exc as never),
    );
  }

  setExceptionHandler(handler: ((loop: EventLoop, context: Record<string, unknown>) => void) | null): void {
    this._exceptionHandler = handler;
  }

  getExceptionHandler(): unknown {
    return this._exceptionHandler;
  }

  /** The earliest timer that is not cancelled, dropping cancelled ones from the heap top. */
  _nextTimer(): TimerHandle | undefined {
    let timer = this._scheduled.peek();
    while (timer && timer._cancelled) {
      this._scheduled.pop();
      timer = this._scheduled.peek();
    }
    return timer;
  }

  /** One iteration: wait (advance the virtual clock) for the first timer when nothing is
   * ready, move due timers to the ready queue, then run the callbacks ready now. */
  _runOnce(): void {
    if (this._ready.length === 0 && !this._stopping) {
      // Wait (virtually) for the first timer, or for a pool worker to start a queued job,
      // whose completion may come first. Nothing to wait for is a deadlock.
      const nextNs = Math.min(this._nextTimer()?._whenNs ?? Infinity, scheduledWork.nextStartNs());
      if (nextNs === Infinity) abort(new RunAborted('deadlock', 'deadlock', undefined, describeDeadlock(this)));
      advanceClockTo(nextNs);
    }
    for (let timer = this._nextTimer(); timer && timer._whenNs <= clock.nowNs; timer = this._nextTimer()) {
      this._scheduled.pop();
      this._ready.push(timer);
    }
    for (let todo = this._ready.length; todo > 0; todo--) {
      const handle = this._ready.shift() as Handle;
      if (handle._cancelled) continue;
      const startNs = clock.nowNs;
      blocking.site = undefined;
      countCallback();
      handle._run();
      checkAborted();
      if (clock.nowNs - startNs >= SLOW_CALLBACK_NS) {
        const seconds = ((clock.nowNs - startNs) / 1e9).toFixed(3);
        warn('blocking-call', `Executing ${handle} took ${seconds} seconds`, firstProgramSite(blocking.site));
      }
    }
  }

  _checkClosed(): void {
    if (this._closed) throw new RuntimeError('Event loop is closed');
  }

  _checkRunning(): void {
    if (this._running) throw new RuntimeError('This event loop is already running');
    if (runningLoop !== null) throw new RuntimeError('Cannot run the event loop while another loop is running');
  }

  toString(): string {
    return `<${this._className} running=${this._running} closed=${this._closed} debug=${this._debug}>`;
  }
}

function checkNumber(value: unknown, what: string): void {
  if (typeof value !== 'number' || Number.isNaN(value)) {
    throw new TypeError(`${what} must be a number, not ${repr(value)}`);
  }
}

// ---- The policy and the running loop (asyncio.events) ---------------------------------------

/** The current event loop policy (asyncio.DefaultEventLoopPolicy, or uvloop's). */
export class EventLoopPolicy {
  _loop: EventLoop | null = null;
  _setCalled = false;

  getEventLoop(): EventLoop {
    if (this._loop === null && !this._setCalled) this.setEventLoop(this.newEventLoop());
    if (this._loop === null) throw new RuntimeError("There is no current event loop in thread 'MainThread'.");
    return this._loop;
  }

  setEventLoop(loop: EventLoop | null): void {
    this._setCalled = true;
    if (loop !== null && !(loop instanceof EventLoop)) {
      throw new TypeError(
        `loop must be an instance of AbstractEventLoop or None, not '${(loop as object)?.constructor?.name ?? typeof loop}'`,
      );
    }
    this._loop = loop;
  }

  newEventLoop(): EventLoop {
    return new EventLoop();
  }
}

let policy = new EventLoopPolicy();

export function getEventLoopPolicy(): EventLoopPolicy {
  return policy;
}

export function setEventLoopPolicy(newPolicy: EventLoopPolicy | null): void {
  if (newPolicy !== null && !(newPolicy instanceof EventLoopPolicy)) {
    throw new TypeError(`policy must be an instance of AbstractEventLoopPolicy or None, not '${repr(newPolicy)}'`);
  }
  policy = newPolicy ?? new EventLoopPolicy();
}

/** The running loop, or null (asyncio._get_running_loop). */
/** The running loop, or null: loops run on the main thread, never on a pool worker. */
export function peekRunningLoop(): EventLoop | null {
  return onWorkerThread() ? null : runningLoop;
}

export function getRunningLoop(): EventLoop {
  const loop = peekRunningLoop();
  if (loop === null) throw new RuntimeError('no running event loop');
  return loop;
}

export function getEventLoop(): EventLoop {
  return runningLoop ?? policy.getEventLoop();
}

export function setEventLoop(loop: EventLoop | null): void {
  policy.setEventLoop(loop);
}

export function newEventLoop(): EventLoop {
  return policy.newEventLoop();
}

/** The loop that JavaScript callbacks (promises, timers) go to: the running loop, else the
 * current one, else a fresh loop that is drained when the program's top level returns. */
export function loopForCallbacks(): EventLoop {
  if (runningLoop) return runningLoop;
  if (policy._loop !== null || !policy._setCalled) return policy.getEventLoop();
  return (callbackLoop ??= new EventLoop());
}
let callbackLoop: EventLoop | undefined;
