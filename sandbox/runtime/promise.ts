import { type Handle, loopForCallbacks } from './events.ts';
import { Future, isFuture, unretrieved } from './futures.ts';

type Executor<T> = (resolve: (value: T | PromiseLike<T>) => void, reject: (reason?: unknown) => void) => void;

/**
 * The sandbox's Promise: a Future whose reactions run as callbacks on the event loop, so
 * promises, timers and tasks share one deterministic schedule. A task awaiting a promise
 * waits on it as on any Future.
 */
export class SandboxPromise<T = unknown> extends Future<T> {
  constructor(executor: Executor<T>) {
    super({ loop: null });
    if (typeof executor !== 'function') throw new TypeError(`Promise resolver ${String(executor)} is not a function`);
    let settled = false;
    const resolve = (value: T | PromiseLike<T>): void => {
      if (settled) return;
      settled = true;
      this._resolveWith(value);
    };
    const reject = (reason?: unknown): void => {
      if (settled) return;
      settled = true;
      this._rejectWith(reason);
    };
    try {
      executor(resolve, reject);
    } catch (exc) {
      reject(exc);
    }
  }

  _resolveWith(value: unknown): void {
    if (value === this) {
      this._rejectWith(new TypeError('Chaining cycle detected for promise #<Promise>'));
    } else if (isFuture(value)) {
      value.addDoneCallback((source: Future) => this._adopt(source));
    } else if (isThenable(value)) {
      loopForCallbacks().callSoon(() => {
        let called = false;
        try {
          value.then(
            (v: unknown) => {
              if (called) return;
              called = true;
              this._resolveWith(v);
            },
            (e: unknown) => {
              if (called) return;
              called = true;
              this._rejectWith(e);
            },
          );
        } catch (exc) {
          if (!called) this._rejectWith(exc);
        }
      });
    } else {
      this.setResult(value as T);
    }
  }

  _rejectWith(reason: unknown): void {
    // Future.set_exception refuses null; a promise may be rejected with anything.
    this._exception = reason === undefined || reason === null ? new RejectedWithNothing(reason) : reason;
    this._state = 'FINISHED';
    unretrieved.add(this);
    this._scheduleCallbacks();
  }

  _adopt(source: Future): void {
    if (source.cancelled()) return this._rejectWith(source._makeCancelledError());
    source._clearLog();
    if (source._exception !== undefined) this._rejectWith(unwrapReason(source._exception));
    else this.setResult(source._result as T);
  }

  then<R1 = T, R2 = never>(
    onFulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): SandboxPromise<R1 | R2> {
    const next = newPromise<R1 | R2>();
    this.addDoneCallback(() => {
      this._clearLog();
      const rejected = this.cancelled() || this._exception !== undefined;
      const handler = rejected ? onRejected : onFulfilled;
      const input = this.cancelled()
        ? this._makeCancelledError()
        : rejected
          ? unwrapReason(this._exception)
          : this._result;
      if (typeof handler !== 'function') {
        if (rejected) next._rejectWith(input);
        else next._resolveWith(input);
        return;
      }
      try {
        next._resolveWith((handler as (v: unknown) => unknown)(input));
      } catch (exc) {
        next._rejectWith(exc);
      }
    });
    return next;
  }

  catch<R = never>(onRejected?: ((reason: unknown) => R | PromiseLike<R>) | null): SandboxPromise<T | R> {
    return this.then(undefined, onRejected);
  }

  finally(onFinally?: (() => void) | null): SandboxPromise<T> {
    if (typeof onFinally !== 'function') return this.then();
    return this.then<T, never>(
      (value) => SandboxPromise.resolve(onFinally()).then(() => value),
      (reason) =>
        SandboxPromise.resolve(onFinally()).then(() => {
          throw reason;
        }),
    );
  }

  override toString(): string {
    return '[object Promise]';
  }

  static resolve<T>(value?: T | PromiseLike<T>): SandboxPromise<T> {
    if (value instanceof SandboxPromise) return value as SandboxPromise<T>;
    const promise = newPromise<T>();
    promise._resolveWith(value);
    return promise;
  }

  static reject<T = never>(reason?: unknown): SandboxPromise<T> {
    const promise = newPromise<T>();
    promise._rejectWith(reason);
    return promise;
  }

  static withResolvers<T>(): { promise: SandboxPromise<T>; resolve: (v: T) => void; reject: (r?: unknown) => void } {
    let resolve!: (v: T) => void;
    let reject!: (r?: unknown) => void;
    const promise = new SandboxPromise<T>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  }

