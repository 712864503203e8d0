/**
 * asyncio's synchronisation primitives, queues, TaskGroup, timeout, asCompleted and shield
 * against CPython 3.11: each program is the TypeScript form of a Python program whose trace
 * (virtual seconds, then the printed text) CPython gives as asserted here.
 */
import { describe, expect, test } from 'vitest';
import { trace, usePool } from '../../tests/support.ts';

const run = usePool();

/** Runs a program that starts with `import * as asyncio from 'asyncio'`; it must end without
 * an error or a warning. Returns its trace. */
async function traced(body: string): Promise<string[]> {
  const result = await run(`import * as asyncio from 'asyncio';\n${body}`);
  expect(result.error).toBeUndefined();
  expect(result.status).toBe('ok');
  expect(result.warnings).toEqual([]);
  return trace(result);
}

describe('Lock', () => {
  test('waiters take the lock first come, first served, one at a time', async () => {
    expect(
      await traced(`
        async function worker(name: string, lock: asyncio.Lock) {
          await asyncio.asyncWith(lock, async () => {
            print('acquired by', name);
            await asyncio.sleep(1);
          });
        }
        async function main() {
          const lock = new asyncio.Lock();
          await asyncio.gather(worker('A', lock), worker('B', lock), worker('C', lock));
          print('locked', lock.locked());
        }
        asyncio.run(main());`),
    ).toEqual(['0 acquired by A', '1 acquired by B', '2 acquired by C', '3 locked false']);
  });

  test('a task that releases and at once re-acquires queues behind the task already waiting', async () => {
    expect(
      await traced(`
        async function a(lock: asyncio.Lock) {
          await lock.acquire(); print('A holds'); await asyncio.sleep(1);
          lock.release(); await lock.acquire(); print('A again'); lock.release();
        }
        async function b(lock: asyncio.Lock) {
          await asyncio.sleep(0); await lock.acquire(); print('B holds'); await asyncio.sleep(1); lock.release();
        }
        async function main() {
          const lock = new asyncio.Lock();
          await asyncio.gather(a(lock), b(lock));
        }
        asyncio.run(main());`),
    ).toEqual(['0 A holds', '1 B holds', '2 A again']);
  });

  test('releasing a lock that is not held raises RuntimeError', async () => {
    expect(
      await traced(`
        async function main() {
          const lock = new asyncio.Lock();
          try { lock.release(); } catch (e) { print(e instanceof RuntimeError, e.name, e.message); }
          print(await lock.acquire(), String(lock));
        }
        asyncio.run(main());`),
    ).toEqual([
      '0 true RuntimeError Lock is not acquired.',
      '0 true <asyncio.locks.Lock object at 0x7f0000001000 [locked]>',
    ]);
  });

  test('a cancelled waiter does not keep the lock from the next one', async () => {
    expect(
      await traced(`
        async function worker(name: string, lock: asyncio.Lock) {
          await asyncio.asyncWith(lock, async () => {
            print('acquired by', name);
            await asyncio.sleep(1);
          });
        }
        async function main() {
          const lock = new asyncio.Lock();
          await lock.acquire();
          const w1 = asyncio.createTask(worker('W1', lock));
          const w2 = asyncio.createTask(worker('W2', lock));
          await asyncio.sleep(0.5);
          w1.cancel();
          await asyncio.sleep(0.5);
          lock.release();
          await asyncio.gather(w1, w2, { returnExceptions: true });
          print(w1.cancelled(), lock.locked());
        }
        asyncio.run(main());`),
    ).toEqual(['1 acquired by W2', '2 true false']);
  });
});

