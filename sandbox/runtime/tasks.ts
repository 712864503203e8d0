import { Coroutine, DONE, SLEEP0, type StepResult, coroutineFunction, markCoroutineFunction } from './coroutines.ts';
import { CancelledError, RuntimeError, TimeoutError, ValueError } from './exceptions.ts';
import {
  EventLoop,
  getEventLoop,
  getRunningLoop,
  newEventLoop,
  peekRunningLoop,
  setEventLoop,
  TimerHandle,
} from './events.ts';
import { Future, internalFuture, isFuture } from './futures.ts';
import { repr } from './inspect.ts';
import { isOptions } from './mixins.ts';
import {
  RunAborted,
  type Site,
  type StackHolder,
  aborted,
  captureSite,
  clock,
  context,
  detailSpan,
  detailSpansLeft,
  firstProgramSite,
  secondsToNs,
  timeline,
} from './state.ts';
import { shutdownDefaultExecutor } from './executors.ts';
import type { Deadlock, Span } from '../result.ts';

export interface TaskOptions {
  name?: string;
  loop?: EventLoop;
}

/** The arguments of a plain task step, shared rather than allocated per step. */
const NO_ARGS: readonly unknown[] = Object.freeze([]);

let taskNameCounter = 0;
export let tasksCreated = 0;
/** Tasks not yet done, per loop (asyncio's `_scheduled_tasks`, minus the weak references). */
const liveTasks = new Set<Task>();

/**
 * asyncio.Task: drives a coroutine on the loop. `__step` and `__wakeup` follow CPython's
 * tasks.py: a step runs the coroutine until it waits on a Future, then the Future's done
 * callback schedules the next step.
 */
export class Task<T = unknown> extends Future<T> {
  _coro: Coroutine;
  _name: string;
  _mustCancel = false;
  _futWaiter: Future | null = null;
  _numCancelsRequested = 0;
  _logDestroyPending = true;
  _span: Span;
  /** The open await span while the task waits on a future (timeline). */
  _awaitSpan: Span | null = null;

  constructor(coro: Coroutine, options: TaskOptions = {}) {
    super({ loop: options.loop ?? getEventLoop() });
    if (!(coro instanceof Coroutine)) {
      this._logDestroyPending = false;
      throw new TypeError(`a coroutine was expected, got ${repr(coro)}`);
    }
    coro._claim();
    this._coro = coro;
    this._name = options.name === undefined ? `Task-${++taskNameCounter}` : String(options.name);
    this._span = { kind: 'task', name: this._name, start: clock.seconds(), end: null, state: 'pending' };
    timeline.push(this._span);
    tasksCreated++;
    liveTasks.add(this);
    this.getLoop()._callSoon(this.__step, NO_ARGS, this);
  }

  getName(): string {
    return this._name;
  }

  setName(name: unknown): void {
    this._name = String(name);
    this._span.name = this._name;
  }

  getCoro(): Coroutine {
    return this._coro;
  }

  cancelling(): number {
    return this._numCancelsRequested;
  }

  uncancel(): number {
    if (this._numCancelsRequested > 0) this._numCancelsRequested--;
    return this._numCancelsRequested;
  }

  override cancel(msg?: string): boolean {
    this._clearLog();
    if (this.done()) return false;
    this._numCancelsRequested++;
    if (this._futWaiter !== null && this._futWaiter.cancel(msg)) return true;
    this._mustCancel = true;
    this._cancelMessage = msg;
    return true;
  }

  override setResult(): never {
    throw new RuntimeError('Task does not support set_result operation');
  }

  override setException(): never {
    throw new RuntimeError('Task does not support set_exception operation');
  }

  override _scheduleCallbacks(): void {
    liveTasks.delete(this);
    this._span.end = clock.seconds();
    this._span.state = this._state === 'CANCELLED' ? 'cancelled' : this._exception !== undefined ? 'error' : 'done';
    super._scheduleCallbacks();
  }

