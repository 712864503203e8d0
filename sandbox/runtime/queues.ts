/**
 * asyncio's queues, after CPython 3.11's queues.py: Queue (FIFO), LifoQueue, PriorityQueue,
 * with `maxsize` back-pressure, `taskDone`/`join`, and the QueueEmpty/QueueFull errors.
 */
import { type Coroutine, coroutineFunction, markCoroutineFunction } from './coroutines.ts';
import { named, ValueError } from './exceptions.ts';
import type { Future } from './futures.ts';
import { repr } from './inspect.ts';
import { Event } from './locks.ts';
import { LoopBound, Waiters, isOptions, keepNames, typeName, waiterFuture } from './mixins.ts';
import { Deque } from './structures.ts';

/** Raised by `getNowait()` on an empty queue. */
export const QueueEmpty = named(class QueueEmpty extends Error {}, 'QueueEmpty');
/** Raised by `putNowait()` on a full queue. */
export const QueueFull = named(class QueueFull extends Error {}, 'QueueFull');

interface Storage {
  readonly length: number;
  [Symbol.iterator](): Iterator<unknown>;
}

/** asyncio.Queue(maxsize = 0): first in, first out; `maxsize <= 0` means unbounded. */
export class Queue extends LoopBound {
  _maxsize: number;
  _getters = new Waiters<Future>();
  _putters = new Waiters<Future>();
  _unfinishedTasks = 0;
  _finished = new Event();
  declare _queue: Storage;

  constructor(maxsize: number | { maxsize?: number } = 0) {
    super();
    const size = isOptions(maxsize) ? (maxsize.maxsize ?? 0) : maxsize;
    if (typeof size !== 'number' || Number.isNaN(size)) {
      throw new TypeError(`'<=' not supported between instances of '${typeName(size)}' and 'int'`);
    }
    this._maxsize = size;
    this._finished._waitingFor = `${this.constructor.name}.join(): items not yet marked done with taskDone()`;
    this._finished.set();
    this._init();
  }

  // The storage, overridden by LifoQueue and PriorityQueue.

  _init(): void {
    this._queue = new Deque<unknown>();
  }

  _get(): unknown {
    return (this._queue as Deque<unknown>).shift();
  }

  _put(item: unknown): void {
    (this._queue as Deque<unknown>).push(item);
  }

  /** What a task blocked in `get()` waits for, in deadlock reports. */
  _getterWaitingFor(): string {
    return `${this.constructor.name}.get() on an empty queue`;
  }

  /** Wakes the first waiter that is not done (cancelled), dropping those passed over. */
  _wakeupNext(waiters: Waiters<Future>): void {
    while (waiters.length > 0) {
      const waiter = waiters.shift() as Future;
      if (!waiter.done()) {
        waiter.setResult(undefined);
        break;
      }
    }
  }

  get maxsize(): number {
    return this._maxsize;
  }

  qsize(): number {
    return this._queue.length;
  }

  empty(): boolean {
    return this._queue.length === 0;
  }

  /** True when the queue holds `maxsize` items; never for an unbounded queue. */
  full(): boolean {
    return this._maxsize > 0 && this.qsize() >= this._maxsize;
  }

  /** Puts an item, first waiting for a free slot while the queue is full. */
  put(item: unknown): Coroutine {
    return queuePut(this, item);
  }

  putNowait(item: unknown): void {
    if (this.full()) throw new QueueFull();
    this._put(item);
    this._unfinishedTasks++;
    this._finished.clear();
    this._wakeupNext(this._getters);
  }

  /** Removes and returns an item, first waiting for one while the queue is empty. */
  get(): Coroutine {
    return queueGet(this);
  }

  getNowait(): unknown {
    if (this.empty()) throw new QueueEmpty();
    const item = this._get();
    this._wakeupNext(this._putters);
    return item;
  }

  /** Marks one item taken with `get()` as processed, for `join()`. */
  taskDone(): void {
    if (this._unfinishedTasks <= 0) throw new ValueError('task_done() called too many times');
    this._unfinishedTasks--;
    if (this._unfinishedTasks === 0) this._finished.set();
  }

  /** Waits until every item put has been marked done with `taskDone()`. */
  join(): Coroutine {
    return queueJoin(this);
  }

  /** CPython's `str()` of a queue, e.g. `<Queue maxsize=0 _queue=[1, 'a'] tasks=2>`. */
  override toString(): string {
    let text = `maxsize=${repr(this._maxsize)}`;
    if (this._queue.length > 0) text += ` _queue=[${[...this._queue].map((item) => repr(item)).join(', ')}]`;
    if (this._getters.length > 0) text += ` _getters[${this._getters.length}]`;
    if (this._putters.length > 0) text += ` _putters[${this._putters.length}]`;
    if (this._unfinishedTasks > 0) text += ` tasks=${this._unfinishedTasks}`;
    return `<${this.constructor.name} ${text}>`;
  }
}

