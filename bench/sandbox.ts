/**
 * Sandbox benchmarks (`npm run bench`): latency of one run per lesson program, runs per second
 * of the pool, engine throughput on 10,000 tasks × 10 sleeps, and CPython's asyncio on a
 * virtual clock running the same program. Absolute figures hold only for the machine named in
 * the header; the ratios are measured in the same run, so they compare like with like.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SandboxPool } from '../sandbox/host/pool.ts';
import type { RunOptionsInput, RunResult } from '../sandbox/result.ts';
import { describeMachine, loadAverage, median, percentile, table, verdict } from './report.ts';

/** Lesson programs, from the lesson test suite (tests/programs/lesson). */
const LESSONS = [
  'create-task-order',
  'concurrent-awaits',
  'wait-with-timeout',
  'gather-results',
  'nested-await',
  'event-loop-two-workers',
];
const LATENCY_RUNS = 40;
const THROUGHPUT_RUNS = 200;
const ENGINE_RUNS = 5;
const TARGET_COLD_MS = 20;
const TARGET_WARM_MS = 5;
const TARGET_VS_CPYTHON = 10;
const ENGINE_OPTIONS: RunOptionsInput = { limits: { cpuMs: 20000, memoryMb: 512 } };

const program = (name: string): string =>
  readFileSync(new URL(`../tests/programs/lesson/${name}.ts`, import.meta.url), 'utf8');
const ENGINE_PROGRAM = readFileSync(new URL('./programs/tasks-10000x10.ts', import.meta.url), 'utf8');

/** A source the worker's content-hash compile cache has never seen: a comment changes the hash
 * without changing the program. */
let uniqueCounter = 0;
const uncached = (source: string): string => `${source}\n// bench ${++uniqueCounter}\n`;

/** Runs a program and checks it succeeded: a benchmark of failing runs measures nothing. */
async function timedRun(pool: SandboxPool, source: string, options?: RunOptionsInput) {
  const start = performance.now();
  const result = await pool.run(source, options);
  const ms = performance.now() - start;
  if (result.status !== 'ok') throw new Error(`benchmark program failed: ${JSON.stringify(result.error ?? result)}`);
  return { ms, result };
}

const ms = (value: number): string => value.toFixed(1);
const summary: string[] = [];

// ---- Machine ---------------------------------------------------------------------------------

describeMachine('Async Lab sandbox benchmark');
console.log(`load average at start: ${loadAverage()}\n`);

// ---- 1. Latency per lesson program -----------------------------------------------------------

{
  console.log(`1. One run end to end (pool.run, pool size 1, ${LATENCY_RUNS} runs each), ms`);
  console.log('   cold: a new source each run (compile-cache miss); warm: the same source (cache hit)');
  const pool = new SandboxPool({ size: 1 });
  await pool.warm();
  // A long-lived pool is what serves learners: let the worker JIT-compile the host code and
  // cache the runtime's V8 code before measuring.
  for (const name of LESSONS) for (let i = 0; i < 5; i++) await timedRun(pool, uncached(program(name)));

  const rows: string[][] = [];
  for (const name of LESSONS) {
    const source = program(name);
    const cold: number[] = [];
    const warm: number[] = [];
    for (let i = 0; i < LATENCY_RUNS; i++) cold.push((await timedRun(pool, uncached(source))).ms);
    await timedRun(pool, source); // fills the compile cache
    for (let i = 0; i < LATENCY_RUNS; i++) warm.push((await timedRun(pool, source)).ms);
    const coldOk = median(cold) <= TARGET_COLD_MS;
    const warmOk = median(warm) <= TARGET_WARM_MS;
    rows.push([
      name,
      ms(median(cold)),
      ms(percentile(cold, 95)),
      verdict(coldOk),
      ms(median(warm)),
      ms(percentile(warm, 95)),
      verdict(warmOk),
    ]);
    summary.push(`${verdict(coldOk)} ${name} cold median ${ms(median(cold))} ms (target ≤ ${TARGET_COLD_MS})`);
    summary.push(`${verdict(warmOk)} ${name} warm median ${ms(median(warm))} ms (target ≤ ${TARGET_WARM_MS})`);
  }
  table(
    [
      'program',
      'cold median',
      'cold p95',
      `≤ ${TARGET_COLD_MS} ms`,
      'warm median',
      'warm p95',
      `≤ ${TARGET_WARM_MS} ms`,
    ],
    rows,
  );
  await pool.close();
}

// ---- 2. Runs per second ----------------------------------------------------------------------