  // Arrow functions: the loop calls them without a receiver, as CPython binds methods.
  __step = (exc?: unknown): void => {
    if (this.done()) throw new InvalidStepError(`_step(): already done: ${this}, ${repr(exc)}`);
    if (this._mustCancel) {
      if (!(exc instanceof CancelledError)) exc = this._makeCancelledError();
      this._mustCancel = false;
    }
    this._futWaiter = null;
    const waited = this._awaitSpan;
    if (waited !== null) {
      waited.end = clock.seconds();
      waited.state = exc instanceof CancelledError ? 'cancelled' : 'done';
      this._awaitSpan = null;
    }
    const loop = this.getLoop();
    enterTask(loop, this);
    let result: StepResult;
    try {
      result = exc === undefined ? this._coro._step(false, undefined) : this._coro._step(true, exc);
    } catch (error) {
      leaveTask(loop, this);
      if (error instanceof RunAborted) throw error;
      if (error instanceof CancelledError) {
        super.cancel(error.message || undefined);
      } else {
        Future.prototype.setException.call(this, error);
      }
      return;
    }
    leaveTask(loop, this);
    if (result === DONE) {
      if (this._mustCancel) {
        this._mustCancel = false;
        super.cancel(this._cancelMessage);
      } else {
        Future.prototype.setResult.call(this, this._coro._value);
      }
      return;
    }
    if (result === SLEEP0) {
      loop._callSoon(this.__step, NO_ARGS, this);
    } else if (result._loop !== null && result._loop !== loop) {
      loop._callSoon(
        this.__step,
        [new RuntimeError(`Task ${this} got Future ${result} attached to a different loop`)],
        this,
      );
    } else if (result === this) {
      loop._callSoon(this.__step, [new RuntimeError(`Task cannot await on itself: ${this}`)], this);
    } else {
      result._asyncioFutureBlocking = false;
      result.addDoneCallback(this.__wakeup);
      this._futWaiter = result;
      if (detailSpansLeft()) {
        this._awaitSpan = detailSpan({
          kind: 'await',
          name: this._name,
          detail: awaitedDescription(this, result),
          start: clock.seconds(),
          end: null,
          state: 'pending',
        });
      }
      if (this._mustCancel && result.cancel(this._cancelMessage)) this._mustCancel = false;
    }
  };

  __wakeup = (future: Future): void => {
    // The coroutine reads the future's result itself when it resumes (Future.__await__),
    // so only a cancellation or exception needs to be thrown in here.
    if (future.cancelled()) this.__step(future._makeCancelledError());
    else this.__step();
  };

  override toString(): string {
    const coro = `coro=<${this._coro.name}() ${this.done() ? 'done' : 'running'}>`;
    const state = this._state === 'PENDING' ? 'pending' : this._state === 'CANCELLED' ? 'cancelled' : 'finished';
    const outcome =
      this._state !== 'FINISHED'
        ? ''
        : this._exception !== undefined
          ? ` exception=${repr(this._exception)}`
          : ` result=${repr(this._result)}`;
    return `<Task ${state} name='${this._name}' ${coro}${outcome}>`;
  }
}

/** What a task waits for, for its await span: `sleep(2)`, `Task 'Task-3'`, `Lock.acquire()`.
 * Outside the class: a class that names itself in its body gets renamed by the bundler. */
function awaitedDescription(task: Task, future: Future): string {
  if (future instanceof Task) return `Task '${future._name}'`;
  const named = (future as { _waitingFor?: string })._waitingFor;
  if (named) return named;
  const { coroutines } = task._coro._awaitChain();
  const innermost = coroutines[coroutines.length - 1];
  if (innermost instanceof SleepCoroutine) return `sleep(${String(innermost._delay)})`;
  if (future instanceof GatheringFuture) return 'gather(...)';
  return innermost ? `a Future awaited in ${innermost.name}()` : 'a Future';
}

