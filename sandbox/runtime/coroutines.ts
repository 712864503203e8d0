import { RuntimeError, StopAsyncIteration, ValueError } from './exceptions.ts';
import { Future, isFuture } from './futures.ts';
import { loopForCallbacks } from './events.ts';
import { SandboxPromise } from './promise.ts';
import { type StackHolder, captureStack, programFrames, type Site } from './state.ts';
import { ensureFuture } from './tasks.ts';

/** What a coroutine yields to its Task: a Future to wait for, or SLEEP0 to give way once
 * (the bare `yield` of CPython's `asyncio.sleep(0)`). */
export const SLEEP0 = Symbol('sleep0');
export type Yielded = Future | typeof SLEEP0;

export type StepResult = { done: true; value: unknown } | { done: false; value: Yielded };

type CoroutineState = 'CREATED' | 'RUNNING' | 'SUSPENDED' | 'CLOSED';

/** Coroutines created but never started: CPython's "coroutine 'x' was never awaited". */
export const unstarted = new Set<Coroutine>();

/**
 * A coroutine object: the lazy result of calling an `async` function. Nothing runs until a
 * Task steps it or another coroutine awaits it; awaiting delegates like `yield from`, so a
 * chain of awaits suspends only when it reaches a pending Future.
 */
export class Coroutine {
  _gen: Generator<unknown, unknown, unknown>;
  _state: CoroutineState = 'CREATED';
  /** The coroutine this one awaits (`yield from` delegation). */
  _inner: Coroutine | null = null;
  /** The pending future this coroutine is suspended on. */
  _awaiting: Future | null = null;
  /** Set for the runtime's own coroutines; learner coroutines take their name from the stack. */
  _fixedName: string | undefined;
  _stack: StackHolder;

  constructor(gen: Generator<unknown, unknown, unknown>, stack: StackHolder, name?: string) {
    this._gen = gen;
    this._stack = stack;
    this._fixedName = name;
    unstarted.add(this);
  }

  /** The function's name, as CPython's `__qualname__` (`Reader.readline`). */
  get name(): string {
    return this._fixedName ?? programFrames(this._stack.stack)[0]?.name ?? '<anonymous>';
  }

  /** Where the coroutine was created: the caller of the async function. */
  site(): Site | undefined {
    const frames = programFrames(this._stack.stack);
    return frames[this._fixedName === undefined ? 1 : 0] ?? frames[0];
  }

  send(value?: unknown): StepResult {
    return this._step(false, value);
  }

  throw(exc: unknown): StepResult {
    return this._step(true, exc);
  }

  close(): void {
    unstarted.delete(this);
    if (this._state === 'CLOSED') return;
    this._state = 'CLOSED';
    this._inner?.close();
    this._gen.return(undefined);
  }

  /** Marks the coroutine as owned by an awaiting coroutine or a Task. */
  _claim(): void {
    if (this._state !== 'CREATED' || !unstarted.has(this)) {
      throw new RuntimeError('cannot reuse already awaited coroutine');
    }
    unstarted.delete(this);
  }