describe('Event', () => {
  test('wait blocks until set, set wakes every waiter, and clear makes waits block again', async () => {
    expect(
      await traced(`
        async function waiter(name: string, ev: asyncio.Event) {
          print(name, 'waits');
          const r = await ev.wait();
          print(name, 'woke', r);
        }
        async function main() {
          const ev = new asyncio.Event();
          const tasks = ['A', 'B'].map((n) => asyncio.createTask(waiter(n, ev)));
          await asyncio.sleep(1);
          print('isSet', ev.isSet()); ev.set(); print('isSet', ev.isSet());
          await asyncio.gather(...tasks);
          await waiter('C', ev);
          ev.clear(); print('isSet', ev.isSet());
          try { await asyncio.waitFor(ev.wait(), 0.5); } catch (e) { print('wait timed out', e instanceof asyncio.TimeoutError); }
          asyncio.getRunningLoop().callLater(1, () => ev.set());
          await waiter('D', ev);
        }
        asyncio.run(main());`),
    ).toEqual([
      '0 A waits',
      '0 B waits',
      '1 isSet false',
      '1 isSet true',
      '1 A woke true',
      '1 B woke true',
      '1 C waits',
      '1 C woke true',
      '1 isSet false',
      '1.5 wait timed out true',
      '1.5 D waits',
      '2.5 D woke true',
    ]);
  });
});

describe('Condition', () => {
  test('notify wakes one waiter, notifyAll the rest; they go on once the notifier releases the lock', async () => {
    expect(
      await traced(`
        async function consumer(name: string, cond: asyncio.Condition, items: string[]) {
          await asyncio.asyncWith(cond, async () => {
            print(name, 'waits');
            await cond.waitFor(() => items.length > 0);
            print(name, 'got', items.shift());
          });
        }
        async function plain(cond: asyncio.Condition) {
          await asyncio.asyncWith(cond, async () => {
            const r = await cond.wait();
            print('plain woke', r, cond.locked());
          });
        }
        async function main() {
          const cond = new asyncio.Condition();
          const items: string[] = [];
          const tasks = ['A', 'B', 'C'].map((n) => asyncio.createTask(consumer(n, cond, items)));
          await asyncio.sleep(1);
          await asyncio.asyncWith(cond, async () => {
            items.push('x1'); cond.notify(); print('notified one');
          });
          await asyncio.sleep(1);
          await asyncio.asyncWith(cond, async () => {
            items.push('x2', 'x3'); cond.notifyAll(); print('notified all');
            await asyncio.sleep(0.5);
            print('releasing');
          });
          await asyncio.gather(...tasks);
          const t = asyncio.createTask(plain(cond));
          await asyncio.sleep(1);
          await asyncio.asyncWith(cond, async () => cond.notifyAll());
          await t;
          print(cond.locked());
        }
        asyncio.run(main());`),
    ).toEqual([
      '0 A waits',
      '0 B waits',
      '0 C waits',
      '1 notified one',
      '1 A got x1',
      '2 notified all',
      '2.5 releasing',
      '2.5 B got x2',
      '2.5 C got x3',
      '3.5 plain woke true true',
      '3.5 false',
    ]);
  });

  test('a waiter cancelled while waiting takes the lock back before it sees CancelledError', async () => {
    expect(
      await traced(`
        async function waiter(cond: asyncio.Condition) {
          await asyncio.asyncWith(cond, async () => {
            try {
              await cond.wait();
            } catch (e) {
              print('cancelled, holds lock:', cond.locked());
              throw e;
            }
          });
        }
        async function main() {
          const cond = new asyncio.Condition();
          const t = asyncio.createTask(waiter(cond));
          await asyncio.sleep(1);
          await asyncio.asyncWith(cond, async () => {
            t.cancel();
            await asyncio.sleep(1);
            print('main releases');
          });
          try { await t; } catch (e) { print('t cancelled', t.cancelled(), cond.locked()); }
        }
        asyncio.run(main());`),
    ).toEqual(['2 main releases', '2 cancelled, holds lock: true', '2 t cancelled true false']);
  });

  test('wait and notify without holding the lock raise RuntimeError', async () => {
    expect(
      await traced(`
        async function main() {
          const cond = new asyncio.Condition(new asyncio.Lock());
          try { await cond.wait(); } catch (e) { print(e.name, e.message); }
          try { cond.notify(); } catch (e) { print(e.name, e.message); }
          try { cond.notifyAll(); } catch (e) { print(e.name, e.message); }
        }
        asyncio.run(main());`),
    ).toEqual([
      '0 RuntimeError cannot wait on un-acquired lock',
      '0 RuntimeError cannot notify on un-acquired lock',
      '0 RuntimeError cannot notify on un-acquired lock',
    ]);
  });
});

