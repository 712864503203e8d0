import ivm from 'isolated-vm';
import { readFileSync } from 'node:fs';
import { RUNTIME_BUNDLE } from '../build.ts';
import { PROGRAM_FILE } from '../program.ts';
import {
  type Position,
  type RunLimits,
  type RunOptions,
  type RunResult,
  type RuntimeOutput,
  RuntimeOutputSchema,
} from '../result.ts';
import { type CompiledProgram, compile } from './compile.ts';
import { emptyResult, limitResult } from './results.ts';

const runtimeSource = readFileSync(RUNTIME_BUNDLE, 'utf8');
/** V8's code cache for the runtime script, shared by every isolate this process creates. */
let runtimeCache: ivm.ExternalCopy<ArrayBuffer> | undefined;

const MEMORY_LIMIT_MESSAGE = /memory limit/i;
const TIMEOUT_MESSAGE = /timed out/i;

/**
 * Runs one program in a fresh isolate and returns its RunResult with TypeScript positions.
 * The guest gets strings in and gives JSON out; it never holds an isolated-vm object.
 */
export async function runInIsolate(source: string, options: RunOptions): Promise<RunResult> {
  const compiled = compile(source);
  if (!compiled.ok) return { ...emptyResult('compile-error'), diagnostics: compiled.diagnostics };
  const { sitesMissing, ...result } = await runOnce(compiled.program, options, false);
  // Runs are deterministic: the replay is the same run, with every creation site recorded
  // (so it never asks for another).
  return sitesMissing ? runOnce(compiled.program, options, true) : result;
}

/** An isolate with the runtime loaded and no program yet. */
interface Prepared {
  isolate: ivm.Isolate;
  context: ivm.Context;
  memoryMb: number;
}

/** The isolate for the next run, prepared while this one runs (see `prepareSpare`). */
let spare: Prepared | null = null;

/** Creates an isolate and loads the runtime, synchronously: each asynchronous step would cost
 * a round trip to isolated-vm's threads. */
function prepare(memoryMb: number): Prepared {
  const isolate = new ivm.Isolate({ memoryLimit: memoryMb });
  try {
    const context = isolate.createContextSync();
    // isolated-vm sets `cachedData` on the script when asked to produce it.
    const runtime: ivm.Script & ivm.CachedDataResult = isolate.compileScriptSync(runtimeSource, {
      filename: 'asynclab-runtime.js',
      ...(runtimeCache ? { cachedData: runtimeCache } : { produceCachedData: true }),
    });
    runtimeCache ??= runtime.cachedData;
    runtime.runSync(context);
    return { isolate, context, memoryMb };
  } catch (error) {
    if (!isolate.isDisposed) isolate.dispose();
    throw error;
  }
}

/**
 * Prepares the next run's isolate ahead of time (most runs have the same limits): while a new
 * worker starts, and while a program runs on isolated-vm's thread and this one would only
 * wait for it. Each run still gets an isolate of its own that no program has run in.
 */
export function prepareSpare(memoryMb: number): void {
  if (spare !== null) return;
  try {
    spare = prepare(memoryMb);
  } catch {
    // The next run prepares its own isolate and reports what goes wrong.
  }
}

/** A fresh isolate for a run: the spare if it has the run's memory limit, else a new one. */
function takePrepared(memoryMb: number): Prepared {
  const prepared = spare;
  spare = null;
  if (prepared && !prepared.isolate.isDisposed) {
    if (prepared.memoryMb === memoryMb) return prepared;
    prepared.isolate.dispose();
  }
  return prepare(memoryMb);
}

