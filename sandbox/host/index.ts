import type { RunOptionsInput, RunResult } from '../result.ts';
import { SandboxPool } from './pool.ts';

export { SandboxPool } from './pool.ts';
export type { RunOptionsInput, RunResult } from '../result.ts';

let sharedPool: SandboxPool | undefined;

/**
 * Runs a TypeScript program on the virtual-clock asyncio runtime and returns its RunResult.
 * Uses a shared pool of sandbox workers, started on first use.
 * @example
 * const result = await runProgram("import * as asyncio from 'asyncio';\nasyncio.run(asyncio.sleep(1));");
 * result.elapsed; // 1
 */
export function runProgram(source: string, options: RunOptionsInput = {}): Promise<RunResult> {
  sharedPool ??= new SandboxPool();
  return sharedPool.run(source, options);
}

/** Stops the shared pool's workers. */
export async function closeSandbox(): Promise<void> {
  const pool = sharedPool;
  sharedPool = undefined;
  await pool?.close();
}