describe('Semaphore', () => {
  test('a Semaphore(2) lets two tasks in at a time', async () => {
    expect(
      await traced(`
        async function worker(name: string, sem: asyncio.Semaphore) {
          await asyncio.asyncWith(sem, async () => {
            print('start', name);
            await asyncio.sleep(1);
          });
        }
        async function main() {
          const sem = new asyncio.Semaphore(2);
          await asyncio.gather(...['A', 'B', 'C', 'D', 'E'].map((n) => worker(n, sem)));
        }
        asyncio.run(main());`),
    ).toEqual(['0 start A', '0 start B', '1 start C', '1 start D', '2 start E']);
  });

  test('a released slot goes to the task waiting for it, not to one arriving at the same instant', async () => {
    // CPython 3.11.1's fix: before it, C took the slot that A's release meant for B.
    expect(
      await traced(`
        async function holder(sem: asyncio.Semaphore) {
          await sem.acquire(); print('A acquired'); await asyncio.sleep(1); sem.release(); print('A released');
        }
        async function waiter(sem: asyncio.Semaphore) {
          await asyncio.sleep(0.5); print('B waits'); await sem.acquire(); print('B acquired'); sem.release();
        }
        async function thief(sem: asyncio.Semaphore) {
          await asyncio.sleep(1); print('C tries, locked:', sem.locked()); await sem.acquire(); print('C acquired'); sem.release();
        }
        async function main() {
          const sem = new asyncio.Semaphore({ value: 1 });
          await asyncio.gather(holder(sem), waiter(sem), thief(sem));
          print(String(sem));
        }
        asyncio.run(main());`),
    ).toEqual([
      '0 A acquired',
      '0.5 B waits',
      '1 A released',
      '1 C tries, locked: true',
      '1 B acquired',
      '1 C acquired',
      '1 <asyncio.locks.Semaphore object at 0x7f0000001000 [unlocked, value:1]>',
    ]);
  });

  test('a BoundedSemaphore released more often than acquired raises ValueError', async () => {
    expect(
      await traced(`
        async function main() {
          const b = new asyncio.BoundedSemaphore(1);
          await b.acquire(); b.release();
          try { b.release(); } catch (e) { print(e instanceof ValueError, e.name, e.message); }
          const s = new asyncio.Semaphore(1);
          s.release(); print('a plain Semaphore grows to', String(s));
          try { new asyncio.Semaphore(-1); } catch (e) { print(e.name, e.message); }
        }
        asyncio.run(main());`),
    ).toEqual([
      '0 true ValueError BoundedSemaphore released too many times',
      '0 a plain Semaphore grows to <asyncio.locks.Semaphore object at 0x7f0000001000 [unlocked, value:2]>',
      '0 ValueError Semaphore initial value must be >= 0',
    ]);
  });
});