  static all(values: Iterable<unknown>): SandboxPromise<unknown[]> {
    return combine(values, (items, results, settle) => {
      let remaining = items.length;
      if (remaining === 0) return settle.resolve([]);
      items.forEach((item, i) => {
        SandboxPromise.resolve(item).then((v) => {
          results[i] = v;
          if (--remaining === 0) settle.resolve(results);
        }, settle.reject);
      });
    });
  }

  static allSettled(values: Iterable<unknown>): SandboxPromise<unknown[]> {
    return combine(values, (items, results, settle) => {
      let remaining = items.length;
      if (remaining === 0) return settle.resolve([]);
      const record = (i: number, outcome: object): void => {
        results[i] = outcome;
        if (--remaining === 0) settle.resolve(results);
      };
      items.forEach((item, i) => {
        SandboxPromise.resolve(item).then(
          (value) => record(i, { status: 'fulfilled', value }),
          (reason) => record(i, { status: 'rejected', reason }),
        );
      });
    });
  }

  static race(values: Iterable<unknown>): SandboxPromise<unknown> {
    return combine(values, (items, _results, settle) => {
      for (const item of items) SandboxPromise.resolve(item).then(settle.resolve, settle.reject);
    });
  }

  static any(values: Iterable<unknown>): SandboxPromise<unknown> {
    return combine(values, (items, errors, settle) => {
      let remaining = items.length;
      const fail = (): void => settle.reject(new AggregateError(errors, 'All promises were rejected'));
      if (remaining === 0) return fail();
      items.forEach((item, i) => {
        SandboxPromise.resolve(item).then(settle.resolve, (reason) => {
          errors[i] = reason;
          if (--remaining === 0) fail();
        });
      });
    });
  }
}

Object.defineProperty(SandboxPromise, 'name', { value: 'Promise' });

// A Future is awaitable from JavaScript too (`task.then(…)`, `Promise.all([task])`). The method
// is installed here, not in futures.ts, because SandboxPromise itself extends Future.
Object.defineProperty(Future.prototype, 'then', {
  value: function then(this: Future, onFulfilled?: (v: unknown) => unknown, onRejected?: (r: unknown) => unknown) {
    return SandboxPromise.resolve(this).then(onFulfilled, onRejected);
  },
  writable: true,
  configurable: true,
});
Object.defineProperty(SandboxPromise.prototype, Symbol.toStringTag, { value: 'Promise' });

/** Promises created by the runtime itself: no stack capture for deadlock reports. */
function newPromise<T>(): SandboxPromise<T> {
  return new SandboxPromise<T>(() => {});
}

function combine<R>(
  values: Iterable<unknown>,
  start: (
    items: unknown[],
    results: unknown[],
    settle: { resolve: (v: unknown) => void; reject: (r: unknown) => void },
  ) => void,
): SandboxPromise<R> {
  return new SandboxPromise<R>((resolve, reject) =>
    start([...values], [], { resolve: resolve as (v: unknown) => void, reject }),
  );
}

/** A rejection with `undefined` or `null` keeps its reason through the Future machinery. */
class RejectedWithNothing extends Error {
  reason: unknown;
  constructor(reason: unknown) {
    super(String(reason));
    this.reason = reason;
  }
}

function unwrapReason(exc: unknown): unknown {
  return exc instanceof RejectedWithNothing ? exc.reason : exc;
}

/** A promise-like value of any realm or library: what `await` and `resolve` adopt. */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

// ---- Timers and microtasks (the JavaScript globals, in milliseconds) ------------------------

const timers = new Map<number, Handle>();
let nextTimerId = 1;

function schedule(ms: unknown, run: () => void): Handle {
  const delay = Math.max(0, Number(ms) || 0) / 1000;
  return loopForCallbacks().callLater(delay, run);
}

export function setTimeout(callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]): number {
  const id = nextTimerId++;
  timers.set(
    id,
    schedule(ms, () => {
      timers.delete(id);
      callback(...args);
    }),
  );
  return id;
}

export function setInterval(callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]): number {
  const id = nextTimerId++;
  const tick = (): void => {
    timers.set(id, schedule(ms, tick));
    callback(...args);
  };
  timers.set(id, schedule(ms, tick));
  return id;
}

export function clearTimeout(id: unknown): void {
  const handle = timers.get(id as number);
  if (handle) {
    handle.cancel();
    timers.delete(id as number);
  }
}

export function queueMicrotask(callback: () => void): void {
  if (typeof callback !== 'function') throw new TypeError('The "callback" argument must be of type function.');
  loopForCallbacks().callSoon(callback);
}
