/**
 * The runtime's asyncio against CPython 3.11: each program is the TypeScript form of a
 * Python program whose output CPython gives as asserted here.
 */
import { describe, expect, test } from 'vitest';
import { trace, usePool } from '../../tests/support.ts';

const run = usePool();

/** Runs a program that starts with `import * as asyncio from 'asyncio'` and returns its lines. */
async function lines(body: string): Promise<string[]> {
  const result = await run(`import * as asyncio from 'asyncio';\n${body}`);
  expect(result.error).toBeUndefined();
  expect(result.status).toBe('ok');
  return result.events.map((e) => e.text);
}

describe('coroutines and tasks', () => {
  test('a coroutine body does not run until it is awaited', async () => {
    expect(
      await lines(`
        async function work() { print('body'); return 1; }
        const coro = work();
        print('created');
        print(asyncio.run(coro));`),
    ).toEqual(['created', 'body', '1']);
  });

  test('awaiting a done future does not yield to other tasks', async () => {
    expect(
      await lines(`
        async function other() { print('other'); }
        async function main() {
          const fut = asyncio.getRunningLoop().createFuture();
          fut.setResult(1);
          const t = asyncio.createTask(other());
          print('before'); await fut; print('after'); await t;
        }
        asyncio.run(main());`),
    ).toEqual(['before', 'after', 'other']);
  });

  test('createTask starts the task on the next loop iteration', async () => {
    expect(
      await lines(`
        async function child() { print('child runs'); }
        async function main() {
          const t = asyncio.createTask(child());
          print('created'); await asyncio.sleep(0); print('after sleep0'); await t;
        }
        asyncio.run(main());`),
    ).toEqual(['created', 'child runs', 'after sleep0']);
  });

  test('task names count as CPython counts them, gather’s wrapped coroutines included', async () => {
    expect(
      await lines(`
        async function main() {
          print(asyncio.currentTask().getName());
          const t = asyncio.createTask(asyncio.sleep(0)); print(t.getName()); await t;
          await asyncio.gather(asyncio.sleep(0), asyncio.sleep(0));
          const named = asyncio.createTask(asyncio.sleep(0), { name: 'mine' }); print(named.getName()); await named;
          const t2 = asyncio.createTask(asyncio.sleep(0)); print(t2.getName()); await t2;
        }
        asyncio.run(main());`),
    ).toEqual(['Task-1', 'Task-2', 'mine', 'Task-5']);
  });

  test('nested asyncio.run raises CPython’s RuntimeError and leaves the coroutine never awaited', async () => {
    const result = await run(`import * as asyncio from 'asyncio';
async function inner() { print('inner'); }
async function main() {
  try { asyncio.run(inner()); } catch (e) { print(e.name, e.message); }
}
asyncio.run(main());`);
    expect(trace(result)).toEqual(['0 RuntimeError asyncio.run() cannot be called from a running event loop']);
    expect(result.warnings).toMatchObject([
      { kind: 'never-awaited', message: "coroutine 'inner' was never awaited", line: 4 },
    ]);
  });

  test('a coroutine cannot be awaited twice', async () => {
    expect(
      await lines(`
        async function work() { return 1; }
        async function main() {
          const coro = work();
          await coro;
          try { await coro; } catch (e) { print(e.name, e.message); }
        }
        asyncio.run(main());`),
    ).toEqual(['RuntimeError cannot reuse already awaited coroutine']);
  });
});

