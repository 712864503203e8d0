import { afterAll, afterEach, describe, expect, test } from 'vitest';
import { SandboxPool } from '../../sandbox/host/pool.ts';
import type { LimitKind, RunLimits, RunResult, RunStatus } from '../../sandbox/result.ts';
import { trace } from '../support.ts';

// Small limits keep verdicts under a second (bar the supervisor's wall clock); memory bombs
// get more CPU time so that memory, not the CPU budget, is what stops them.
const LIMITS: RunLimits = {
  cpuMs: 300,
  memoryMb: 32,
  virtualSeconds: 60,
  outputBytes: 10_000,
  callbacksPerInstant: 10_000,
};
const MEMORY_BOMB = { cpuMs: 2000 };

const HEALTHY = `import * as asyncio from 'asyncio';
async function main() { await asyncio.sleep(1); print('ok') }
asyncio.run(main());`;

// Array.prototype.sort without a comparator runs entirely inside V8's built-in, where
// isolated-vm's timeout never fires: only the supervisor's wall clock stops it.
const SORT_MILLIONS = `const numbers: number[] = [];
for (let i = 0; i < 3_000_000; i++) numbers.push((i * 7919) % 1_000_003);
numbers.sort();
print(numbers[0]);`;
// Room enough that the sort's garbage never reaches the supervisor's memory budget first.
const SORT_LIMITS = { memoryMb: 256 };

// (module (func (export "f") (loop (br 0)))), assembled by hand.
const WASM_LOOP =
  'new Uint8Array([0,97,115,109,1,0,0,0,1,4,1,96,0,0,3,2,1,0,7,5,1,1,102,0,0,10,9,1,7,0,3,64,12,0,11,11])';

const pool = new SandboxPool({ size: 1 });
afterAll(() => pool.close());

function hostile(source: string, limits: Partial<RunLimits> = {}, on = pool): Promise<RunResult> {
  return on.run(source, { limits: { ...LIMITS, ...limits } });
}

function expectVerdict(result: RunResult, status: RunStatus, kind?: LimitKind): void {
  expect({ status: result.status, kind: result.limit?.kind }).toEqual({ status, kind });
}

async function expectHealthy(on = pool): Promise<void> {
  const result = await on.run(HEALTHY);
  expect(result.status).toBe('ok');
  expect(trace(result)).toEqual(['1 ok']);
}

// Every hostile run must leave the pool able to run an ordinary program correctly.
afterEach(() => expectHealthy());