describe('Queue', () => {
  test('a producer waits while the bounded queue is full; join waits until every item is taskDone', async () => {
    expect(
      await traced(`
        async function producer(q: asyncio.Queue<number>, n: number) {
          for (let i = 0; i < n; i++) {
            await q.put(i);
            print('put', i, 'qsize', q.qsize());
          }
          print('producer done');
        }
        async function consumer(name: string, q: asyncio.Queue<number>) {
          for (;;) {
            const item = await q.get();
            await asyncio.sleep(1);
            print(name, 'processed', item);
            q.taskDone();
          }
        }
        async function main() {
          const q = new asyncio.Queue<number>(2);
          print('maxsize', q.maxsize, 'empty', q.empty(), 'full', q.full());
          const workers = ['c1', 'c2'].map((n) => asyncio.createTask(consumer(n, q)));
          await producer(q, 5);
          await q.join();
          print('joined', q.empty());
          for (const w of workers) w.cancel();
        }
        asyncio.run(main());`),
    ).toEqual([
      '0 maxsize 2 empty true full false',
      '0 put 0 qsize 1',
      '0 put 1 qsize 2',
      '0 put 2 qsize 1',
      '0 put 3 qsize 2',
      '1 c1 processed 0',
      '1 c2 processed 1',
      '1 put 4 qsize 1',
      '1 producer done',
      '2 c1 processed 2',
      '2 c2 processed 3',
      '3 c1 processed 4',
      '3 joined true',
    ]);
  });

  test('getNowait on an empty queue raises QueueEmpty, putNowait on a full one QueueFull, a surplus taskDone ValueError', async () => {
    expect(
      await traced(`
        async function main() {
          const q = new asyncio.Queue({ maxsize: 2 });
          try { q.getNowait(); } catch (e) { print(e instanceof asyncio.QueueEmpty, e.name, JSON.stringify(e.message)); }
          q.putNowait('a'); q.putNowait('b');
          try { q.putNowait('c'); } catch (e) { print(e instanceof asyncio.QueueFull, e.name, JSON.stringify(e.message), q.full()); }
          print(String(q));
          q.getNowait(); q.taskDone(); q.getNowait(); q.taskDone();
          try { q.taskDone(); } catch (e) { print(e.name, e.message); }
        }
        asyncio.run(main());`),
    ).toEqual([
      '0 true QueueEmpty ""',
      '0 true QueueFull "" true',
      "0 <Queue maxsize=2 _queue=['a', 'b'] tasks=2>",
      '0 ValueError task_done() called too many times',
    ]);
  });

  test('LifoQueue gives the last item first; PriorityQueue the smallest, arrays compared as tuples', async () => {
    expect(
      await traced(`
        async function main() {
          const lq = new asyncio.LifoQueue<number>();
          for (const x of [1, 2, 3]) lq.putNowait(x);
          print([lq.getNowait(), lq.getNowait(), lq.getNowait()].join());
          const pq = new asyncio.PriorityQueue<[number, string]>();
          for (const item of [[5, 'e'], [1, 'a'], [10, 'j'], [2, 'b'], [1, 'aa'], [2, 'B']] as [number, string][]) pq.putNowait(item);
          const out = [];
          while (!pq.empty()) out.push(pq.getNowait().join(':'));
          print(out.join(' '));
          const numbers = new asyncio.PriorityQueue<number>();
          for (const x of [3, 11, 2, 100, 25]) await numbers.put(x);
          const sorted = [];
          while (numbers.qsize() > 0) sorted.push(await numbers.get());
          print(sorted.join());
        }
        asyncio.run(main());`),
    ).toEqual(['0 3,2,1', '0 1:a 1:aa 2:B 2:b 5:e 10:j', '0 2,3,11,25,100']);
  });

  test('get waits for an item that another task puts later', async () => {
    expect(
      await traced(`
        async function main() {
          const q = new asyncio.Queue<string>();
          const getter = asyncio.createTask((async () => print('got', await q.get()))());
          await asyncio.sleep(1);
          print(String(q));
          await q.put('late');
          await getter;
          print(String(q));
        }
        asyncio.run(main());`),
    ).toEqual(['1 <Queue maxsize=0 _getters[1]>', '1 got late', '1 <Queue maxsize=0 tasks=1>']);
  });

  test('get returns a queued task or future itself, not its result', async () => {
    expect(
      await traced(`
        async function main() {
          const q = new asyncio.Queue<asyncio.Future<number>>();
          const task = asyncio.createTask(asyncio.sleep(1, 7));
          q.putNowait(task);
          // Typed as a promise's value, as a Future is a PromiseLike; Python gives the task itself.
          const got = (await q.get()) as unknown as asyncio.Task<number>;
          print(got === task, got.done(), await got);
        }
        asyncio.run(main());`),
    ).toEqual(['1 true false 7']);
  });
});