describe('gather and wait', () => {
  test('gather propagates the first exception, or returns it with returnExceptions', async () => {
    expect(
      await lines(`
        async function boom() { throw new ValueError('x'); }
        async function main() {
          try { await asyncio.gather(boom(), asyncio.sleep(0.1, 'ok')); } catch (e) { print('gather raised', e.message); }
          const r = await asyncio.gather(boom(), asyncio.sleep(0.1, 'ok'), { returnExceptions: true });
          print(r.map(String).join(' | '));
        }
        asyncio.run(main());`),
    ).toEqual(['gather raised x', 'ValueError: x | ok']);
  });

  test('wait with FIRST_COMPLETED returns the first task done and the rest pending in argument order', async () => {
    const result = await run(`import * as asyncio from 'asyncio';
async function main() {
  const ts = [0.3, 0.1, 0.2].map((d) => asyncio.createTask(asyncio.sleep(d, d), { name: 'T' + d }));
  const [done, pending] = await asyncio.wait(ts, { returnWhen: asyncio.FIRST_COMPLETED });
  print([...done].map((t) => t.getName()).join(), [...pending].map((t) => t.getName()).join());
  for (const t of pending) t.cancel();
}
asyncio.run(main());`);
    expect(trace(result)).toEqual(['0.1 T0.1 T0.3,T0.2']);
  });

  test('wait with a timeout returns done tasks in completion order', async () => {
    const result = await run(`import * as asyncio from 'asyncio';
async function main() {
  const ts = [3, 1, 2].map((d) => asyncio.createTask(asyncio.sleep(d, d)));
  const [done, pending] = await asyncio.wait(ts, { timeout: 2.5 });
  print([...done].map((t) => t.result()).join(), pending.size);
  for (const t of pending) t.cancel();
}
asyncio.run(main());`);
    expect(trace(result)).toEqual(['2.5 1,2 1']);
  });

  test('wait rejects an empty set and a bad returnWhen with CPython’s messages', async () => {
    expect(
      await lines(`
        async function main() {
          try { await asyncio.wait([]); } catch (e) { print(e.name, e.message); }
          const t = asyncio.createTask(asyncio.sleep(0));
          try { await asyncio.wait([t], { returnWhen: 'SOON' }); } catch (e) { print(e.name, e.message); }
          await t;
        }
        asyncio.run(main());`),
    ).toEqual(['ValueError Set of Tasks/Futures is empty.', 'ValueError Invalid return_when value: SOON']);
  });
});

describe('cancellation and time-outs', () => {
  test('cancellation is delivered at the line that awaits', async () => {
    const result = await run(`import * as asyncio from 'asyncio';
async function sleeper() {
  try {
    await asyncio.sleep(10);
    print('finished');
  } catch (e) {
    if (e instanceof asyncio.CancelledError) print('cancelled');
    throw e;
  }
}
async function main() {
  const t = asyncio.createTask(sleeper());
  await asyncio.sleep(1);
  print('cancel returns', t.cancel());
  try { await t; } catch (e) { print('main saw CancelledError', t.cancelled()); }
}
asyncio.run(main());`);
    expect(trace(result)).toEqual(['1 cancel returns true', '1 cancelled', '1 main saw CancelledError true']);
    expect(result.elapsed).toBe(1);
  });

  test('a task that cancels itself sees CancelledError at its next await', async () => {
    expect(
      await lines(`
        async function main() {
          asyncio.currentTask().cancel();
          try {
            print('still running');
            await asyncio.sleep(0);
            print('not here');
          } catch (e) { print('cancel delivered at next await'); }
        }
        asyncio.run(main());`),
    ).toEqual(['still running', 'cancel delivered at next await']);
  });

  test('waitFor cancels the inner task and raises TimeoutError at the deadline', async () => {
    const result = await run(`import * as asyncio from 'asyncio';
async function slow() {
  try { await asyncio.sleep(10); } catch (e) { print('inner saw', e.name); throw e; }
}
async function main() {
  try { await asyncio.waitFor(slow(), 1.5); } catch (e) { print('timeout', e.name, JSON.stringify(e.message)); }
  print(await asyncio.waitFor(asyncio.sleep(1, 'in time'), 2));
}
asyncio.run(main());`);
    expect(trace(result)).toEqual(['1.5 inner saw CancelledError', '1.5 timeout TimeoutError ""', '2.5 in time']);
  });

  test('asyncio.run cancels tasks left running when main returns', async () => {
    const result = await run(`import * as asyncio from 'asyncio';
async function forever() {
  try { await asyncio.sleep(100); } catch (e) { print('cleanup', e.name); throw e; }
}
async function main() { asyncio.createTask(forever()); await asyncio.sleep(1); }
asyncio.run(main());`);
    expect(trace(result)).toEqual(['1 cleanup CancelledError']);
    expect(result.warnings).toEqual([]);
  });
});

