/**
 * What the synchronisation primitives (locks.ts, queues.ts) and the other higher-level parts
 * of asyncio (taskgroups.ts, combinators.ts) share: CPython's `mixins._LoopBoundMixin`, the
 * deques of waiting futures, and the futures they wait on, described for deadlock reports.
 */
import { type EventLoop, getRunningLoop } from './events.ts';
import { Future, internalFuture } from './futures.ts';
import { repr } from './inspect.ts';
import { type StackHolder } from './state.ts';
import type { Task } from './tasks.ts';
import { RuntimeError } from './exceptions.ts';

/** CPython's `_LoopBoundMixin`: an object bound to the loop it first waits on. */
export class LoopBound {
  _loop: EventLoop | null = null;

  _getLoop(): EventLoop {
    const loop = getRunningLoop();
    this._loop ??= loop;
    if (loop !== this._loop) throw new RuntimeError(`${repr(this)} is bound to a different event loop`);
    return loop;
  }
}

/**
 * A future a task waits on inside a primitive, with what it waits for (`_waitingFor`, read by
 * the deadlock report, e.g. "Lock.acquire()") and, unless `site` is given, where: the line of
 * the waiting task's learner code, found only when a report asks (see WaitSite).
 */
export function waiterFuture(loop: EventLoop, waitingFor: string, site?: StackHolder): Future {
  const future = internalFuture(loop) as Future & { _waitingFor?: string };
  future._waitingFor = waitingFor;
  const task = loop._currentTask;
  future._site = site ?? (task === null ? undefined : new WaitSite(task));
  return future;
}

/**
 * The creation stack of the innermost runtime coroutine in a task's await chain that learner
 * code called (`lock.acquire()`, `asyncio.asyncWith(…)`), read when a deadlock report formats
 * it. The coroutines the runtime makes for itself (a lock's `__aenter__` calling `acquire`)
 * were created where no learner frame is on the stack, so the report would otherwise have no
 * line for a task that waits inside `asyncWith`.
 */
class WaitSite implements StackHolder {
  readonly task: Task;

  constructor(task: Task) {
    this.task = task;
  }

  get stack(): string | undefined {
    const { coroutines } = this.task._coro._awaitChain();
    for (let i = coroutines.length - 1; i >= 0; i--) {
      const coro = coroutines[i];
      // A learner coroutine's stack starts inside its own function, not at the awaiting line.
      if (coro && !coro._learnerFunction && coro.site() !== undefined) return coro._stack?.stack;
    }
    return undefined;
  }
}

/**
 * The waiters of a primitive (CPython's `collections.deque` of futures): FIFO, with the
 * `remove` a cancelled waiter needs. Removing the first waiter, the usual case, is O(1).
 */
export class Waiters<T> {
  private items: T[] = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  push(item: T): void {
    this.items.push(item);
  }

  first(): T | undefined {
    return this.head < this.items.length ? this.items[this.head] : undefined;
  }

  shift(): T | undefined {
    if (this.head === this.items.length) return undefined;
    const item = this.items[this.head];
    this.items[this.head++] = undefined as T;
    if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }

  /** Removes `item`; false when it is not there. */
  remove(item: T): boolean {
    if (this.head < this.items.length && this.items[this.head] === item) {
      this.shift();
      return true;
    }
    const index = this.items.indexOf(item, this.head);
    if (index < 0) return false;
    this.items.splice(index, 1);
    return true;
  }

  some(predicate: (item: T) => boolean): boolean {
    for (let i = this.head; i < this.items.length; i++) if (predicate(this.items[i] as T)) return true;
    return false;
  }

  *[Symbol.iterator](): Generator<T> {
    for (let i = this.head; i < this.items.length; i++) yield this.items[i] as T;
  }
}

const addresses = new WeakMap<object, number>();
let nextAddress = 0x7f0000001000;

/** A deterministic stand-in for CPython's `id()` in reprs (`<… object at 0x7f…>`). */
export function address(obj: object): string {
  let value = addresses.get(obj);
  if (value === undefined) {
    value = nextAddress;
    nextAddress += 0x50;
    addresses.set(obj, value);
  }
  return `0x${value.toString(16)}`;
}

/** Gives classes their Python names back: the bundler renames classes whose names collide
 * (`Timeout3`), and reprs and messages print `constructor.name`. */
export function keepNames(classes: Record<string, Function>): void {
  for (const [name, cls] of Object.entries(classes)) Object.defineProperty(cls, 'name', { value: name });
}

/** A trailing options object (Python's keyword arguments), as opposed to a positional value. */
export function isOptions(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

/** The name of a value's type for messages: the class of an object, `typeof` otherwise. */
export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value !== 'object' && typeof value !== 'function') return typeof value;
  const ctor = (value as { constructor?: { name?: unknown } }).constructor;
  return typeof ctor?.name === 'string' && ctor.name ? ctor.name : 'Object';
}
