import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import type { RunResult } from '../../sandbox/result.ts';
import { trace, usePool } from '../support.ts';
import { lesson } from './traces.ts';

const run = usePool(2);
const program = (name: string): string =>
  readFileSync(new URL(`../programs/lesson/${name}.ts`, import.meta.url), 'utf8');

const warningsOf = (result: RunResult): string[] => result.warnings.map((w) => `${w.kind} ${w.line}: ${w.message}`);

describe('lesson programs give the lesson’s trace on the virtual clock', () => {
  for (const [name, expected] of Object.entries(lesson)) {
    test(name, async () => {
      const result = await run(program(name));
      expect(result.error).toBeUndefined();
      expect(result.status).toBe(expected.status ?? 'ok');
      expect(trace(result)).toEqual(expected.trace);
      expect(result.elapsed).toBe(expected.elapsed);
      expect(warningsOf(result)).toEqual(expected.warnings ?? []);
    });
  }
});

describe('lesson programs that go wrong report it the way CPython does', () => {
  test('asyncio.wait rejects bare coroutines with CPython’s TypeError and line', async () => {
    const result = await run(program('wait-rejects-coroutines'));
    expect(result.status).toBe('error');
    expect(result.error).toMatchObject({
      type: 'TypeError',
      message: 'Passing coroutines is forbidden, use tasks explicitly.',
      line: 21,
    });
    // The two coroutines handed to wait() never ran.
    expect(warningsOf(result)).toEqual([
      "never-awaited 18: coroutine 'work1' was never awaited",
      "never-awaited 18: coroutine 'work2' was never awaited",
    ]);
    expect(result.events).toEqual([]);
  });

  test('reports a deadlock when main awaits a future nobody resolves, at once and with the line', async () => {
    const result = await run(program('future-deadlock'));
    expect(result.status).toBe('deadlock');
    expect(result.elapsed).toBe(0);
    expect(result.deadlock?.tasks).toMatchObject([
      { task: 'Task-1', awaits: 'a Future that nothing resolves', line: 6 },
    ]);
    expect(result.deadlock?.message).toMatch(/^deadlock: /);
  });

  test('names the main task of each asyncio.run as CPython counts them (three tasks per run)', async () => {
    const result = await run(program('missing-await'));
    expect(result.events.map((e) => e.task)).toEqual(['Task-1', 'Task-4', 'Task-7', 'Task-10', 'Task-13', null]);
  });

  test('the same program twice gives byte-identical results', async () => {
    const [a, b] = await Promise.all([run(program('wait-with-timeout')), run(program('wait-with-timeout'))]);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });
});