/** Calling `__step` on a done task is a bug in the runtime, never in learner code. */
class InvalidStepError extends Error {}

function enterTask(loop: EventLoop, task: Task): void {
  if (loop._currentTask !== null) {
    throw new RuntimeError(`Cannot enter into task ${task} while another task ${loop._currentTask} is being executed.`);
  }
  loop._currentTask = task;
}

function leaveTask(loop: EventLoop, task: Task): void {
  if (loop._currentTask === task) loop._currentTask = null;
}

context.currentTaskName = () => peekRunningLoop()?._currentTask?._name ?? null;

// ---- Module functions (asyncio.tasks) --------------------------------------------------------

/** asyncio.current_task. */
export function currentTask(loop?: EventLoop): Task | null {
  return (loop ?? getRunningLoop())._currentTask;
}

/** asyncio.all_tasks: the loop's tasks that are not done. */
export function allTasks(loop?: EventLoop): Set<Task> {
  const target = loop ?? getRunningLoop();
  return new Set([...liveTasks].filter((task) => task._loop === target));
}

/** asyncio.create_task: needs a running loop, like CPython 3.7+. */
export function createTask(coro: Coroutine, options: { name?: string } = {}): Task {
  return getRunningLoop().createTask(coro, options);
}

/** asyncio.ensure_future: a Future stays as it is; a coroutine becomes a Task. */
export function ensureFuture(value: unknown, options: { loop?: EventLoop } = {}): Future {
  if (isFuture(value)) {
    if (options.loop && value._loop && value._loop !== options.loop) {
      throw new ValueError('The future belongs to a different loop than the one specified as the loop argument');
    }
    return value;
  }
  if (value instanceof Coroutine) return (options.loop ?? getEventLoop()).createTask(value);
  throw new TypeError('An asyncio.Future, a coroutine or an awaitable is required');
}

function releaseWaiter(waiter: Future): void {
  if (!waiter.done()) waiter.setResult(undefined);
}

function setResultUnlessCancelled(future: Future, result: unknown): void {
  if (!future.cancelled()) future.setResult(result);
}

/**
 * The timer of asyncio.sleep, CPython's `call_later(delay, futures._set_result_unless_cancelled,
 * future, result)`. A class of its own saves the arguments array (and the spread call) that
 * every sleep would otherwise cost.
 */
class SleepTimer extends TimerHandle {
  _future: Future;
  _result: unknown;

  constructor(whenNs: number, future: Future, result: unknown, loop: EventLoop) {
    super(whenNs, setResultUnlessCancelled, NO_ARGS, loop);
    this._future = future;
    this._result = result;
  }

  override _call(): void {
    setResultUnlessCancelled(this._future, this._result);
  }
}

/**
 * The coroutine of asyncio.sleep: CPython's `future = loop.create_future();
 * h = loop.call_later(delay, …); try: return await future; finally: h.cancel()`, written as a
 * step function because it is the hottest coroutine of most programs (a generator per sleep
 * costs a good part of a sleep's time).
 */
class SleepCoroutine extends Coroutine {
  _delay: unknown;
  _result: unknown;
  _timer: TimerHandle | null = null;

  constructor(delay: unknown, result: unknown, stack: StackHolder | undefined) {
    super(null, 'sleep', stack, false);
    this._delay = delay;
    this._result = result;
  }