{
  console.log(`2. Runs per second: ${THROUGHPUT_RUNS} concurrent runs of create-task-order`);
  const source = program('create-task-order');
  const rows: string[][] = [];
  for (const size of [1, 2]) {
    const pool = new SandboxPool({ size });
    await pool.warm();
    for (let i = 0; i < 10 * size; i++) await timedRun(pool, uncached(source));
    const rate = async (sourceFor: () => string): Promise<string> => {
      const start = performance.now();
      await Promise.all(Array.from({ length: THROUGHPUT_RUNS }, () => timedRun(pool, sourceFor())));
      return ((THROUGHPUT_RUNS * 1000) / (performance.now() - start)).toFixed(0);
    };
    rows.push([String(pool.size), await rate(() => uncached(source)), await rate(() => source)]);
    await pool.close();
  }
  table(['pool size', 'runs/s, cold cache', 'runs/s, warm cache'], rows);
}

// ---- 3 and 4. Engine throughput, and CPython's asyncio on the same program -----------------

/** One CPython run of bench/cpython_virtual_loop.py: its wall time in ms, or why there is none.
 * The target names CPython 3.11, so `python3.11` is preferred to whatever `python3` is. */
function cpythonRun(): { ms: number; version: string } | { skipped: string } {
  const script = fileURLToPath(new URL('./cpython_virtual_loop.py', import.meta.url));
  for (const python of ['python3.11', 'python3']) {
    const child = spawnSync(python, [script, '1'], { encoding: 'utf8' });
    if (child.error) continue;
    if (child.status !== 0) return { skipped: `${python} failed: ${child.stderr.trim()}` };
    const out = JSON.parse(child.stdout) as { python: string; wall_ms: number };
    return { ms: out.wall_ms, version: out.python };
  }
  return { skipped: 'python3 is not available' };
}

{
  const source = ENGINE_PROGRAM;
  const pool = new SandboxPool({ size: 1 });
  await pool.warm();
  await timedRun(pool, source, ENGINE_OPTIONS);
  // Ours and CPython's runs alternate, so a change in the machine's load (other processes)
  // weighs on both sides of the ratio alike.
  const ours: { ms: number; result: RunResult }[] = [];
  const cpython: number[] = [];
  let cpythonVersion = '';
  let skipped: string | undefined;
  for (let i = 0; i < ENGINE_RUNS; i++) {
    ours.push(await timedRun(pool, source, ENGINE_OPTIONS));
    if (skipped !== undefined) continue;
    const run = cpythonRun();
    if ('skipped' in run) skipped = run.skipped;
    else {
      cpython.push(run.ms);
      cpythonVersion = run.version;
    }
  }
  await pool.close();

  const oursMs = median(ours.map((r) => r.ms));
  const { result } = ours[0] as { result: RunResult };
  console.log(`3. Engine: 10,000 tasks × 10 sleeps (median of ${ENGINE_RUNS} runs, pool size 1)`);
  table(
    ['wall (pool.run)', 'tasks', 'callbacks', 'callbacks/s', 'simulated s', 'simulated/wall'],
    [
      [
        `${ms(oursMs)} ms`,
        String(result.stats.tasks),
        String(result.stats.callbacks),
        Math.round(result.stats.callbacks / (oursMs / 1000)).toLocaleString('en-US'),
        String(result.elapsed),
        `${(result.elapsed / (oursMs / 1000)).toFixed(1)}×`,
      ],
    ],
  );

  console.log(`4. The same program on CPython's asyncio with a virtual clock (median of ${ENGINE_RUNS} runs)`);
  if (skipped !== undefined) {
    console.log(`skipped: ${skipped}\n`);
    summary.push(`SKIP ours vs CPython (${skipped})`);
  } else {
    const cpythonMs = median(cpython);
    const ratio = cpythonMs / oursMs;
    const ok = ratio >= TARGET_VS_CPYTHON;
    table(
      ['engine', 'wall', 'CPython wall / ours', `≥ ${TARGET_VS_CPYTHON}×`],
      [
        [`CPython ${cpythonVersion} asyncio (C Task/Future), loop only`, `${ms(cpythonMs)} ms`, '', ''],
        ['ours, pool.run end to end', `${ms(oursMs)} ms`, `${ratio.toFixed(2)}×`, verdict(ok)],
      ],
    );
    summary.push(`${verdict(ok)} ours vs CPython: ${ratio.toFixed(2)}× as fast (target ≥ ${TARGET_VS_CPYTHON}×)`);
  }
}

console.log(`load average at end: ${loadAverage()}\n`);
console.log('Targets');
for (const line of summary) console.log(`  ${line}`);
