/** A FIFO queue with O(1) push and shift, like Python's collections.deque for the loop. */
export class Deque<T> {
  private items: (T | undefined)[] = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  push(item: T): void {
    this.items.push(item);
  }

  shift(): T | undefined {
    if (this.head === this.items.length) return undefined;
    const item = this.items[this.head];
    this.items[this.head++] = undefined;
    // Compact once the consumed prefix dominates, keeping shifts amortised O(1).
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }

  *[Symbol.iterator](): Generator<T> {
    for (let i = this.head; i < this.items.length; i++) yield this.items[i] as T;
  }
}

/** A binary min-heap, like Python's heapq over the loop's scheduled timers. */
export class Heap<T> {
  private items: T[] = [];
  private readonly before: (a: T, b: T) => boolean;
  constructor(before: (a: T, b: T) => boolean) {
    this.before = before;
  }

  get length(): number {
    return this.items.length;
  }

  peek(): T | undefined {
    return this.items[0];
  }

  push(item: T): void {
    const items = this.items;
    let i = items.push(item) - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(item, items[parent] as T)) break;
      items[i] = items[parent] as T;
      i = parent;
    }
    items[i] = item;
  }

  pop(): T | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length === 0 || last === undefined) return top;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= items.length) break;
      const right = left + 1;
      const child = right < items.length && this.before(items[right] as T, items[left] as T) ? right : left;
      if (!this.before(items[child] as T, last)) break;
      items[i] = items[child] as T;
      i = child;
    }
    items[i] = last;
    return top;
  }

  values(): readonly T[] {
    return this.items;
  }
}

/** The size of KeyedQueue's table of recent keys: more than the distinct delays a program
 * usually sleeps for at once. A prime, because keys are often multiples of a round number. */
const RECENT_SLOTS = 61;

/** A key's slot in the table (`key mod RECENT_SLOTS`, without the slow floating-point `%`). */
function recentSlot(key: number): number {
  return (key - Math.floor(key / RECENT_SLOTS) * RECENT_SLOTS) | 0;
}

/**
 * A priority queue of items keyed by number, first in, first out among equal keys: the loop's
 * timers by due time, in the order CPython's `_scheduled` heap gives them. It is a heap of
 * buckets, each a run of items with the same key. Timers due at the same time are the common
 * case (tasks sleeping the same delay); they share a bucket, and popping one steps through
 * the bucket instead of walking down a heap of every timer.
 *
 * A push goes to the newest bucket of its key if a small table of recent keys still holds it,
 * else to a new bucket. A key may thus have several buckets: they leave the heap in the order
 * they were made, and only the newest one grows, so equal keys still come out in push order.
 */
export class KeyedQueue<T> {
  private readonly heap = new Heap<KeyedBucket<T>>((a, b) => a.key < b.key || (a.key === b.key && a.seq < b.seq));
  /** The newest bucket of recently pushed keys, by `recentSlot(key)`. */
  private readonly recent = new Array<KeyedBucket<T> | null>(RECENT_SLOTS).fill(null);
  private bucketsMade = 0;
  private size = 0;

  get length(): number {
    return this.size;
  }

  push(key: number, item: T): void {
    const slot = recentSlot(key);
    const bucket = this.recent[slot];
    if (bucket && bucket.key === key) {
      bucket.items.push(item);
    } else {
      const created = new KeyedBucket(key, this.bucketsMade++, item);
      this.heap.push(created);
      this.recent[slot] = created;
    }
    this.size++;
  }

  /** The first item of the smallest key. */
  peek(): T | undefined {
    const bucket = this.heap.peek();
    return bucket && bucket.items[bucket.head];
  }

  pop(): T | undefined {
    const bucket = this.heap.peek();
    if (bucket === undefined) return undefined;
    const item = bucket.items[bucket.head];
    bucket.items[bucket.head++] = undefined;
    this.size--;
    if (bucket.head === bucket.items.length) {
      this.heap.pop();
      const slot = recentSlot(bucket.key);
      if (this.recent[slot] === bucket) this.recent[slot] = null;
    }
    return item;
  }
}

class KeyedBucket<T> {
  readonly key: number;
  /** Order of creation, between buckets of the same key. */
  readonly seq: number;
  readonly items: (T | undefined)[];
  /** The next item to pop; those before it are gone. */
  head = 0;

  constructor(key: number, seq: number, first: T) {
    this.key = key;
    this.seq = seq;
    this.items = [first];
  }
}