describe('endless programs get a time-out or livelock verdict', () => {
  test('stops an infinite loop in synchronous code with a cpu time-out', async () => {
    expectVerdict(await hostile('while (true) {}'), 'timeout', 'cpu');
  });

  test('stops promise callbacks that schedule each other forever with the callbacks limit', async () => {
    const result = await hostile('Promise.resolve().then(function f() { Promise.resolve().then(f) })');
    expectVerdict(result, 'limit', 'callbacks');
  });

  test('stops a setTimeout(f, 0) that reschedules itself with the callbacks limit', async () => {
    expectVerdict(await hostile('setTimeout(function f() { setTimeout(f, 0) }, 0)'), 'limit', 'callbacks');
  });

  test('stops a busy loop inside a timer callback with a cpu time-out', async () => {
    expectVerdict(await hostile('setTimeout(() => { while (true) {} }, 10)'), 'timeout', 'cpu');
  });

  test('stops setInterval(f, 0) with the callbacks limit', async () => {
    expectVerdict(await hostile('setInterval(() => {}, 0)'), 'limit', 'callbacks');
  });

  test('stops an infinite loop inside a coroutine with a cpu time-out', async () => {
    const source = `import * as asyncio from 'asyncio';
async function main() { await asyncio.sleep(1); for (;;) {} }
asyncio.run(main());`;
    expectVerdict(await hostile(source), 'timeout', 'cpu');
  });

  test('stops a coroutine that sleeps forever at the virtual-time limit', async () => {
    const source = `import * as asyncio from 'asyncio';
async function main() { while (true) await asyncio.sleep(1) }
asyncio.run(main());`;
    const result = await hostile(source);
    expectVerdict(result, 'timeout', 'virtual-time');
    expect(result.elapsed).toBe(LIMITS.virtualSeconds);
  });

  test('stops native promise reactions (reached through eval) that loop forever with a cpu time-out', async () => {
    const result = await hostile(`(0, eval)('(async () => { for (;;) await null })()'); print('scheduled');`);
    expectVerdict(result, 'timeout', 'cpu');
  });

  test('stops Atomics.wait on a SharedArrayBuffer nobody will notify with a cpu time-out', async () => {
    const source = `const cell = new Int32Array(new SharedArrayBuffer(4));
Atomics.wait(cell, 0, 0);
print('woke up');`;
    expectVerdict(await hostile(source), 'timeout', 'cpu');
  });

  test('stops a WebAssembly loop with a cpu time-out and keeps the output written before it', async () => {
    const source = `const instance = new WebAssembly.Instance(new WebAssembly.Module(${WASM_LOOP}));
print('start');
(instance.exports.f as () => void)();`;
    const result = await hostile(source);
    expectVerdict(result, 'timeout', 'cpu');
    expect(trace(result)).toEqual(['0 start']);
  });

  test('stops a program that schedules a million timers without letting the loop run at the memory limit', async () => {
    const result = await hostile('for (let i = 0; i < 1e6; i++) setTimeout(() => {}, i)', MEMORY_BOMB);
    expectVerdict(result, 'limit', 'memory');
  });
});

describe('a program cannot catch a limit for good', () => {
  test('reports the output limit when the program catches its error and keeps printing', async () => {
    const result = await hostile("while (true) { try { print('x'.repeat(100)) } catch {} }");
    expectVerdict(result, 'limit', 'output');
    expect(result.events.length).toBeGreaterThan(0);
  });

  test('reports the virtual-time limit when the program catches its error around time.sleep', async () => {
    const source = `import * as time from 'time';
while (true) { try { time.sleep(100) } catch {} }`;
    expectVerdict(await hostile(source), 'timeout', 'virtual-time');
  });

  test('reports the deadlock when the program catches it and runs the loop again forever', async () => {
    const source = `import * as asyncio from 'asyncio';
async function main() { await new asyncio.Future() }
while (true) { try { asyncio.run(main()) } catch {} }`;
    const result = await hostile(source);
    expect(result.status).toBe('deadlock');
    expect(result.deadlock?.tasks.length).toBeGreaterThan(0);
  });

  test('hides the runtime entry point, so the program cannot start a run with limits of its own', async () => {
    const source = `const g = globalThis as any;
print(typeof g.__asynclab_run, typeof g.__asynclab_partial);
g.__asynclab_run?.(JSON.stringify({ seed: 0, limits: { cpuMs: 1e9, memoryMb: 1e6, virtualSeconds: 1e12, outputBytes: 1e12, callbacksPerInstant: 1e12 } }));
for (let i = 0; i < 1000; i++) print('x'.repeat(100));`;
    const result = await hostile(source);
    expectVerdict(result, 'limit', 'output');
    expect(trace(result)[0]).toBe('0 undefined undefined');
  });
});

