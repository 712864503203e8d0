import { RuntimeError, StopAsyncIteration, ValueError } from './exceptions.ts';
import { Future } from './futures.ts';
import { loopForCallbacks } from './events.ts';
import { SandboxPromise, isThenable } from './promise.ts';
import { ASYNC_BODY_SUFFIX } from '../program.ts';
import { type Site, type StackHolder, captureSite, programFrames } from './state.ts';
import { ensureFuture } from './tasks.ts';

/** What a coroutine yields to its Task: a Future to wait for, or SLEEP0 to give way once
 * (the bare `yield` of CPython's `asyncio.sleep(0)`). */
export const SLEEP0 = Symbol('sleep0');
export type Yielded = Future | typeof SLEEP0;

type AnyGenerator = Generator<unknown, unknown, unknown>;

/**
 * The generator methods, looked up once. Every call of an async function makes a new
 * generator function (its body), each with its own prototype object, so `gen.next` would be
 * a failed inline-cache lookup on every step.
 */
const generatorPrototype = Object.getPrototypeOf(Object.getPrototypeOf((function* () {})())) as AnyGenerator;
const { next: genNext, throw: genThrow, return: genReturn } = generatorPrototype;

/** What `_step` returns when the coroutine has finished; its value is then in `_value`. */
export const DONE = Symbol('done');
export type StepResult = Yielded | typeof DONE;

type CoroutineState = 'CREATED' | 'RUNNING' | 'SUSPENDED' | 'CLOSED';

/**
 * Coroutines that may end up never awaited (CPython's "coroutine 'x' was never awaited"):
 * every new coroutine, swept of those claimed or started whenever the list doubles. Nearly all
 * are awaited at once, and one claimed while still last is dropped there and then (`_claim`),
 * so this costs far less than adding each to a Set and removing it.
 */
const created: Coroutine[] = [];
let sweepAt = 4096;

const isUnstarted = (coro: Coroutine): boolean => coro._state === 'CREATED' && !coro._owned;

function track(coro: Coroutine): void {
  if (created.push(coro) < sweepAt) return;
  // Compacted in place: a sweep allocates nothing.
  let kept = 0;
  for (const c of created) if (isUnstarted(c)) created[kept++] = c;
  created.length = kept;
  sweepAt = Math.max(4096, kept * 2);
}

/** The coroutines created and never started, in creation order. */
export function unstartedCoroutines(): Coroutine[] {
  return created.filter(isUnstarted);
}

/**
 * A coroutine object: the lazy result of calling an `async` function. Nothing runs until a
 * Task steps it or another coroutine awaits it; awaiting delegates like `yield from`, so a
 * chain of awaits suspends only when it reaches a pending Future.
 */
export class Coroutine {
  /** The generator the coroutine drives; null for the runtime's hand-written coroutines
   * (see SleepCoroutine), which override `_step`. */
  _gen: Generator<unknown, unknown, unknown> | null;
  _state: CoroutineState = 'CREATED';
  /** The coroutine this one awaits (`yield from` delegation). */
  _inner: Coroutine | null = null;
  /** The pending future this coroutine is suspended on. */
  _awaiting: Future | null = null;
  /** Claimed by a Task or an awaiting coroutine: it can be awaited only once. */
  _owned = false;
  /** The body has returned an awaitable, which is awaited for the result. */
  _returning = false;
  /** The return value, once `_step` has returned DONE. */
  _value: unknown = undefined;
  /** The async function's name (CPython's `__name__`). */
  readonly name: string;
  /** Where it was created; for a learner's coroutine the stack starts in the async function. */
  _stack: StackHolder | undefined;
  _learnerFunction: boolean;

  constructor(
    gen: Generator<unknown, unknown, unknown> | null,
    name: string,
    stack: StackHolder | undefined,
    learnerFunction: boolean,
  ) {
    this._gen = gen;
    this.name = name;
    this._stack = stack;
    this._learnerFunction = learnerFunction;
    track(this);
  }

  /** Where the coroutine was created: the line that called the async function. */
  site(): Site | undefined {
    const frames = programFrames(this._stack);
    return frames[this._learnerFunction ? 1 : 0] ?? frames[0];
  }

  close(): void {
    if (this._state === 'CLOSED') return;
    this._state = 'CLOSED';
    this._inner?.close();
    if (this._gen) genReturn.call(this._gen, undefined);
  }

  /** Marks the coroutine as owned by an awaiting coroutine or a Task. */
  _claim(): void {
    if (this._state !== 'CREATED' || this._owned) throw new RuntimeError('cannot reuse already awaited coroutine');
    this._owned = true;
    // Usually claimed right after it was made (`await f()`): then no sweep needs to look at it.
    if (created[created.length - 1] === this) created.pop();
  }