describe('the event loop', () => {
  test('callbacks due at the same time run in the order they were scheduled', async () => {
    expect(
      await lines(`
        const loop = asyncio.newEventLoop();
        for (const name of ['a', 'b', 'c']) loop.callLater(1, print, name);
        loop.callSoon(print, 'soon');
        loop.callAt(loop.time() + 0.5, print, 'half');
        loop.callLater(1.5, () => loop.stop());
        loop.runForever();`),
    ).toEqual(['soon', 'half', 'a', 'b', 'c']);
  });

  test('loop methods raise CPython’s errors for misuse', async () => {
    expect(
      await lines(`
        async function main() {
          const loop = asyncio.getRunningLoop();
          try { loop.runUntilComplete(asyncio.sleep(0)); } catch (e) { print(e.message); }
        }
        asyncio.run(main());
        try { asyncio.getEventLoop(); } catch (e) { print(e.message); }
        try { asyncio.createTask(asyncio.sleep(0)); } catch (e) { print(e.message); }`),
    ).toEqual([
      'This event loop is already running',
      "There is no current event loop in thread 'MainThread'.",
      'no running event loop',
    ]);
  });

  test('a Future’s result before it is set raises InvalidStateError', async () => {
    expect(
      await lines(`
        const fut = new asyncio.Future({ loop: asyncio.newEventLoop() });
        try { fut.result(); } catch (e) { print(e.name, e.message); }
        try { fut.exception(); } catch (e) { print(e.name, e.message); }
        fut.setResult(3);
        try { fut.setResult(4); } catch (e) { print(e.name, e.message); }
        print(fut.result(), fut.done(), String(fut));`),
    ).toEqual([
      'InvalidStateError Result is not set.',
      'InvalidStateError Exception is not set.',
      'InvalidStateError invalid state',
      '3 true <Future finished result=3>',
    ]);
  });

  test('the timeline draws the timers a program sets, fired or cancelled, and what tasks await', async () => {
    const result = await run(`import * as asyncio from 'asyncio';
function ring() { print('ring'); }
async function main() {
  const loop = asyncio.getRunningLoop();
  loop.callLater(1, ring);
  const never = loop.callLater(5, ring);
  const helper = asyncio.createTask(asyncio.sleep(2), { name: 'helper' });
  await helper;
  never.cancel();
}
asyncio.run(main());`);
    const spans = result.timeline.filter((s) => s.kind === 'timer' || s.kind === 'await');
    expect(spans).toEqual([
      { kind: 'timer', name: 'ring()', start: 0, end: 1, state: 'done' },
      { kind: 'timer', name: 'ring()', start: 0, end: 2, state: 'cancelled' },
      { kind: 'await', name: 'Task-1', detail: "Task 'helper'", start: 0, end: 2, state: 'done' },
      { kind: 'await', name: 'helper', detail: 'sleep(2)', start: 0, end: 2, state: 'done' },
    ]);
  });

  test('a big program keeps every task span but only the first 2,000 await and timer spans', async () => {
    const result = await run(`import * as asyncio from 'asyncio';
async function main() { for (let i = 0; i < 3000; i++) await asyncio.sleep(0.001); }
asyncio.run(main());`);
    expect(result.timeline.filter((s) => s.kind === 'await')).toHaveLength(2000);
    expect(result.timeline.filter((s) => s.kind === 'task')).toHaveLength(3);
  });
});

