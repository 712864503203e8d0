/**
 * asyncio's synchronisation primitives, after CPython 3.11's locks.py: Lock, Event,
 * Condition, Semaphore, BoundedSemaphore. Waiters are served first come, first served; a
 * waiter that was woken keeps its place against tasks that arrive before it runs.
 *
 * Each coroutine method is a method returning a runtime coroutine, named as CPython's
 * `__qualname__` ("coroutine 'Lock.acquire' was never awaited").
 */
import { type Coroutine, coroutineFunction, markCoroutineFunction } from './coroutines.ts';
import { CancelledError, RuntimeError, ValueError } from './exceptions.ts';
import type { Future } from './futures.ts';
import { RunAborted } from './state.ts';
import { LoopBound, Waiters, address, isOptions, keepNames, typeName, waiterFuture } from './mixins.ts';

/** The `<asyncio.locks.X object at 0x… [extra]>` repr of the primitives. */
function lockRepr(obj: object, extra: string, waiters: Waiters<Future> | null): string {
  const count = waiters?.length ?? 0;
  const detail = count > 0 ? `${extra}, waiters:${count}` : extra;
  return `<asyncio.locks.${obj.constructor.name} object at ${address(obj)} [${detail}]>`;
}

// ---- _ContextManagerMixin: `asyncWith(lock, …)` acquires, runs the body, releases ----------

interface Acquirable {
  acquire(): unknown;
  release(): void;
}

const acquireForWith = coroutineFunction('_ContextManagerMixin.__aenter__', function* (self: Acquirable) {
  yield self.acquire();
  // There is no use for the value of `async with lock as x`.
  return undefined;
});

const releaseForWith = coroutineFunction('_ContextManagerMixin.__aexit__', function* (self: Acquirable) {
  self.release();
  return undefined;
});

// ---- Lock ------------------------------------------------------------------------------------

/** asyncio.Lock: held by at most one task; `release` on an unlocked lock is an error. */
export class Lock extends LoopBound {
  _waiters: Waiters<Future> | null = null;
  _locked = false;

  locked(): boolean {
    return this._locked;
  }

  acquire(): Coroutine {
    return lockAcquire(this);
  }

  release(): void {
    if (!this._locked) throw new RuntimeError('Lock is not acquired.');
    this._locked = false;
    this._wakeUpFirst();
  }

  /** Wakes the first waiter unless it is already woken: that one takes the lock, or, if it
   * was cancelled meanwhile, passes the wake-up on. */
  _wakeUpFirst(): void {
    const future = this._waiters?.first();
    if (future !== undefined && !future.done()) future.setResult(true);
  }

  __aenter__(): Coroutine {
    return acquireForWith(this);
  }

  __aexit__(): Coroutine {
    return releaseForWith(this);
  }

  override toString(): string {
    return lockRepr(this, this._locked ? 'locked' : 'unlocked', this._waiters);
  }
}

const lockAcquire = coroutineFunction('Lock.acquire', function* (lock: Lock) {
  // Free, and nobody (not cancelled) queued before us: take it without waiting.
  if (!lock._locked && (lock._waiters === null || !lock._waiters.some((w) => !w.cancelled()))) {
    lock._locked = true;
    return true;
  }
  lock._waiters ??= new Waiters();
  const future = waiterFuture(lock._getLoop(), 'Lock.acquire()');
  lock._waiters.push(future);
  try {
    try {
      yield future;
    } finally {
      lock._waiters.remove(future);
    }
  } catch (exc) {
    // Woken and cancelled before taking the lock: pass the wake-up to the next waiter.
    if (exc instanceof CancelledError && !lock._locked) lock._wakeUpFirst();
    throw exc;
  }
  lock._locked = true;
  return true;
});

// ---- Event -----------------------------------------------------------------------------------

/** asyncio.Event: `wait()` blocks until `set()`; `clear()` makes later waits block again. */
export class Event extends LoopBound {
  _waiters = new Waiters<Future>();
  _value = false;
  /** What a task blocked in `wait()` waits for, in deadlock reports (Queue.join uses one). */
  _waitingFor = 'Event.wait()';

  isSet(): boolean {
    return this._value;
  }

  set(): void {
    if (this._value) return;
    this._value = true;
    for (const future of this._waiters) if (!future.done()) future.setResult(true);
  }

  clear(): void {
    this._value = false;
  }

  wait(): Coroutine {
    return eventWait(this);
  }

  override toString(): string {
    return lockRepr(this, this._value ? 'set' : 'unset', this._waiters);
  }
}

const eventWait = coroutineFunction('Event.wait', function* (event: Event) {
  if (event._value) return true;
  const future = waiterFuture(event._getLoop(), event._waitingFor);
  event._waiters.push(future);
  try {
    yield future;
    return true;
  } finally {
    event._waiters.remove(future);
  }
});

// ---- Condition -------------------------------------------------------------------------------

/** asyncio.Condition(lock?): `wait()` releases the lock until notified, then takes it back. */
export class Condition extends LoopBound {
  _lock: Lock;
  _waiters = new Waiters<Future>();

  constructor(lock?: Lock | null | { lock?: Lock | null }) {
    super();
    const given = isOptions(lock) ? lock.lock : lock;
    this._lock = given ?? new Lock();
  }

  locked(): boolean {
    return this._lock.locked();
  }

  acquire(): Coroutine {
    return this._lock.acquire();
  }

  release(): void {
    this._lock.release();
  }

  wait(): Coroutine {
    return conditionWait(this);
  }