  /**
   * Runs the coroutine until it waits on a pending future (returned) or finishes (DONE, with
   * the value in `_value`); an exception it does not handle propagates. `throwing` sends
   * `arg` in as an exception, as CPython's `coro.throw`.
   */
  _step(throwing: boolean, arg: unknown): StepResult {
    const state = this._state;
    if (state === 'RUNNING') throw new ValueError('coroutine already executing');
    if (state === 'CLOSED') throw new RuntimeError('cannot reuse already awaited coroutine');
    this._state = 'RUNNING';
    try {
      for (;;) {
        const inner = this._inner;
        if (inner !== null) {
          let yielded: StepResult;
          try {
            yielded = inner._step(throwing, arg);
          } catch (exc) {
            this._inner = null;
            throwing = true;
            arg = exc;
            continue;
          }
          if (yielded !== DONE) {
            this._state = 'SUSPENDED';
            return yielded;
          }
          this._inner = null;
          throwing = false;
          arg = inner._value;
          continue;
        }
        const future = this._awaiting;
        if (future !== null) {
          // Resuming after the awaited future completed: Future.__await__ returns its result.
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
        if (this._returning) {
          // The body returned an awaitable, which has now settled: its outcome is the result.
          this._state = 'CLOSED';
          if (throwing) throw arg;
          this._value = arg;
          return DONE;
        }
        const gen = this._gen as Generator<unknown, unknown, unknown>;
        const r = throwing ? genThrow.call(gen, arg) : genNext.call(gen, arg);
        if (r.done) {
          const value = r.value;
          const awaitable = value instanceof Coroutine || value instanceof Future || isThenable(value);
          // Only a learner's async function: the runtime's coroutines return what they return.
          if (!this._learnerFunction || !awaitable) {
            this._state = 'CLOSED';
            this._value = value;
            return DONE;
          }
          // `return promise` in an async function resolves to the promise's value, as in
          // JavaScript (Python would return the coroutine object itself).
          this._returning = true;
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
          return SLEEP0;
        } else if (awaited instanceof Future || isThenable(awaited)) {
          const pending = awaited instanceof Future ? awaited : SandboxPromise.resolve(awaited);
          if (pending._state === 'PENDING') {
            this._awaiting = pending;
            pending._asyncioFutureBlocking = true;
            this._state = 'SUSPENDED';
            return pending;
          }
          // CPython's Future.__await__ does not yield for a done future.
          try {
            arg = pending.result();
          } catch (exc) {
            throwing = true;
            arg = exc;
          }
        } else {
          // `await 5` is 5 in JavaScript; Python would raise, but learners write JavaScript.
          arg = awaited;
        }
      }
    } catch (exc) {
      this._state = 'CLOSED';
      throw exc;
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

  catch(onRejected?: (reason: unknown) => unknown): SandboxPromise {
    return this.then(undefined, onRejected);
  }

  finally(onFinally?: () => void): SandboxPromise {
    return this.then().finally(onFinally);
  }

  /** `JSON.stringify` shows a coroutine as Python's repr, not the runtime's fields. */
  toJSON(): string {
    return this.toString();
  }

  toString(): string {
    return `<coroutine object ${this.name}>`;
  }
}

/** Wraps a generator function as a coroutine function of the runtime (e.g. asyncio.sleep). */
export function coroutineFunction<A extends unknown[], R>(
  name: string,
  body: (...args: A) => Generator<unknown, R, any>,
): (...args: A) => Coroutine {
  const fn = function (this: unknown, ...args: A): Coroutine {
    return new Coroutine(body.apply(this, args), name, captureSite(fn), false);
  };
  Object.defineProperty(fn, 'name', { value: name });
  markCoroutineFunction(fn);
  return fn;
}

/** Marks a runtime function as a coroutine function. A plain property, not a module-level
 * symbol: modules that import each other define coroutine functions while this module may
 * not have run yet. */
export function markCoroutineFunction(fn: Function): void {
  Object.defineProperty(fn, '_isCoroutineFunction', { value: true });
}

/** asyncio.iscoroutinefunction, for runtime functions and transpiled `async` functions. */
export function isCoroutineFunction(fn: unknown): boolean {
  if (typeof fn !== 'function') return false;
  if ((fn as { _isCoroutineFunction?: boolean })._isCoroutineFunction === true) return true;
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
  const name = coroutineName(generator.name);
  const gen = args === undefined ? generator.call(thisArg) : generator.apply(thisArg, args as unknown[]);
  return new Coroutine(gen, name, captureSite(__awaiter), true);
}

/** The names of async functions by the names of their bodies, which the host calls
 * `<name>__async` (see host/compile.ts): each is made once, not at every call. */
const coroutineNames = new Map<string, string>();

function coroutineName(bodyName: string): string {
  let name = coroutineNames.get(bodyName);
  if (name === undefined) {
    name = bodyName ? bodyName.replace(ASYNC_BODY_SUFFIX, '') : '<anonymous>';
    // Programs have a bounded number of async functions, unless they make them on the fly.
    if (coroutineNames.size < 10_000) coroutineNames.set(bodyName, name);
  }
  return name;
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
      let r = (kind === 'next' ? genNext : kind === 'throw' ? genThrow : genReturn).call(gen, value);
      for (;;) {
        if (r.done) return { value: r.value, done: true };
        if (!(r.value instanceof AwaitMarker)) return { value: r.value, done: false };
        let resolved: unknown;
        try {
          resolved = yield r.value.v;
        } catch (exc) {
          r = genThrow.call(gen, exc);
          continue;
        }
        r = genNext.call(gen, resolved);
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