describe('asyncWith', () => {
  test('awaits __aenter__, runs the body with its value, and passes an exception to __aexit__, which may suppress it', async () => {
    expect(
      await traced(`
        class CM {
          suppress: boolean;
          constructor(suppress: boolean) { this.suppress = suppress; }
          async __aenter__() { print('enter'); await asyncio.sleep(1); return 'value'; }
          async __aexit__(et: any, e: any, tb: any) {
            print('exit', et ? et.name : et, e ? e.message : e, tb);
            await asyncio.sleep(1);
            return this.suppress;
          }
        }
        async function main() {
          print('returns', await asyncio.asyncWith(new CM(false), async (v) => { print('body', v); return 42; }));
          await asyncio.asyncWith(new CM(true), async () => { throw new ValueError('suppressed'); });
          print('after suppressed');
          try {
            await asyncio.asyncWith(new CM(false), async () => { throw new ValueError('propagates'); });
          } catch (e) { print('caught', e.message); }
        }
        asyncio.run(main());`),
    ).toEqual([
      '0 enter',
      '1 body value',
      '1 exit null null null',
      '2 returns 42',
      '2 enter',
      '3 exit ValueError suppressed null',
      '4 after suppressed',
      '4 enter',
      '5 exit ValueError propagates null',
      '6 caught propagates',
    ]);
  });

  test('an object without __aenter__ or __aexit__ is a TypeError with CPython’s message', async () => {
    expect(
      await traced(`
        class Half { async __aenter__() { return 1; } }
        async function main() {
          for (const cm of [{}, new Half(), 5]) {
            try { await asyncio.asyncWith(cm as any, async () => print('not here')); } catch (e) { print(e.name, e.message); }
          }
        }
        asyncio.run(main());`),
    ).toEqual([
      "0 TypeError 'Object' object does not support the asynchronous context manager protocol",
      "0 TypeError 'Half' object does not support the asynchronous context manager protocol (missed __aexit__ method)",
      "0 TypeError 'number' object does not support the asynchronous context manager protocol",
    ]);
  });
});

describe('TaskGroup', () => {
  test('when a task fails, the others and the body are cancelled and the group raises an ExceptionGroup of the error', async () => {
    expect(
      await traced(`
        async function child(name: string, delay: number, fail = false) {
          try {
            await asyncio.sleep(delay);
            if (fail) throw new ValueError(name + ' failed');
            print(name, 'done');
            return name;
          } catch (e) {
            if (e instanceof asyncio.CancelledError) print(name, 'cancelled');
            throw e;
          }
        }
        async function main() {
          let a: asyncio.Task<string> | undefined;
          let c: asyncio.Task<string> | undefined;
          try {
            await asyncio.asyncWith(new asyncio.TaskGroup(), async (tg) => {
              a = tg.createTask(child('A', 1));
              tg.createTask(child('B', 2, true));
              c = tg.createTask(child('C', 3));
              print('body waits');
              try {
                await asyncio.sleep(10);
              } catch (e) {
                print('body cancelled');
                throw e;
              }
            });
          } catch (e) {
            print(e.name, e.message, e.exceptions.length, String(e.exceptions[0]));
            print(e instanceof ExceptionGroup, e instanceof AggregateError, e.errors === e.exceptions);
          }
          print(a?.result(), c?.cancelled(), asyncio.currentTask()?.cancelling());
          await asyncio.sleep(1);
          print('main goes on');
        }
        asyncio.run(main());`),
    ).toEqual([
      '0 body waits',
      '1 A done',
      '2 C cancelled',
      '2 body cancelled',
      '2 ExceptionGroup unhandled errors in a TaskGroup (1 sub-exception) 1 ValueError: B failed',
      '2 true true true',
      '2 A true 0',
      '3 main goes on',
    ]);
  });

  test('the group waits for all its tasks; an error in the body cancels them and joins the ExceptionGroup', async () => {
    expect(
      await traced(`
        async function child(name: string, delay: number, fail = false) {
          try {
            await asyncio.sleep(delay);
            if (fail) throw new ValueError(name + ' failed');
            print(name, 'done');
            return name;
          } catch (e) {
            if (e instanceof asyncio.CancelledError) print(name, 'cancelled');
            throw e;
          }
        }
        async function main() {
          const ts = await asyncio.asyncWith(new asyncio.TaskGroup(), async (tg) =>
            [['X', 2], ['Y', 1]].map(([n, d]) => tg.createTask(child(n as string, d as number))),
          );
          print(ts.map((t) => t.result()).join());
          try {
            await asyncio.asyncWith(new asyncio.TaskGroup(), async (tg) => {
              tg.createTask(child('D', 1));
              await asyncio.sleep(0.5);
              throw new RuntimeError('body failed');
            });
          } catch (e) { print(e.name, e.message, String(e.exceptions[0])); }
          try {
            await asyncio.asyncWith(new asyncio.TaskGroup(), async (tg) => {
              tg.createTask(child('E', 1, true));
              tg.createTask(child('F', 1, true));
            });
          } catch (e) { print(e.message, e.exceptions.map((x: Error) => x.message).join()); }
        }
        asyncio.run(main());`),
    ).toEqual([
      '1 Y done',
      '2 X done',
      '2 X,Y',
      '2.5 D cancelled',
      '2.5 ExceptionGroup unhandled errors in a TaskGroup (1 sub-exception) RuntimeError: body failed',
      '3.5 unhandled errors in a TaskGroup (2 sub-exceptions) E failed,F failed',
    ]);
  });

  test('createTask names tasks as CPython does and refuses a group not entered or finished', async () => {
    expect(
      await traced(`
        async function c() {}
        async function main() {
          let tg = new asyncio.TaskGroup();
          await asyncio.asyncWith(tg, async (g) => {
            const t1 = g.createTask(c(), { name: 'named' });
            const t2 = g.createTask(c());
            print(t1.getName(), t2.getName(), String(g), g === tg);
          });
          print(String(tg));
          const coro = c();
          try { tg.createTask(coro); } catch (e) { print(e.name, e.message); }
          try { new asyncio.TaskGroup().createTask(coro); } catch (e) { print(e.name, e.message); }
          await coro;
        }
        asyncio.run(main());`),
    ).toEqual([
      '0 named Task-3 <TaskGroup tasks=2 entered> true',
      '0 <TaskGroup entered>',
      '0 RuntimeError TaskGroup <TaskGroup entered> is finished',
      '0 RuntimeError TaskGroup <TaskGroup> has not been entered',
    ]);
  });
});