describe('memory bombs get a memory verdict or a catchable RangeError', () => {
  test('stops an ever-growing array of arrays at the memory limit', async () => {
    const result = await hostile(
      'const a: number[][] = []; while (true) a.push(new Array(100_000).fill(1));',
      MEMORY_BOMB,
    );
    expectVerdict(result, 'limit', 'memory');
  });

  test('stops an ever-growing set of objects at the memory limit', async () => {
    const source = "const a: object[] = []; for (let i = 0; ; i++) a.push({ i, s: 'x' + i });";
    expectVerdict(await hostile(source, MEMORY_BOMB), 'limit', 'memory');
  });

  // V8 keeps s += s as a rope and refuses past its maximum string length: a catchable error.
  test('answers string doubling with the RangeError for an invalid string length', async () => {
    const result = await hostile("let s = 'x'; while (true) s += s;", MEMORY_BOMB);
    expectVerdict(result, 'error');
    expect(result.error).toMatchObject({ type: 'RangeError', message: 'Invalid string length' });
  });

  test('stops string doubling that flattens the string every time at the memory limit', async () => {
    const source = "let s = 'x'; while (true) s = (s + s).toLowerCase();";
    expectVerdict(await hostile(source, MEMORY_BOMB), 'limit', 'memory');
  });

  test('answers ArrayBuffers beyond the memory limit with a RangeError', async () => {
    const result = await hostile('const b: ArrayBuffer[] = []; while (true) b.push(new ArrayBuffer(1 << 24));');
    expectVerdict(result, 'error');
    expect(result.error).toMatchObject({ type: 'RangeError', message: 'Array buffer allocation failed' });
  });

  test('stops a 4 GB WebAssembly memory being filled at the memory limit', async () => {
    const source = 'new Uint8Array(new WebAssembly.Memory({ initial: 65536 }).buffer).fill(1);';
    expectVerdict(await hostile(source, MEMORY_BOMB), 'limit', 'memory');
  });

  // A worker prepares the next run's isolate while a program runs, with that run's limits.
  test('holds each run to its own memory limit when the limits change from run to run', async () => {
    const source =
      'const a: number[][] = [];\nfor (let i = 0; i < 40; i++) a.push(new Array(300_000).fill(i));\nprint(a.length);';
    const roomy = { ...MEMORY_BOMB, memoryMb: 256 };
    expect(trace(await hostile(source, roomy))).toEqual(['0 40']);
    expectVerdict(await hostile(source, MEMORY_BOMB), 'limit', 'memory');
    expect(trace(await hostile(source, roomy))).toEqual(['0 40']);
  });

  test('answers unbounded recursion with a RangeError', async () => {
    const result = await hostile('function f(n: number): number { return f(n + 1) + 1 }\nf(0);');
    expectVerdict(result, 'error');
    expect(result.error).toMatchObject({ type: 'RangeError', message: 'Maximum call stack size exceeded', line: 1 });
  });

  test('answers a program nested too deeply for the compiler with a compile error', async () => {
    const result = await hostile(`let x = ${'('.repeat(100_000)}1${')'.repeat(100_000)};`);
    expectVerdict(result, 'compile-error');
    expect(result.diagnostics?.length).toBe(1);
  });
});

describe('output floods stop at the output limit', () => {
  test('stops printing in a loop at the output limit and keeps what fit', async () => {
    const result = await hostile("while (true) print('spam spam spam')");
    expectVerdict(result, 'limit', 'output');
    expect(result.events.length).toBeGreaterThan(0);
    expect(result.events.every((e) => e.text === 'spam spam spam')).toBe(true);
  });

  test('stops one enormous line at the output limit', async () => {
    expectVerdict(await hostile("print('x'.repeat(10_000_000))"), 'limit', 'output');
  });
});