  _step(throwing: boolean, arg: unknown): StepResult {
    if (this._state === 'RUNNING') throw new ValueError('coroutine already executing');
    if (this._state === 'CLOSED') throw new RuntimeError('cannot reuse already awaited coroutine');
    unstarted.delete(this);
    this._state = 'RUNNING';
    try {
      for (;;) {
        if (this._inner) {
          let r: StepResult;
          try {
            r = this._inner._step(throwing, arg);
          } catch (exc) {
            this._inner = null;
            throwing = true;
            arg = exc;
            continue;
          }
          if (!r.done) {
            this._state = 'SUSPENDED';
            return r;
          }
          this._inner = null;
          throwing = false;
          arg = r.value;
          continue;
        }
        if (this._awaiting) {
          // Resuming after the awaited future completed: Future.__await__ returns its result.
          const future = this._awaiting;
          this._awaiting = null;
          if (!throwing) {
            try {
              arg = future.result();
            } catch (exc) {
              throwing = true;
              arg = exc;
            }
          }
        }
        const r = throwing ? this._gen.throw(arg) : this._gen.next(arg);
        if (r.done) {
          this._state = 'CLOSED';
          return { done: true, value: r.value };
        }
        throwing = false;
        arg = undefined;
        const awaited = r.value;
        if (awaited instanceof Coroutine) {
          try {
            awaited._claim();
            this._inner = awaited;
          } catch (exc) {
            throwing = true;
            arg = exc;
          }
        } else if (awaited === SLEEP0) {
          this._state = 'SUSPENDED';
          return { done: false, value: SLEEP0 };
        } else if (isFuture(awaited) || isThenable(awaited)) {
          const future = isFuture(awaited) ? awaited : SandboxPromise.resolve(awaited);
          if (future.done()) {
            // CPython's Future.__await__ does not yield for a done future.
            try {
              arg = future.result();
            } catch (exc) {
              throwing = true;
              arg = exc;
            }
          } else {
            this._awaiting = future;
            future._asyncioFutureBlocking = true;
            this._state = 'SUSPENDED';
            return { done: false, value: future };
          }
        } else {
          // `await 5` is 5 in JavaScript; Python would raise, but learners write JavaScript.
          arg = awaited;
        }
      }
    } catch (exc) {
      this._state = 'CLOSED';
      throw exc;
    } finally {
      if (this._state === 'RUNNING') this._state = 'SUSPENDED';
    }
  }

  /** The chain of coroutines and the future this one is suspended on, outermost first. */
  _awaitChain(): { coroutines: Coroutine[]; future: Future | null } {
    const coroutines: Coroutine[] = [];
    let coro: Coroutine | null = this;
    let future: Future | null = null;
    while (coro) {
      coroutines.push(coro);
      future = coro._awaiting;
      coro = coro._inner;
    }
    return { coroutines, future };
  }

  /** JavaScript code may treat a coroutine as a promise (`main().then(…)`, `Promise.all`);
   * that schedules it as a Task, as `asyncio.ensure_future` would. */
  then(onFulfilled?: (value: unknown) => unknown, onRejected?: (reason: unknown) => unknown): SandboxPromise {
    const task = ensureFuture(this, { loop: loopForCallbacks() });
    return SandboxPromise.resolve(task).then(onFulfilled, onRejected);
  }