describe('JavaScript’s own asynchronous globals share the virtual loop', () => {
  test('promises, setTimeout and Date run on the virtual clock without asyncio', async () => {
    const result = await run(`
const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
async function main() {
  const start = Date.now();
  await wait(1500);
  print('waited', Date.now() - start);
  const values = await Promise.all([wait(500).then(() => 'a'), Promise.resolve('b')]);
  print(values.join(), performance.now());
}
void main().then(() => print('main done'));
setTimeout(() => print('timer'), 100);`);
    expect(result.status).toBe('ok');
    expect(trace(result)).toEqual(['0.1 timer', '1.5 waited 1500', '2 a,b 2000', '2 main done']);
  });

  test('a task can await a promise', async () => {
    const result = await run(`import * as asyncio from 'asyncio';
async function main() {
  const value = await new Promise((resolve) => setTimeout(() => resolve('resolved'), 250));
  print(value);
}
asyncio.run(main());`);
    expect(trace(result)).toEqual(['0.25 resolved']);
  });

  test('tasks and futures are thenable, so promise combinators accept them', async () => {
    const result = await run(`import * as asyncio from 'asyncio';
async function main() {
  const task = asyncio.createTask(asyncio.sleep(1, 'task'));
  const values = await Promise.all([task, asyncio.sleep(2, 'coroutine'), 'plain']);
  print(values.join());
  print(await task.then((v) => v + ' again'));
}
asyncio.run(main());`);
    expect(trace(result)).toEqual(['2 task,coroutine,plain', '2 task again']);
  });

  test('Math.random is seeded: the same seed gives the same numbers, another seed others', async () => {
    const source = 'print(Math.random(), Math.random());';
    const [a, b, c] = await Promise.all([run(source, { seed: 1 }), run(source, { seed: 1 }), run(source, { seed: 2 })]);
    expect(trace(a)).toEqual(trace(b));
    expect(trace(a)).not.toEqual(trace(c));
  });
});

describe('diagnostics', () => {
  test('warns about a blocking call that holds the loop, with its line', async () => {
    const result = await run(`import * as asyncio from 'asyncio';
import * as time from 'time';
async function work() {
  time.sleep(1);
  await asyncio.sleep(1);
}
async function main() { await asyncio.gather(work(), work()); }
asyncio.run(main());`);
    expect(result.elapsed).toBe(3);
    expect(result.warnings).toMatchObject([
      { kind: 'blocking-call', line: 4, t: 1 },
      { kind: 'blocking-call', line: 4, t: 2 },
    ]);
    expect(result.warnings[0]?.message).toMatch(/^Executing <Task .*name='Task-2'.* took 1\.000 seconds$/);
  });

  test('reports a task exception that was never retrieved', async () => {
    const result = await run(`import * as asyncio from 'asyncio';
async function fail() {
  throw new Error('k');
}
async function main() { asyncio.createTask(fail()); await asyncio.sleep(0.01); }
asyncio.run(main());`);
    expect(result.status).toBe('ok');
    expect(result.warnings).toMatchObject([
      {
        kind: 'unretrieved-exception',
        message: "Task exception was never retrieved (task 'Task-2'): Error: k",
        line: 3,
      },
    ]);
  });

  test('reports a task still pending when the program ends', async () => {
    const result = await run(`import * as asyncio from 'asyncio';
const loop = asyncio.getEventLoop();
const slow = loop.createTask(asyncio.sleep(5));
loop.runUntilComplete(asyncio.sleep(1));`);
    expect(result.warnings).toMatchObject([{ kind: 'pending-destroyed', line: 3 }]);
  });

  test('a program past the recorded-site budget still gets lines in its diagnostics', async () => {
    const result = await run(`import * as asyncio from 'asyncio';
async function main() {
  for (let i = 0; i < 3000; i++) await asyncio.sleep(0.001);
  asyncio.sleep(1);
  const fut = asyncio.getRunningLoop().createFuture();
  await fut;
}
asyncio.run(main());`);
    expect(result.status).toBe('deadlock');
    expect(result.warnings).toMatchObject([
      { kind: 'never-awaited', message: "coroutine 'sleep' was never awaited", line: 4 },
    ]);
    expect(result.deadlock?.tasks).toMatchObject([{ task: 'Task-1', line: 5 }]);
  });

  test('uncaught errors carry the TypeScript line and column and a traceback', async () => {
    const result = await run(`import * as asyncio from 'asyncio';

interface Point { x: number }

async function inner(p: Point): Promise<number> {
  await asyncio.sleep(1);
  return (p as any).y.z;
}

async function main() {
  await inner({ x: 1 });
}
asyncio.run(main());`);
    expect(result.status).toBe('error');
    expect(result.error).toMatchObject({ type: 'TypeError', line: 7, column: 23 });
    expect(result.error?.traceback?.map((f) => f.name)).toEqual(['inner']);
    expect(result.elapsed).toBe(1);
  });

  test('a syntax error is a compile error with the TypeScript position', async () => {
    const result = await run('const x = ;\nprint(x);');
    expect(result.status).toBe('compile-error');
    expect(result.diagnostics).toEqual([{ message: 'Expression expected.', line: 1, column: 11 }]);
  });
});