describe('timeout', () => {
  test('at the deadline the body sees CancelledError and the block raises TimeoutError', async () => {
    expect(
      await traced(`
        async function main() {
          let cm: asyncio.Timeout | undefined;
          try {
            await asyncio.asyncWith(asyncio.timeout(1.5), async (t) => {
              cm = t;
              print(String(t));
              try {
                await asyncio.sleep(10);
              } catch (e) {
                print('inner saw', e.name);
                throw e;
              }
            });
          } catch (e) {
            print(e.name, JSON.stringify(e.message), e instanceof asyncio.TimeoutError, cm?.expired(), String(cm), e.cause?.name);
          }
          print('cancelling', asyncio.currentTask()?.cancelling());
        }
        asyncio.run(main());`),
    ).toEqual([
      '0 <Timeout [active] when=1.5>',
      '1.5 inner saw CancelledError',
      '1.5 TimeoutError "" true true <Timeout [expired]> CancelledError',
      '1.5 cancelling 0',
    ]);
  });

  test('reschedule moves the deadline, null removes it, a past one expires at once', async () => {
    expect(
      await traced(`
        async function main() {
          const loop = asyncio.getRunningLoop();
          const cm = asyncio.timeout(1);
          await asyncio.asyncWith(cm, async () => {
            cm.reschedule(loop.time() + 3);
            await asyncio.sleep(2);
            print('rescheduled', cm.when(), cm.expired());
          });
          print(String(cm), cm.expired());
          const at = asyncio.timeoutAt(loop.time() + 1);
          try {
            await asyncio.asyncWith(at, async () => {
              await asyncio.sleep(0.5);
              at.reschedule(null);
              print('no deadline', at.when());
              await asyncio.sleep(5);
              at.reschedule(loop.time() - 1);
              await asyncio.sleep(5);
            });
          } catch (e) { print('expired at once', e.name, at.expired()); }
          try { at.reschedule(3); } catch (e) { print(e.message); }
          try { asyncio.timeout(1).reschedule(1); } catch (e) { print(e.message); }
          try { await cm.__aenter__(); } catch (e) { print(e.message); }
        }
        asyncio.run(main());`),
    ).toEqual([
      '2 rescheduled 3 false',
      '2 <Timeout [finished]> false',
      '2.5 no deadline null',
      '7.5 expired at once TimeoutError true',
      '7.5 Cannot change state of expired Timeout',
      '7.5 Timeout has not been entered',
      '7.5 Timeout has already been entered',
    ]);
  });

  test('a body that swallows the cancellation ends normally; of nested timeouts only the expired one raises', async () => {
    expect(
      await traced(`
        async function main() {
          const cm = asyncio.timeout(1);
          await asyncio.asyncWith(cm, async () => {
            try { await asyncio.sleep(2); } catch (e) { print('swallowed', e.name); }
          });
          print('after swallow', cm.expired(), asyncio.currentTask()?.cancelling());
          const outer = asyncio.timeout(1);
          const inner = asyncio.timeout(5);
          try {
            await asyncio.asyncWith(outer, () => asyncio.asyncWith(inner, () => asyncio.sleep(3)));
          } catch (e) { print(e.name, 'outer', outer.expired(), 'inner', inner.expired()); }
        }
        asyncio.run(main());`),
    ).toEqual(['1 swallowed CancelledError', '1 after swallow true 0', '2 TimeoutError outer true inner false']);
  });
});