  override _step(throwing: boolean, arg: unknown): StepResult {
    if (this._state === 'CLOSED' || this._state === 'RUNNING') return super._step(throwing, arg);
    if (this._state === 'CREATED') {
      this._state = 'CLOSED';
      if (throwing) throw arg;
      const delay = this._delay;
      if (typeof delay !== 'number' || Number.isNaN(delay)) {
        throw new TypeError(`delay must be a number, not ${repr(delay)}`);
      }
      if (delay <= 0) {
        this._state = 'SUSPENDED';
        return SLEEP0;
      }
      const loop = getRunningLoop();
      const future = internalFuture(loop);
      this._timer = loop._scheduleTimer(new SleepTimer(clock.nowNs + secondsToNs(delay), future, this._result, loop));
      this._awaiting = future;
      this._state = 'SUSPENDED';
      return future;
    }
    // Resumed: the future completed, or an exception (a cancellation) is thrown in.
    this._state = 'CLOSED';
    this._timer?.cancel();
    const future = this._awaiting;
    this._awaiting = null;
    if (throwing) throw arg;
    this._value = future ? future.result() : this._result;
    return DONE;
  }

  override close(): void {
    this._state = 'CLOSED';
    this._timer?.cancel();
  }
}

/** asyncio.sleep(delay, result): `sleep(0)` just gives way to other tasks once. */
export function sleep(delay: number, result?: unknown): Coroutine {
  return new SleepCoroutine(delay, result, captureSite(sleep));
}
markCoroutineFunction(sleep);

/** The future `gather` returns; cancelling it cancels every child (CPython's _GatheringFuture). */
class GatheringFuture extends Future<unknown[]> {
  _children: Future[];
  _cancelRequested = false;

  constructor(children: Future[], loop: EventLoop) {
    super({ loop });
    this._children = children;
  }

  override cancel(msg?: string): boolean {
    if (this.done()) return false;
    let cancelled = false;
    for (const child of this._children) if (child.cancel(msg)) cancelled = true;
    if (cancelled) this._cancelRequested = true;
    return cancelled;
  }

  override toString(): string {
    return `<_GatheringFuture ${this._stateText()}>`;
  }
}

/** asyncio.gather(*aws, return_exceptions=False): results in argument order. A trailing
 * options object carries `returnExceptions`. */
export function gather(...args: unknown[]): Future<unknown[]> {
  let returnExceptions = false;
  const last = args[args.length - 1];
  if (isOptions(last)) {
    returnExceptions = Boolean((last as { returnExceptions?: unknown }).returnExceptions);
    args.pop();
  }
  if (args.length === 0) {
    const outer = internalFuture(getEventLoop());
    outer.setResult([]);
    return outer as Future<unknown[]>;
  }
  const argToFuture = new Map<unknown, Future>();
  const children: Future[] = [];
  let loop: EventLoop | null = null;
  let finished = 0;
  let outer: GatheringFuture | null = null;
  const onChildDone = (fut: Future): void => {
    finished++;
    if (outer === null || outer.done()) {
      if (!fut.cancelled()) fut.exception();
      return;
    }
    if (!returnExceptions) {
      if (fut.cancelled()) {
        outer.setException(fut._makeCancelledError());
        return;
      }
      const exc = fut.exception();
      if (exc !== null) {
        outer.setException(exc);
        return;
      }
    }
    if (finished === argToFuture.size) {
      const results = children.map((child) => {
        if (child.cancelled()) return new CancelledError(child._cancelMessage ?? '');
        const exc = child.exception();
        return exc !== null ? exc : child.result();
      });
      if (outer._cancelRequested) outer.setException(fut._makeCancelledError());
      else outer.setResult(results);
    }
  };
  for (const arg of args) {
    let fut = argToFuture.get(arg);
    if (fut === undefined) {
      fut = ensureFuture(arg, loop ? { loop } : {});
      loop ??= fut.getLoop();
      if (fut !== arg && fut instanceof Task) fut._logDestroyPending = false;
      argToFuture.set(arg, fut);
      fut.addDoneCallback(onChildDone);
    }
    children.push(fut);
  }
  outer = new GatheringFuture(children, loop as EventLoop);
  return outer;
}

export const FIRST_COMPLETED = 'FIRST_COMPLETED';
export const FIRST_EXCEPTION = 'FIRST_EXCEPTION';
export const ALL_COMPLETED = 'ALL_COMPLETED';