describe('async iteration and disposal', () => {
  test('async generators run lazily on the loop, with for await, return and throw', async () => {
    const result = await run(`import * as asyncio from 'asyncio';
async function* ticks(n: number) {
  try {
    for (let i = 0; i < n; i++) {
      await asyncio.sleep(0.5);
      yield i;
    }
  } finally {
    print('generator closed');
  }
}
async function main() {
  for await (const i of ticks(3)) print('tick', i);
  const gen = ticks(10);
  print((await gen.next()).value);
  await gen.return(undefined);
  async function* inner() { yield 'a'; yield 'b'; }
  async function* outer() { yield* inner(); yield 'c'; }
  const seen = [];
  for await (const x of outer()) seen.push(x);
  print(seen.join());
}
asyncio.run(main());`);
    expect(trace(result)).toEqual([
      '0.5 tick 0',
      '1 tick 1',
      '1.5 tick 2',
      '1.5 generator closed',
      '2 0',
      '2 generator closed',
      '2 a,b,c',
    ]);
  });

  test('for await accepts Symbol.asyncIterator objects and plain iterables of awaitables', async () => {
    expect(
      await lines(`
        const iterable = {
          [Symbol.asyncIterator]() {
            let n = 0;
            return { next: async () => (n < 2 ? { value: n++, done: false } : { value: undefined, done: true }) };
          },
        };
        async function main() {
          for await (const x of iterable) print('async', x);
          for await (const x of [asyncio.sleep(1, 'slept'), 'plain']) print('sync', x);
        }
        asyncio.run(main());`),
    ).toEqual(['async 0', 'async 1', 'sync slept', 'sync plain']);
  });

  test('await using disposes resources in reverse order, awaiting Symbol.asyncDispose', async () => {
    const result = await run(`import * as asyncio from 'asyncio';
function resource(name: string) {
  return {
    name,
    async [Symbol.asyncDispose]() {
      await asyncio.sleep(1);
      print('disposed', name);
    },
  };
}
async function main() {
  {
    await using a = resource('a');
    await using b = resource('b');
    print('using', a.name, b.name);
  }
  print('after block');
}
asyncio.run(main());`);
    expect(trace(result)).toEqual(['0 using a b', '1 disposed b', '2 disposed a', '2 after block']);
  });
});