const queuePut = coroutineFunction('Queue.put', function* (queue: Queue, item: unknown) {
  while (queue.full()) {
    const putter = waiterFuture(queue._getLoop(), `${queue.constructor.name}.put() on a full queue`);
    queue._putters.push(putter);
    try {
      yield putter;
    } catch (exc) {
      putter.cancel();
      // A getNowait() may have removed it already.
      queue._putters.remove(putter);
      // Woken for a free slot but cancelled: hand the slot to the next putter.
      if (!queue.full() && !putter.cancelled()) queue._wakeupNext(queue._putters);
      throw exc;
    }
  }
  queue.putNowait(item);
  return undefined;
});

const queueGet = coroutineFunction('Queue.get', function* (queue: Queue) {
  while (queue.empty()) {
    const getter = waiterFuture(queue._getLoop(), queue._getterWaitingFor());
    queue._getters.push(getter);
    try {
      yield getter;
    } catch (exc) {
      getter.cancel();
      queue._getters.remove(getter);
      if (!queue.empty() && !getter.cancelled()) queue._wakeupNext(queue._getters);
      throw exc;
    }
  }
  return queue.getNowait();
});

const queueJoin = coroutineFunction('Queue.join', function* (queue: Queue) {
  if (queue._unfinishedTasks > 0) yield queue._finished.wait();
  return undefined;
});

for (const name of ['put', 'get', 'join'] as const) markCoroutineFunction(Queue.prototype[name]);

/** asyncio.LifoQueue: the item put last comes out first. */
export class LifoQueue extends Queue {
  override _init(): void {
    this._queue = [];
  }

  override _get(): unknown {
    return (this._queue as unknown[]).pop();
  }

  override _put(item: unknown): void {
    (this._queue as unknown[]).push(item);
  }
}

/** asyncio.PriorityQueue: the smallest item comes out first, compared as Python compares
 * (numbers, strings, arrays as tuples element by element, objects by their `__lt__`). */
export class PriorityQueue extends Queue {
  override _init(): void {
    this._queue = [];
  }

  override _get(): unknown {
    return heappop(this._queue as unknown[]);
  }

  override _put(item: unknown): void {
    heappush(this._queue as unknown[], item);
  }
}

// ---- heapq, step for step, so items of equal priority come out in CPython's order -------------

function heappush(heap: unknown[], item: unknown): void {
  heap.push(item);
  siftDown(heap, 0, heap.length - 1);
}

function heappop(heap: unknown[]): unknown {
  const last = heap.pop();
  if (heap.length === 0) return last;
  const top = heap[0];
  heap[0] = last;
  siftUp(heap, 0);
  return top;
}

function siftDown(heap: unknown[], start: number, pos: number): void {
  const item = heap[pos];
  while (pos > start) {
    const parentPos = (pos - 1) >> 1;
    const parent = heap[parentPos];
    if (!lessThan(item, parent)) break;
    heap[pos] = parent;
    pos = parentPos;
  }
  heap[pos] = item;
}

function siftUp(heap: unknown[], pos: number): void {
  const end = heap.length;
  const start = pos;
  const item = heap[pos];
  let child = 2 * pos + 1;
  while (child < end) {
    const right = child + 1;
    if (right < end && !lessThan(heap[child], heap[right])) child = right;
    heap[pos] = heap[child];
    pos = child;
    child = 2 * pos + 1;
  }
  heap[pos] = item;
  siftDown(heap, start, pos);
}

function isNumeric(value: unknown): value is number | bigint | boolean {
  return typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean';
}

/** Python's `a < b` for the values a priority queue holds. */
export function lessThan(a: unknown, b: unknown): boolean {
  if (isNumeric(a) && isNumeric(b)) return a < b;
  if (typeof a === 'string' && typeof b === 'string') return a < b;
  if (Array.isArray(a) && Array.isArray(b)) {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) {
      if (!equal(a[i], b[i])) return lessThan(a[i], b[i]);
    }
    return a.length < b.length;
  }
  if (a instanceof Date && b instanceof Date) return a.getTime() < b.getTime();
  const lt = (a as { __lt__?: unknown } | null)?.__lt__;
  if (typeof lt === 'function') return Boolean(lt.call(a, b));
  throw new TypeError(`'<' not supported between instances of '${typeName(a)}' and '${typeName(b)}'`);
}

/** Python's `a == b` as tuple comparison uses it. */
function equal(a: unknown, b: unknown): boolean {
  if (isNumeric(a) && isNumeric(b)) return a == b;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => equal(item, b[i]));
  }
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  const eq = (a as { __eq__?: unknown } | null)?.__eq__;
  if (typeof eq === 'function') return Boolean(eq.call(a, b));
  return a === b;
}

keepNames({ Queue, LifoQueue, PriorityQueue });