describe('the host is out of reach', () => {
  test('has no process, require, Buffer or other Node globals', async () => {
    const source = `const g = globalThis as any;
print(['process', 'require', 'module', 'Buffer', 'global', 'setImmediate', 'fetch'].map((k) => typeof g[k]).join(' '));`;
    const result = await hostile(source);
    expectVerdict(result, 'ok');
    expect(trace(result)).toEqual([`0 ${Array(7).fill('undefined').join(' ')}`]);
  });

  test("answers require('net') with ModuleNotFoundError", async () => {
    const result = await hostile("const net = require('net'); print(net);");
    expectVerdict(result, 'error');
    expect(result.error).toMatchObject({ type: 'ModuleNotFoundError', message: "No module named 'net'" });
  });

  test("gives 'fs' as the sandbox's own in-memory file system, with no host file in it", async () => {
    const result = await hostile(`import * as fs from 'fs';
print(fs.existsSync('/etc/passwd'), fs.readdirSync('/').length);
fs.readFileSync('/etc/passwd');`);
    expectVerdict(result, 'error');
    expect(trace(result)).toEqual(['0 false 0']);
    expect(result.error).toMatchObject({ message: "ENOENT: no such file or directory, open '/etc/passwd'", line: 3 });
  });

  test("answers an import of 'child_process' with ModuleNotFoundError", async () => {
    const result = await hostile("import { execSync } from 'child_process'; print(execSync('id'));");
    expectVerdict(result, 'error');
    expect(result.error).toMatchObject({ type: 'ModuleNotFoundError', message: "No module named 'child_process'" });
  });

  test("finds no process through this.constructor.constructor('return process')", async () => {
    const source = `const escape = function (this: any) { return this.constructor.constructor('return process')() };
print(escape.call({}));`;
    const result = await hostile(source);
    expectVerdict(result, 'error');
    expect(result.error).toMatchObject({ type: 'ReferenceError', message: 'process is not defined' });
  });

  test("finds no process or require on the global object from Function('return this')", async () => {
    const source = `const g = Function('return this')();
print(typeof g.process, typeof g.require, g === globalThis);`;
    const result = await hostile(source);
    expectVerdict(result, 'ok');
    expect(trace(result)).toEqual(['0 undefined undefined true']);
  });

  test('rejects a dynamic import() of a Node module with ModuleNotFoundError', async () => {
    const result = await hostile("import('os').then(() => print('loaded'), (e) => print('refused', String(e)));");
    expectVerdict(result, 'ok');
    expect(trace(result)).toEqual(["0 refused ModuleNotFoundError: No module named 'os'"]);
  });

  test('never loads a module through a native import() reached with eval', async () => {
    const result = await hostile(`(0, eval)("import('fs')").then(() => print('loaded'), () => print('refused'));`);
    expectVerdict(result, 'ok');
    expect(trace(result)).not.toContain('0 loaded');
  });

  test('evaluates eval and new Function in the same bare sandbox', async () => {
    const result = await hostile(
      "print(eval('typeof process'), eval('1 + 1'), new Function('return typeof require')())",
    );
    expectVerdict(result, 'ok');
    expect(trace(result)).toEqual(['0 undefined 2 undefined']);
  });
});

describe('tampering stays inside its own run', () => {
  test('does not leak global or prototype changes into the next run', async () => {
    expectVerdict(await hostile('(globalThis as any).polluted = 1; (Error.prototype as any).polluted = 1;'), 'ok');
    const check = await hostile('print((globalThis as any).polluted, (new Error() as any).polluted)');
    expect(trace(check)).toEqual(['0 undefined undefined']);
  });

  test('refuses to replace built-ins the runtime records with, and reports it', async () => {
    const result = await hostile("print('before');\n(Array.prototype as any).push = null;");
    expectVerdict(result, 'error');
    expect(result.error).toMatchObject({ type: 'TypeError', line: 2 });
    expect(result.error?.message).toMatch(/read only property 'push'/);
    expect(trace(result)).toEqual(['0 before']);
  });

  test('does not leak replaced print, console or setTimeout globals into the next run', async () => {
    const source = `const g = globalThis as any;
g.print = () => {};
g.console = null;
Object.defineProperty(globalThis, 'setTimeout', { value: 1 });
print('swallowed');`;
    const result = await hostile(source);
    expectVerdict(result, 'ok');
    expect(result.events).toEqual([]);
    const check = await hostile('print(typeof print, typeof console, typeof setTimeout)');
    expect(trace(check)).toEqual(['0 function object function']);
  });

  test('cannot forge an ok verdict with a toJSON on Object.prototype', async () => {
    const source = `(Object.prototype as any).toJSON = function (this: any) {
  return 'status' in this ? { ...this, status: 'ok', error: undefined } : this;
};
throw new Error('failed');`;
    const result = await hostile(source);
    expectVerdict(result, 'error');
    expect(result.error).toMatchObject({ type: 'TypeError', line: 1 });
  });

  test('reports the program error when Error.prepareStackTrace throws', async () => {
    const source = `(Error as any).prepareStackTrace = () => { throw new Error('no stacks') };
throw new Error('failed');`;
    const result = await hostile(source);
    expectVerdict(result, 'error');
    expect(result.error).toMatchObject({ type: 'Error', message: 'failed' });
  });

  test('reports the program error when Error.stackTraceLimit is 0', async () => {
    const source = `Error.stackTraceLimit = 0;
function fail(): never { throw new Error('failed') }
fail();`;
    const result = await hostile(source);
    expectVerdict(result, 'error');
    expect(result.error).toMatchObject({ type: 'Error', message: 'failed' });
  });
});