async function runOnce(program: CompiledProgram, options: RunOptions, allSites: boolean): Promise<RuntimeOutput> {
  const { limits } = options;
  let prepared: Prepared;
  try {
    prepared = takePrepared(limits.memoryMb);
  } catch (error) {
    // The runtime alone may not fit a tiny memory limit.
    if (MEMORY_LIMIT_MESSAGE.test(String(error))) return limitResult('memory', limits);
    throw error;
  }
  const { isolate, context } = prepared;
  try {
    let script: ivm.Script;
    try {
      script = isolate.compileScriptSync(program.script, { filename: PROGRAM_FILE, lineOffset: -1 });
    } catch (error) {
      return { ...emptyResult('compile-error'), diagnostics: [syntaxDiagnostic(error, program)] };
    }
    script.runSync(context);

    const run = context.global.getSync('__asynclab_run', { reference: true }) as ivm.Reference<
      (request: string) => string
    >;
    const partial = context.global.getSync('__asynclab_partial', { reference: true }) as ivm.Reference<() => string>;
    // Called from the program, the entry point would start a second run with limits of the
    // program's choosing; the host's references are all that may reach it.
    context.global.deleteSync('__asynclab_run');
    context.global.deleteSync('__asynclab_partial');
    const sofar = async (): Promise<RunResult | null> => {
      const json = await partial.apply(undefined, [], { timeout: 250, result: { copy: true } }).catch(() => null);
      const result = json === null ? null : tryParse(json);
      return result && toSourcePositions(result, program);
    };

    const remainingMs = Math.max(1, limits.cpuMs - Number(isolate.cpuTime / 1_000_000n));
    let json: string;
    try {
      const running = run.apply(undefined, [JSON.stringify({ ...options, allSites })], {
        timeout: remainingMs,
        result: { copy: true },
      });
      prepareSpare(limits.memoryMb);
      json = await running;
    } catch (error) {
      if (isolate.isDisposed || MEMORY_LIMIT_MESSAGE.test(String(error))) return limitResult('memory', limits);
      if (TIMEOUT_MESSAGE.test(String(error))) return cpuVerdict(await sofar(), limits);
      return brokenRunResult(error, await sofar());
    }
    const parsed = tryParse(json);
    if (!parsed) return brokenRunResult(new Error('its result was not a valid RunResult'), await sofar());
    return toSourcePositions(parsed, program);
  } catch (error) {
    if (isolate.isDisposed || MEMORY_LIMIT_MESSAGE.test(String(error))) return limitResult('memory', limits);
    throw error;
  } finally {
    // Disposing of a big heap takes milliseconds: once the reply is on its way.
    setImmediate(() => {
      if (!isolate.isDisposed) isolate.dispose();
    });
  }
}

/** The program shares the isolate with the runtime and may have bent its output (e.g. a
 * `toJSON` on `Object.prototype`): anything that is not a RunResult counts as none. */
function tryParse(json: unknown): RuntimeOutput | null {
  if (typeof json !== 'string') return null;
  try {
    const parsed = RuntimeOutputSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * The verdict for a run stopped on CPU time. A program that caught an earlier limit's error
 * (or the deadlock's) and kept looping gets that first verdict: it says why the run ended.
 */
function cpuVerdict(sofar: RunResult | null, limits: RunLimits): RunResult {
  const cpu = limitResult('cpu', limits);
  if (!sofar) return cpu;
  if (sofar.limit) {
    const status = sofar.limit.kind === 'cpu' || sofar.limit.kind === 'virtual-time' ? 'timeout' : 'limit';
    return { ...sofar, status, error: { type: 'LimitExceeded', message: sofar.limit.message } };
  }
  if (sofar.deadlock) return { ...sofar, status: 'deadlock' };
  return { ...sofar, status: cpu.status, limit: cpu.limit, error: cpu.error };
}

/** The runtime failed to describe how the program ended, e.g. because the program threw a
 * value that cannot be turned into a string or replaced built-ins the runtime relies on. */
function brokenRunResult(error: unknown, sofar: RunResult | null): RunResult {
  const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return {
    ...emptyResult('error'),
    events: sofar?.events ?? [],
    error: { type: 'InternalError', message: `the sandbox could not report how the program ended (${reason})` },
  };
}

/** Rewrites every position in a result from the compiled JavaScript to the TypeScript. */
function toSourcePositions(result: RunResult, program: CompiledProgram): RunResult {
  const map = <T extends Partial<Position>>(item: T): T => {
    if (item.line === undefined || item.column === undefined) return item;
    return { ...item, ...program.toSource({ line: item.line, column: item.column }) };
  };
  return {
    ...result,
    warnings: result.warnings.map(map),
    ...(result.error
      ? {
          error: {
            ...map(result.error),
            ...(result.error.traceback ? { traceback: result.error.traceback.map(map) } : {}),
          },
        }
      : {}),
    ...(result.deadlock ? { deadlock: { ...result.deadlock, tasks: result.deadlock.tasks.map(map) } } : {}),
  };
}

/** V8 rejects some programs TypeScript's transpiler lets through (e.g. top-level `await`). */
function syntaxDiagnostic(error: unknown, program: CompiledProgram) {
  const message = error instanceof Error ? error.message : String(error);
  const where = /\[main\.js:(\d+):(\d+)\]/.exec(message) ?? /main\.js:(\d+):(\d+)/.exec(message);
  const position = where
    ? program.toSource({ line: Number(where[1]), column: Number(where[2]) })
    : { line: 1, column: 1 };
  return { message: message.replace(/\s*\[main\.js:\d+:\d+\]$/, ''), ...position };
}
