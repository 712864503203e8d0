import ivm from 'isolated-vm';
import { readFileSync } from 'node:fs';
import { RUNTIME_BUNDLE } from '../build.ts';
import { PROGRAM_FILE } from '../program.ts';
import { type Position, type RunOptions, type RunResult, RunResultSchema } from '../result.ts';
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

  const { limits } = options;
  const isolate = new ivm.Isolate({ memoryLimit: limits.memoryMb });
  try {
    const context = await isolate.createContext();
    // isolated-vm sets `cachedData` on the script when asked to produce it.
    const runtime: ivm.Script & ivm.CachedDataResult = await isolate.compileScript(runtimeSource, {
      filename: 'asynclab-runtime.js',
      ...(runtimeCache ? { cachedData: runtimeCache } : { produceCachedData: true }),
    });
    runtimeCache ??= runtime.cachedData;
    await runtime.run(context);

    let program: ivm.Script;
    try {
      program = await isolate.compileScript(compiled.program.script, { filename: PROGRAM_FILE, lineOffset: -1 });
    } catch (error) {
      return { ...emptyResult('compile-error'), diagnostics: [syntaxDiagnostic(error, compiled.program)] };
    }
    await program.run(context);

    const run = (await context.global.get('__asynclab_run', { reference: true })) as ivm.Reference<
      (request: string) => string
    >;
    const partial = (await context.global.get('__asynclab_partial', { reference: true })) as ivm.Reference<
      () => string
    >;
    const remainingMs = Math.max(1, limits.cpuMs - Number(isolate.cpuTime / 1_000_000n));
    let json: string;
    try {
      json = await run.apply(undefined, [JSON.stringify(options)], { timeout: remainingMs, result: { copy: true } });
    } catch (error) {
      if (isolate.isDisposed || MEMORY_LIMIT_MESSAGE.test(String(error))) return limitResult('memory', limits);
      if (!TIMEOUT_MESSAGE.test(String(error))) throw error;
      // The events written before the CPU limit are still worth showing.
      const sofar = await partial.apply(undefined, [], { timeout: 250, result: { copy: true } }).catch(() => null);
      const result = limitResult('cpu', limits);
      return sofar
        ? { ...toSourcePositions(parse(sofar), compiled.program), ...result, events: parse(sofar).events }
        : result;
    }
    return toSourcePositions(parse(json), compiled.program);
  } catch (error) {
    if (isolate.isDisposed || MEMORY_LIMIT_MESSAGE.test(String(error))) return limitResult('memory', limits);
    throw error;
  } finally {
    if (!isolate.isDisposed) isolate.dispose();
  }
}

function parse(json: string): RunResult {
  return RunResultSchema.parse(JSON.parse(json));
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