  /** Waits until `predicate()` is truthy, checking it first and after every wake-up. */
  waitFor<T>(predicate: () => T): Coroutine {
    return conditionWaitFor(this, predicate);
  }

  /** Wakes up to `n` waiters; they run once they have taken the lock back. */
  notify(n = 1): void {
    if (!this.locked()) throw new RuntimeError('cannot notify on un-acquired lock');
    let woken = 0;
    for (const future of this._waiters) {
      if (woken >= n) break;
      if (!future.done()) {
        woken++;
        future.setResult(false);
      }
    }
  }

  notifyAll(): void {
    this.notify(this._waiters.length);
  }

  __aenter__(): Coroutine {
    return acquireForWith(this);
  }

  __aexit__(): Coroutine {
    return releaseForWith(this);
  }

  override toString(): string {
    return lockRepr(this, this.locked() ? 'locked' : 'unlocked', this._waiters);
  }
}

const conditionWait = coroutineFunction('Condition.wait', function* (cond: Condition) {
  if (!cond.locked()) throw new RuntimeError('cannot wait on un-acquired lock');
  cond.release();
  let failure: { error: unknown } | null = null;
  try {
    const future = waiterFuture(cond._getLoop(), 'Condition.wait()');
    cond._waiters.push(future);
    try {
      yield future;
    } finally {
      cond._waiters.remove(future);
    }
  } catch (exc) {
    if (exc instanceof RunAborted) throw exc;
    failure = { error: exc };
  }
  // The lock must be taken back even when the wait is cancelled (CPython's `finally`).
  let cancelled = false;
  for (;;) {
    try {
      yield cond.acquire();
      break;
    } catch (exc) {
      if (!(exc instanceof CancelledError)) throw exc;
      cancelled = true;
    }
  }
  if (cancelled) throw new CancelledError();
  if (failure !== null) throw failure.error;
  return true;
});

const conditionWaitFor = coroutineFunction('Condition.wait_for', function* (cond: Condition, predicate: () => unknown) {
  let result = predicate();
  while (!result) {
    yield cond.wait();
    result = predicate();
  }
  return result;
});

// ---- Semaphore, BoundedSemaphore ---------------------------------------------------------------

/** asyncio.Semaphore(value = 1): at most `value` holders at once. */
export class Semaphore extends LoopBound {
  _waiters: Waiters<Future> | null = null;
  _value: number;

  constructor(value: number | { value?: number } = 1) {
    super();
    const initial = isOptions(value) ? (value.value ?? 1) : value;
    if (typeof initial !== 'number' || Number.isNaN(initial)) {
      throw new TypeError(`'<' not supported between instances of '${typeName(initial)}' and 'int'`);
    }
    if (initial < 0) throw new ValueError('Semaphore initial value must be >= 0');
    this._value = initial;
  }

  /** True when `acquire()` would wait: no slot free, or tasks (not cancelled) queued for one. */
  locked(): boolean {
    return this._value === 0 || (this._waiters?.some((w) => !w.cancelled()) ?? false);
  }

  acquire(): Coroutine {
    return semaphoreAcquire(this);
  }

  release(): void {
    this._value++;
    this._wakeUpNext();
  }

  /** Hands a free slot to the first waiter not yet woken; the slot is taken on its behalf
   * at once, so no task arriving before it runs can take it (the 3.11.1 fairness fix). */
  _wakeUpNext(): void {
    if (this._waiters === null) return;
    for (const future of this._waiters) {
      if (!future.done()) {
        this._value--;
        future.setResult(true);
        return;
      }
    }
  }

  __aenter__(): Coroutine {
    return acquireForWith(this);
  }

  __aexit__(): Coroutine {
    return releaseForWith(this);
  }

  override toString(): string {
    return lockRepr(this, this.locked() ? 'locked' : `unlocked, value:${this._value}`, this._waiters);
  }
}

const semaphoreAcquire = coroutineFunction('Semaphore.acquire', function* (sem: Semaphore) {
  if (!sem.locked()) {
    sem._value--;
    return true;
  }
  sem._waiters ??= new Waiters();
  const future = waiterFuture(sem._getLoop(), `${sem.constructor.name}.acquire()`);
  sem._waiters.push(future);
  try {
    try {
      yield future;
    } finally {
      sem._waiters.remove(future);
    }
  } catch (exc) {
    // Cancelled after a release woke us: give the slot taken for us to the next waiter.
    if (exc instanceof CancelledError && !future.cancelled()) {
      sem._value++;
      sem._wakeUpNext();
    }
    throw exc;
  }
  if (sem._value > 0) sem._wakeUpNext();
  return true;
});

/** asyncio.BoundedSemaphore: releasing more often than acquiring is an error. */
export class BoundedSemaphore extends Semaphore {
  _boundValue: number;

  constructor(value: number | { value?: number } = 1) {
    super(value);
    this._boundValue = this._value;
  }

  override release(): void {
    if (this._value >= this._boundValue) throw new ValueError('BoundedSemaphore released too many times');
    super.release();
  }
}

for (const cls of [Lock, Event, Condition, Semaphore]) {
  for (const name of ['acquire', 'wait', 'waitFor', '__aenter__', '__aexit__'] as const) {
    const method = (cls.prototype as unknown as Record<string, unknown>)[name];
    if (typeof method === 'function') markCoroutineFunction(method);
  }
}

keepNames({ Lock, Event, Condition, Semaphore, BoundedSemaphore });