/** asyncio.wait(fs, { timeout, returnWhen }) → [done, pending]: `done` in completion order,
 * `pending` in argument order. Bare coroutines are rejected, as in Python 3.11. */
export const wait = coroutineFunction(
  'wait',
  function* (fs: Iterable<unknown>, options: { timeout?: number | null; returnWhen?: string } = {}) {
    if (isFuture(fs) || fs instanceof Coroutine) {
      throw new TypeError(`expect a list of futures, not ${(fs as object).constructor.name}`);
    }
    const items = [...fs];
    if (items.length === 0) throw new ValueError('Set of Tasks/Futures is empty.');
    const returnWhen = options.returnWhen ?? ALL_COMPLETED;
    if (![FIRST_COMPLETED, FIRST_EXCEPTION, ALL_COMPLETED].includes(returnWhen)) {
      throw new ValueError(`Invalid return_when value: ${returnWhen}`);
    }
    if (items.some((f) => f instanceof Coroutine)) {
      throw new TypeError('Passing coroutines is forbidden, use tasks explicitly.');
    }
    const loop = getRunningLoop();
    const futures = [...new Set(items.map((f) => ensureFuture(f, { loop })))];
    const timeout = options.timeout ?? null;

    let remaining = futures.length;
    const waiter = internalFuture(loop);
    let timer: TimerHandle | null = null;
    if (timeout !== null) timer = loop.callLater(timeout, releaseWaiter, waiter);
    const onCompletion = (f: Future): void => {
      remaining--;
      if (
        remaining <= 0 ||
        returnWhen === FIRST_COMPLETED ||
        (returnWhen === FIRST_EXCEPTION && !f.cancelled() && f.exception() !== null)
      ) {
        timer?.cancel();
        releaseWaiter(waiter);
      }
    };
    for (const f of futures) f.addDoneCallback(onCompletion);
    try {
      yield waiter;
    } finally {
      timer?.cancel();
      for (const f of futures) f.removeDoneCallback(onCompletion);
    }
    const done = futures.filter((f) => f.done()).sort((a, b) => a._doneSequence - b._doneSequence);
    const pending = futures.filter((f) => !f.done());
    return [new Set(done), new Set(pending)];
  },
);

function* cancelAndWait(fut: Future, loop: EventLoop): Generator<unknown, void, unknown> {
  const waiter = internalFuture(loop);
  const release = (): void => releaseWaiter(waiter);
  fut.addDoneCallback(release);
  try {
    fut.cancel();
    yield waiter;
  } finally {
    fut.removeDoneCallback(release);
  }
}

/** asyncio.wait_for(aw, timeout): CPython 3.11's implementation, step for step. */
export const waitFor = coroutineFunction('wait_for', function* (aw: unknown, timeout: number | null | undefined) {
  const loop = getRunningLoop();
  if (timeout === null || timeout === undefined) return yield aw;
  if (timeout <= 0) {
    const fut = ensureFuture(aw, { loop });
    if (fut.done()) return fut.result();
    yield* cancelAndWait(fut, loop);
    try {
      return fut.result();
    } catch (exc) {
      if (exc instanceof CancelledError) throw new TimeoutError();
      throw exc;
    }
  }
  const waiter = internalFuture(loop);
  const timer = loop.callLater(timeout, releaseWaiter, waiter);
  const release = (): void => releaseWaiter(waiter);
  const fut = ensureFuture(aw, { loop });
  fut.addDoneCallback(release);
  try {
    try {
      yield waiter;
    } catch (exc) {
      if (exc instanceof CancelledError) {
        if (fut.done()) return fut.result();
        fut.removeDoneCallback(release);
        yield* cancelAndWait(fut, loop);
      }
      throw exc;
    }
    if (fut.done()) return fut.result();
    fut.removeDoneCallback(release);
    yield* cancelAndWait(fut, loop);
    try {
      return fut.result();
    } catch (exc) {
      if (exc instanceof CancelledError) throw new TimeoutError();
      throw exc;
    }
  } finally {
    timer.cancel();
  }
});