describe('the rest of the program model', () => {
  test('sys.stdout.write, console.error and print make one event each, on their streams', async () => {
    const result = await run(`import * as sys from 'sys';
sys.stdout.write('CN ');
sys.stdout.write('\\n20 flags\\n');
console.error('oops', { code: 1 });
console.log('%s has %d items', 'list', 3, [1, 2]);
print(null, undefined, true, 1.5, [1, 'a'], new Set([1]), { a: { b: { c: { d: 1 } } } });`);
    expect(result.events.map((e) => [e.stream, e.text])).toEqual([
      ['stdout', 'CN '],
      ['stdout', '\n20 flags'],
      ['stderr', 'oops { code: 1 }'],
      ['stdout', 'list has 3 items [ 1, 2 ]'],
      ['stdout', "null undefined true 1.5 [ 1, 'a' ] Set(1) { 1 } { a: { b: { c: [Object] } } }"],
    ]);
  });

  test('time, Date and performance read one virtual clock', async () => {
    expect(
      await lines(`import * as time from 'time';
        print(time.time(), Date.now(), new Date().toISOString(), performance.now(), time.monotonic());
        time.sleep(2.5);
        print(time.time(), Date.now(), time.perfCounter());`),
    ).toEqual(['1700000000 1700000000000 2023-11-14T22:13:20.000Z 0 0', '1700000002.5 1700000002500 2.5']);
  });

  test('setInterval repeats until cleared; queueMicrotask runs before timers', async () => {
    const result = await run(`
let n = 0;
const id = setInterval(() => { n++; print('tick', n); if (n === 3) clearInterval(id); }, 200);
queueMicrotask(() => print('microtask'));`);
    expect(trace(result)).toEqual(['0 microtask', '0.2 tick 1', '0.4 tick 2', '0.6 tick 3']);
  });

  test('inspection helpers tell coroutines, coroutine functions and futures apart', async () => {
    expect(
      await lines(`
        async function work() {}
        function plain() {}
        const coro = work();
        print(asyncio.iscoroutine(coro), asyncio.iscoroutine(work), asyncio.iscoroutinefunction(work), asyncio.iscoroutinefunction(plain));
        print(asyncio.iscoroutinefunction(asyncio.sleep), asyncio.isfuture(asyncio.newEventLoop().createFuture()));
        asyncio.run(coro);`),
    ).toEqual(['true false true false', 'true true']);
  });

  test('runForever runs until stop; a closed loop refuses new work', async () => {
    expect(
      await lines(`
        const loop = asyncio.newEventLoop();
        asyncio.setEventLoop(loop);
        async function main() { await asyncio.sleep(1); print('main', loop.time()); loop.stop(); }
        loop.createTask(main());
        loop.runForever();
        print(loop.isRunning(), loop.isClosed());
        loop.close();
        try { loop.callSoon(print, 'x'); } catch (e) { print(e.message); }`),
    ).toEqual(['main 1', 'false false', 'Event loop is closed']);
  });

  test('the timeline has a span for every task, what it awaits, and each blocking call', async () => {
    const result = await run(`import * as asyncio from 'asyncio';
import * as time from 'time';
async function work(d: number) { await asyncio.sleep(d); }
async function main() {
  const t = asyncio.createTask(work(2), { name: 'worker' });
  time.sleep(0.5);
  await asyncio.sleep(1);
  t.cancel();
}
asyncio.run(main());`);
    expect(result.timeline).toEqual([
      { kind: 'task', name: 'Task-1', start: 0, end: 1.5, state: 'done' },
      { kind: 'task', name: 'worker', start: 0, end: 1.5, state: 'cancelled' },
      { kind: 'blocking', name: 'time.sleep', start: 0, end: 0.5, state: 'done' },
      { kind: 'await', name: 'Task-1', detail: 'sleep(1)', start: 0.5, end: 1.5, state: 'done' },
      { kind: 'await', name: 'worker', detail: 'sleep(2)', start: 0.5, end: 1.5, state: 'cancelled' },
      // asyncio.run's shutdown coroutines; a named task takes no number.
      { kind: 'task', name: 'Task-2', start: 1.5, end: 1.5, state: 'done' },
      { kind: 'task', name: 'Task-3', start: 1.5, end: 1.5, state: 'done' },
    ]);
  });
});