describe('asCompleted and shield', () => {
  test('asCompleted yields awaitables in completion order, results and exceptions alike', async () => {
    expect(
      await traced(`
        async function job(name: string, delay: number, fail = false) {
          await asyncio.sleep(delay);
          if (fail) throw new ValueError(name);
          return name;
        }
        async function main() {
          for (const f of asyncio.asCompleted([job('slow', 3), job('fast', 1), job('mid', 2)])) print(await f);
          for (const f of asyncio.asCompleted([job('ok', 1), job('bad', 0.5, true)])) {
            try { print(await f); } catch (e) { print('raised', String(e)); }
          }
          print([...asyncio.asCompleted([])].length);
        }
        asyncio.run(main());`),
    ).toEqual(['1 fast', '2 mid', '3 slow', '3.5 raised ValueError: bad', '4 ok', '4 0']);
  });

  test('asCompleted with a timeout raises TimeoutError for what has not finished; a single task is a TypeError', async () => {
    expect(
      await traced(`
        async function job(name: string, delay: number) {
          await asyncio.sleep(delay);
          return name;
        }
        async function main() {
          const tasks = [asyncio.createTask(job('t1', 1)), asyncio.createTask(job('t2', 5))];
          try {
            for (const f of asyncio.asCompleted(tasks, { timeout: 2 })) print(await f);
          } catch (e) { print(e.name, tasks[1]?.done()); }
          try { for (const f of asyncio.asCompleted(tasks[0] as any)) print(f); } catch (e) { print(e.name, e.message); }
          tasks[1]?.cancel();
        }
        asyncio.run(main());`),
    ).toEqual(['1 t1', '2 TimeoutError false', '2 TypeError expect an iterable of futures, not Task']);
  });

  test('shield keeps the inner task running when the waiter is cancelled or times out', async () => {
    expect(
      await traced(`
        async function inner() {
          await asyncio.sleep(2);
          print('inner finished');
          return 'result';
        }
        async function waiter(task: asyncio.Task<string>) {
          try {
            return await asyncio.shield(task);
          } catch (e) {
            print('waiter cancelled, inner done:', task.done());
            throw e;
          }
        }
        async function main() {
          const task = asyncio.createTask(inner());
          try { await asyncio.waitFor(asyncio.shield(task), 1); } catch (e) { print(e.name, 'inner cancelled:', task.cancelled()); }
          print(await task);
          const task2 = asyncio.createTask(inner());
          const w = asyncio.createTask(waiter(task2));
          await asyncio.sleep(1);
          w.cancel();
          await asyncio.sleep(0);
          print('w cancelled', w.cancelled());
          print(await task2);
          const done = asyncio.getRunningLoop().createFuture();
          done.setResult(1);
          print(asyncio.shield(done) === done);
          const task3 = asyncio.createTask(inner());
          const sh = asyncio.shield(task3);
          await asyncio.sleep(0);
          task3.cancel();
          try { await sh; } catch (e) { print('shield cancelled with inner', e.name); }
        }
        asyncio.run(main());`),
    ).toEqual([
      '1 TimeoutError inner cancelled: false',
      '2 inner finished',
      '2 result',
      '3 waiter cancelled, inner done: false',
      '3 w cancelled true',
      '4 inner finished',
      '4 result',
      '4 true',
      '4 shield cancelled with inner CancelledError',
    ]);
  });
});