// ---- asyncio.run (asyncio.runners) ------------------------------------------------------------

const shutdownAsyncgens = coroutineFunction('shutdown_asyncgens', function* () {});

/** asyncio.run(main): a new loop, run `main` to completion, cancel what is left, close.
 * Shutting down runs two more coroutines as tasks, which CPython's task names count. */
export function run(main: unknown, options: { debug?: boolean } = {}): unknown {
  if (peekRunningLoop() !== null) {
    throw new RuntimeError('asyncio.run() cannot be called from a running event loop');
  }
  if (!(main instanceof Coroutine)) throw new ValueError(`a coroutine was expected, got ${repr(main)}`);
  if (aborted !== null) {
    // After a limit or deadlock the run is over: a program that caught the error and calls
    // asyncio.run again gets it again, without a loop and a task kept for each call (closed,
    // its coroutine is not reported as never awaited either, as in CPython).
    main.close();
    throw aborted;
  }
  const loop = newEventLoop();
  setEventLoop(loop);
  if (options.debug) loop.setDebug(true);
  try {
    const task = loop.createTask(main);
    return loop.runUntilComplete(task);
  } finally {
    try {
      // After a limit or deadlock nothing more may run; the run is over.
      if (aborted === null) shutdown(loop);
    } finally {
      setEventLoop(null);
      loop.close();
    }
  }
}

function shutdown(loop: EventLoop): void {
  cancelAllTasks(loop);
  loop.runUntilComplete(shutdownAsyncgens());
  loop.runUntilComplete(shutdownDefaultExecutor(loop));
}

function cancelAllTasks(loop: EventLoop): void {
  const toCancel = allTasks(loop);
  if (toCancel.size === 0) return;
  for (const task of toCancel) task.cancel();
  loop.runUntilComplete(gather(...toCancel, { returnExceptions: true }));
  for (const task of toCancel) {
    if (task.cancelled()) continue;
    const exc = task.exception();
    if (exc !== null) {
      loop.callExceptionHandler({ message: 'unhandled exception during asyncio.run() shutdown', exception: exc });
    }
  }
}

// ---- Diagnostics ----------------------------------------------------------------------------

/** Describes, for every unfinished task of an idle loop, what it waits for and where. */
export function describeDeadlock(loop: EventLoop): Deadlock {
  const tasks = [...liveTasks].filter((task) => task._loop === loop);
  const waiting = tasks.map((task) => {
    const { coroutines, future } = task._coro._awaitChain();
    const innermost = coroutines[coroutines.length - 1] as Coroutine;
    let awaits = 'nothing (it was never scheduled)';
    let site: Site | undefined = innermost.site();
    if (future instanceof Task) {
      awaits = `Task '${future._name}'`;
    } else if (future) {
      awaits = describeFuture(future);
      site = firstProgramSite(future._site) ?? site;
    }
    return { task: task._name, awaits, ...(site ?? {}) };
  });
  const main = waiting[0];
  const message =
    waiting.length === 0
      ? 'deadlock: the event loop is waiting but no task, timer or callback is left to run'
      : `deadlock: every task is waiting and nothing is left that could wake one up` +
        (main ? ` (${main.task} waits for ${main.awaits})` : '');
  return { message, tasks: waiting };
}

function describeFuture(future: Future): string {
  const kind = (future as { _waitingFor?: string })._waitingFor;
  if (kind) return kind;
  if (future instanceof GatheringFuture) return 'gather(...) of unfinished tasks';
  return 'a Future that nothing resolves';
}

/** Tasks still pending when the program ends: CPython's "Task was destroyed but it is pending!". */
export function pendingTasks(): Task[] {
  return [...liveTasks].filter((task) => task._logDestroyPending);
}