describe('thrown and printed values cannot break the report', () => {
  test('reports a thrown string as the error', async () => {
    const result = await hostile("throw 'boom'");
    expectVerdict(result, 'error');
    expect(result.error).toMatchObject({ type: 'string', message: 'boom' });
  });

  test('reports a thrown object without a prototype as an Object error', async () => {
    const result = await hostile('throw Object.create(null)');
    expectVerdict(result, 'error');
    expect(result.error?.type).toBe('Object');
  });

  test('gives an error verdict for a thrown Proxy whose traps throw', async () => {
    const result = await hostile("throw new Proxy({}, { get() { throw new Error('trap') } })");
    expectVerdict(result, 'error');
  });

  test('prints an object with a throwing Symbol.toPrimitive without calling it', async () => {
    const result = await hostile("print({ [Symbol.toPrimitive]() { throw new Error('trap') } })");
    expectVerdict(result, 'ok');
    expect(result.events).toHaveLength(1);
  });

  test('prints a throwing getter as [Getter], as console.log does, without calling it', async () => {
    const result = await hostile("print({ get a() { throw new Error('getter') } })");
    expectVerdict(result, 'ok');
    expect(trace(result)).toEqual(['0 { a: [Getter] }']);
  });

  test("reports a printed Proxy's throwing trap as the program's error", async () => {
    const result = await hostile("print(new Proxy({}, { get() { throw new Error('proxy trap') } }))");
    expectVerdict(result, 'error');
    expect(result.error).toMatchObject({ type: 'Error', message: 'proxy trap' });
  });

  test('stops a printed Proxy whose trap loops forever with a cpu time-out', async () => {
    const result = await hostile('print(new Proxy({}, { ownKeys() { while (true) {} } }))');
    expectVerdict(result, 'timeout', 'cpu');
  });
});

describe('the supervisor replaces stuck and crashed workers', () => {
  test('kills a worker stuck in a built-in sort by wall clock and serves the next run from a new worker', async () => {
    await pool.warm();
    const [stuck] = pool.workerPids;
    expectVerdict(await hostile(SORT_MILLIONS, SORT_LIMITS), 'timeout', 'cpu');
    await expectHealthy();
    expect(pool.workerPids).toHaveLength(1);
    expect(pool.workerPids).not.toContain(stuck);
  });

  test('answers a run whose worker process dies with a memory verdict and starts a new worker', async () => {
    await pool.warm();
    const [dying] = pool.workerPids;
    const running = hostile('while (true) {}', { cpuMs: 10_000 });
    process.kill(dying as number, 'SIGKILL');
    expectVerdict(await running, 'limit', 'memory');
    await expectHealthy();
    expect(pool.workerPids).not.toContain(dying);
  });

  test('keeps answering other runs while one worker of a pool of two is stuck', async () => {
    const pair = new SandboxPool({ size: 2 });
    try {
      await pair.warm();
      let stuckAnswered = false;
      const stuck = hostile(SORT_MILLIONS, SORT_LIMITS, pair).finally(() => (stuckAnswered = true));
      await expectHealthy(pair);
      await expectHealthy(pair);
      expect(stuckAnswered).toBe(false);
      expectVerdict(await stuck, 'timeout', 'cpu');
      await expectHealthy(pair);
    } finally {
      await pair.close();
    }
  });
});