describe('ExceptionGroup', () => {
  test('is a global AggregateError with Python’s constructor and CPython’s messages', async () => {
    expect(
      await traced(`
        const eg = new ExceptionGroup('msg', [new ValueError('a'), new TypeError('b')]);
        print(eg.name, eg.message, eg.exceptions.length, eg.errors === eg.exceptions, String(eg));
        try { new ExceptionGroup('x', []); } catch (e) { print(e.name, e.message); }`),
    ).toEqual([
      '0 ExceptionGroup msg (2 sub-exceptions) 2 true ExceptionGroup: msg (2 sub-exceptions)',
      '0 ValueError second argument (exceptions) must be a non-empty sequence',
    ]);
  });
});

describe('deadlock reports', () => {
  test('name the Lock, Queue or Event each task waits for, with the line', async () => {
    const result = await run(`import * as asyncio from 'asyncio';
async function main() {
  const lock = new asyncio.Lock();
  const queue = new asyncio.Queue();
  const event = new asyncio.Event();
  await lock.acquire();
  asyncio.createTask(asyncio.asyncWith(lock, async () => print('never')), { name: 'locker' });
  asyncio.createTask(queue.get(), { name: 'getter' });
  await event.wait();
}
asyncio.run(main());`);
    expect(result.status).toBe('deadlock');
    expect(result.deadlock).toEqual({
      message:
        'deadlock: every task is waiting and nothing is left that could wake one up (Task-1 waits for Event.wait())',
      tasks: [
        { task: 'Task-1', awaits: 'Event.wait()', line: 9, column: 15 },
        { task: 'locker', awaits: 'Lock.acquire()', line: 7, column: 30 },
        { task: 'getter', awaits: 'Queue.get() on an empty queue', line: 8, column: 28 },
      ],
    });
  });

  test('name a full queue, a join, a semaphore, a condition and a TaskGroup', async () => {
    const result = await run(`import * as asyncio from 'asyncio';
async function main() {
  const queue = new asyncio.Queue(1);
  queue.putNowait('x');
  const sem = new asyncio.Semaphore(0);
  const cond = new asyncio.Condition();
  asyncio.createTask(queue.put('y'), { name: 'putter' });
  asyncio.createTask(queue.join(), { name: 'joiner' });
  asyncio.createTask(sem.acquire(), { name: 'sem' });
  asyncio.createTask(asyncio.asyncWith(cond, () => cond.wait()), { name: 'cond' });
  await asyncio.asyncWith(new asyncio.TaskGroup(), async (tg) => {
    tg.createTask(new asyncio.Event().wait(), { name: 'child' });
  });
}
asyncio.run(main());`);
    expect(result.status).toBe('deadlock');
    expect(result.deadlock?.tasks.map(({ task, awaits, line }) => [task, awaits, line])).toEqual([
      ['Task-1', 'the tasks of a TaskGroup to finish', 11],
      ['putter', 'Queue.put() on a full queue', 7],
      ['joiner', 'Queue.join(): items not yet marked done with taskDone()', 8],
      ['sem', 'Semaphore.acquire()', 9],
      ['cond', 'Condition.wait()', 10],
      ['child', 'Event.wait()', 12],
    ]);
  });
});
