import { afterAll } from 'vitest';
import { SandboxPool } from '../sandbox/host/pool.ts';
import type { RunOptionsInput, RunResult } from '../sandbox/result.ts';

/** A sandbox pool for one test file, closed after its tests. */
export function usePool(size = 1): (source: string, options?: RunOptionsInput) => Promise<RunResult> {
  const pool = new SandboxPool({ size });
  afterAll(() => pool.close());
  return (source, options) => pool.run(source, options);
}

/** A result's events as `<t> <text>` lines, the notation of predict exercises. */
export function trace(result: RunResult): string[] {
  return result.events.map((e) => `${e.t} ${e.text}`);
}