  toString(): string {
    return `<coroutine object ${this.name}>`;
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}


/** Wraps a generator function as a coroutine function of the runtime (e.g. asyncio.sleep). */
export function coroutineFunction<A extends unknown[], R>(
  name: string,
  body: (...args: A) => Generator<unknown, R, any>,
): (...args: A) => Coroutine {
  const fn = function (this: unknown, ...args: A): Coroutine {
    return new Coroutine(body.apply(this, args), captureStack(fn), name);
  };
  Object.defineProperty(fn, 'name', { value: name });
  markCoroutineFunction(fn);
  return fn;
}

const COROUTINE_FUNCTION = Symbol('coroutineFunction');
export function markCoroutineFunction(fn: Function): void {
  (fn as unknown as Record<symbol, boolean>)[COROUTINE_FUNCTION] = true;
}

/** asyncio.iscoroutinefunction, for runtime functions and transpiled `async` functions. */
export function isCoroutineFunction(fn: unknown): boolean {
  if (typeof fn !== 'function') return false;
  if ((fn as unknown as Record<symbol, boolean>)[COROUTINE_FUNCTION]) return true;
  return /\breturn __awaiter\(/.test(Function.prototype.toString.call(fn));
}

// ---- The helpers TypeScript emits for async code (tslib's names and signatures) -----------

/** `async function f() {…}` compiles to `function f() { return __awaiter(this, arguments, P, function* () {…}) }`. */
export function __awaiter(
  thisArg: unknown,
  args: ArrayLike<unknown> | undefined,
  _P: unknown,
  generator: (...a: unknown[]) => Generator<unknown, unknown, unknown>,
): Coroutine {
  return new Coroutine(generator.apply(thisArg, (args ?? []) as unknown[]), captureStack(__awaiter));
}

/** Marks an await inside an async generator (`yield __await(x)`). */
export class AwaitMarker {
  v: unknown;
  constructor(v: unknown) {
    this.v = v;
  }
}
export function __await(v: unknown): AwaitMarker {
  return new AwaitMarker(v);
}

/**
 * `async function*` compiles to `__asyncGenerator(this, arguments, function* () {…})`: each
 * `next()` is a coroutine that runs the body until its next real `yield`.
 */
export function __asyncGenerator(
  thisArg: unknown,
  args: ArrayLike<unknown> | undefined,
  generator: (...a: unknown[]) => Generator<unknown, unknown, unknown>,
): AsyncGenerator<unknown> {
  const gen = generator.apply(thisArg, (args ?? []) as unknown[]);
  let running = false;
  const resume = coroutineFunction('asend', function* (kind: 'next' | 'throw' | 'return', value: unknown) {
    if (running) throw new RuntimeError('asynchronous generator is already running');
    running = true;
    try {
      let r = gen[kind](value);
      for (;;) {
        if (r.done) return { value: r.value, done: true };
        if (!(r.value instanceof AwaitMarker)) return { value: r.value, done: false };
        let resolved: unknown;
        try {
          resolved = yield r.value.v;
        } catch (exc) {
          r = gen.throw(exc);
          continue;
        }
        r = gen.next(resolved);
      }
    } finally {
      running = false;
    }
  });
  const asyncGen = {
    next: (value?: unknown) => resume('next', value),
    throw: (exc?: unknown) => resume('throw', exc),
    return: (value?: unknown) => resume('return', value),
    [Symbol.asyncIterator]() {
      return this;
    },
  };
  return asyncGen as unknown as AsyncGenerator<unknown>;
}

/** `for await (x of it)` compiles to `__asyncValues(it)`: accepts `Symbol.asyncIterator`,
 * Python's `__aiter__`/`__anext__` (ending on StopAsyncIteration), and sync iterables. */
export function __asyncValues(o: any): AsyncIterator<unknown> {
  if (o === null || o === undefined) throw new TypeError('Symbol.asyncIterator is not defined.');
  if (typeof o[Symbol.asyncIterator] === 'function') return o[Symbol.asyncIterator]();
  if (typeof o.__aiter__ === 'function') {
    const it = o.__aiter__();
    if (typeof it?.__anext__ !== 'function') {
      throw new TypeError(`'async for' received an object from __aiter__ that does not implement __anext__`);
    }
    const next = coroutineFunction('__anext__', function* () {
      try {
        return { value: yield it.__anext__(), done: false };
      } catch (exc) {
        if (exc instanceof StopAsyncIteration) return { value: undefined, done: true };
        throw exc;
      }
    });
    return { next } as unknown as AsyncIterator<unknown>;
  }
  if (typeof o[Symbol.iterator] === 'function') {
    const it = o[Symbol.iterator]();
    const step = coroutineFunction('__anext__', function* (method: 'next' | 'return', value?: unknown) {
      const r = it[method] ? it[method](value) : { value, done: true };
      return { value: yield r.value, done: r.done };
    });
    return {
      next: (v?: unknown) => step('next', v),
      return: (v?: unknown) => step('return', v),
    } as unknown as AsyncIterator<unknown>;
  }
  throw new TypeError(`'async for' requires an object with __aiter__ method, got ${typeof o}`);
}

/** `yield*` inside an async generator compiles to `__asyncDelegator(__asyncValues(x))`;
 * a port of tslib's: odd calls await the inner step, even calls hand its result to `yield*`. */
export function __asyncDelegator(o: any): Iterator<unknown> {
  let awaitNext = false;
  const iterator: Record<string | symbol, unknown> = {
    [Symbol.iterator]() {
      return this;
    },
  };
  const verb = (n: 'next' | 'throw' | 'return', fallback?: (v: unknown) => unknown) => {
    if (!o[n]) {
      iterator[n] = fallback;
      return;
    }
    iterator[n] = (v: unknown) => {
      awaitNext = !awaitNext;
      if (awaitNext) return { value: new AwaitMarker(o[n](v)), done: false };
      return fallback ? fallback(v) : v;
    };
  };
  verb('next');
  verb('throw', (e) => {
    throw e;
  });
  verb('return');
  return iterator as unknown as Iterator<unknown>;
}
