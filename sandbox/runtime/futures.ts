import { CancelledError, InvalidStateError } from './exceptions.ts';
import { type EventLoop, getEventLoop, loopForCallbacks } from './events.ts';
import { type StackHolder, captureSite } from './state.ts';
import { repr } from './inspect.ts';

type FutureState = 'PENDING' | 'CANCELLED' | 'FINISHED';
type DoneCallback = (future: any) => unknown;

/** Futures whose exception nobody has looked at yet ("exception was never retrieved"). */
export const unretrieved = new Set<Future>();

let completionSequence = 0;
/** Creates a future for the runtime's own use, skipping the creation site that learner-made
 * futures record for deadlock reports. */
export function internalFuture(loop: EventLoop): Future {
  return new Future({ loop }, false);
}

/**
 * asyncio.Future: a result that will exist later. Callbacks are scheduled on the loop with
 * call_soon when it completes, never called synchronously, as in CPython's futures.py.
 */
export class Future<T = unknown> {
  _state: FutureState = 'PENDING';
  _result: T | undefined = undefined;
  _exception: unknown = undefined;
  /** The first done callback, in a field of its own as in CPython's C Future
   * (`fut_callback0`): nearly every future gets exactly one (the wakeup of the Task awaiting
   * it), and an array per future would be most of a future's memory. */
  _callback0: DoneCallback | null = null;
  /** The callbacks after the first, in the order added; null until there is one. */
  _callbacks: DoneCallback[] | null = null;
  _cancelMessage: string | undefined = undefined;
  /** Set while a Task waits on this future (CPython's `_asyncio_future_blocking`). */
  _asyncioFutureBlocking = false;
  /** Order of completion across the program: `asyncio.wait` reports `done` in this order. */
  _doneSequence = 0;
  /** Where learner code created it, for deadlock reports. */
  _site: StackHolder | undefined;
  /** Null for promises, which belong to whichever loop runs when they settle. */
  _loop: EventLoop | null;

  constructor(options: { loop?: EventLoop | null } = {}, recordSite = true) {
    this._loop = options.loop === undefined ? getEventLoop() : options.loop;
    if (recordSite) this._site = captureSite(new.target);
  }

  getLoop(): EventLoop {
    return this._loop ?? loopForCallbacks();
  }

  cancel(msg?: string): boolean {
    this._clearLog();
    if (this._state !== 'PENDING') return false;
    this._state = 'CANCELLED';
    this._cancelMessage = msg;
    this._scheduleCallbacks();
    return true;
  }

  cancelled(): boolean {
    return this._state === 'CANCELLED';
  }

  done(): boolean {
    return this._state !== 'PENDING';
  }

  result(): T {
    if (this._state === 'CANCELLED') throw this._makeCancelledError();
    if (this._state !== 'FINISHED') throw new InvalidStateError('Result is not set.');
    this._clearLog();
    if (this._exception !== undefined) throw this._exception;
    return this._result as T;
  }

  exception(): unknown {
    if (this._state === 'CANCELLED') throw this._makeCancelledError();
    if (this._state !== 'FINISHED') throw new InvalidStateError('Exception is not set.');
    this._clearLog();
    return this._exception ?? null;
  }

  addDoneCallback(fn: DoneCallback): void {
    if (this._state !== 'PENDING') this.getLoop()._callSoon(fn, [this]);
    // The slot is for the first callback only: once a later one is listed, a callback added
    // after removing the first still runs after the listed ones, as in futures.py.
    else if (this._callback0 === null && this._callbacks === null) this._callback0 = fn;
    else (this._callbacks ??= []).push(fn);
  }

  removeDoneCallback(fn: DoneCallback): number {
    let removed = 0;
    if (this._callback0 !== null && this._callback0 === fn) {
      this._callback0 = null;
      removed++;
    }
    if (this._callbacks !== null) {
      const kept = this._callbacks.filter((cb) => cb !== fn);
      removed += this._callbacks.length - kept.length;
      this._callbacks = kept.length > 0 ? kept : null;
    }
    return removed;
  }

  setResult(result: T): void {
    if (this._state !== 'PENDING') throw new InvalidStateError('invalid state');
    this._result = result;
    this._state = 'FINISHED';
    this._scheduleCallbacks();
  }

  setException(exception: unknown): void {
    if (this._state !== 'PENDING') throw new InvalidStateError('invalid state');
    if (exception === undefined || exception === null) throw new TypeError('exception must be an error, not None');
    this._exception = exception;
    this._state = 'FINISHED';
    unretrieved.add(this);
    this._scheduleCallbacks();
  }

  _clearLog(): void {
    // Only a future with an exception is ever listed; most futures never have one.
    if (this._exception !== undefined) unretrieved.delete(this);
  }

  _makeCancelledError(): Error {
    return new CancelledError(this._cancelMessage ?? '');
  }

  _scheduleCallbacks(): void {
    this._doneSequence = ++completionSequence;
    const callback0 = this._callback0;
    const callbacks = this._callbacks;
    if (callback0 === null && callbacks === null) return;
    this._callback0 = null;
    this._callbacks = null;
    const loop = this.getLoop();
    if (callback0 !== null) loop._callSoon(callback0, [this]);
    if (callbacks !== null) for (const callback of callbacks) loop._callSoon(callback, [this]);
  }

  _stateText(): string {
    if (this._state === 'PENDING') return 'pending';
    if (this._state === 'CANCELLED') return 'cancelled';
    return this._exception !== undefined
      ? `finished exception=${repr(this._exception)}`
      : `finished result=${repr(this._result)}`;
  }

  toString(): string {
    return `<Future ${this._stateText()}>`;
  }
}

/** asyncio.isfuture: an object that follows the Future protocol. */
export function isFuture(value: unknown): value is Future {
  return value instanceof Future;
}
