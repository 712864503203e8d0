import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const CLI = fileURLToPath(new URL('../../cli/asynclab.ts', import.meta.url));
const LESSON = fileURLToPath(new URL('../programs/lesson/', import.meta.url));

function asynclab(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['--no-node-snapshot', CLI, ...args], { encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function programFile(source: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'asynclab-')), 'main.ts');
  writeFileSync(file, source);
  return file;
}

describe('asynclab run', () => {
  test('prints each event with its virtual time and task, then the status', () => {
    const { status, stdout } = asynclab('run', join(LESSON, 'create-task-order.ts'));
    expect(status).toBe(0);
    expect(stdout).toBe(
      [
        '[  0.000s] Task-1  执行协程函数内部代码',
        '[  0.000s] Task-2  start task_1',
        '[  0.000s] Task-3  start task_2',
        '[  2.000s] Task-3  end task_2',
        '[  3.000s] Task-2  end task_1',
        '[  3.000s] Task-1  task_1的IO操作结果为: 返回值task_1',
        '[  3.000s] Task-1  task_2的IO操作结果为: 返回值task_2',
        'status ok · elapsed 3.000 s (simulated)',
        '',
      ].join('\n'),
    );
  });

  test('prints diagnostics with their TypeScript lines', () => {
    const { status, stdout } = asynclab('run', join(LESSON, 'missing-await.ts'));
    expect(status).toBe(0);
    expect(stdout).toContain("warning (line 6): coroutine 'sleep' was never awaited");
    const deadlock = asynclab('run', join(LESSON, 'future-deadlock.ts'));
    expect(deadlock.status).toBe(1);
    expect(deadlock.stdout).toContain('Task-1 waits for a Future that nothing resolves (line 6)');
  });

  test('--json prints the RunResult, byte-identical from run to run', () => {
    const first = asynclab('run', join(LESSON, 'wait-with-timeout.ts'), '--json');
    const second = asynclab('run', join(LESSON, 'wait-with-timeout.ts'), '--json');
    expect(first.status).toBe(0);
    expect(first.stdout).toBe(second.stdout);
    expect(JSON.parse(first.stdout)).toMatchObject({ status: 'ok', elapsed: 2.5 });
  });

  test('exits 1 for a program that fails and 2 for one that does not compile', () => {
    const failing = asynclab('run', programFile("throw new Error('nope');"));
    expect(failing.status).toBe(1);
    expect(failing.stdout).toContain('error (line 1, column 7): Error: nope');
    const broken = asynclab('run', programFile('const = 1;'));
    expect(broken.status).toBe(2);
    expect(broken.stdout).toContain('compile error (line 1, column 7): Variable declaration expected.');
  });

  test('rejects bad usage with a message and exit code 2', () => {
    expect(asynclab('run', '/no/such/file.ts')).toMatchObject({
      status: 2,
      stderr: 'asynclab: cannot read /no/such/file.ts: ENOENT\n',
    });
    const noFile = asynclab('run');
    expect(noFile.status).toBe(2);
    expect(noFile.stderr).toContain('usage: asynclab run');
    const unknown = asynclab('frobnicate');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'frobnicate'");
    expect(asynclab('run', 'a.ts', '--seed', 'x')).toMatchObject({
      status: 2,
      stderr: "asynclab: --seed must be an integer, got 'x'\n",
    });
    const bogus = asynclab('run', 'a.ts', '--bogus');
    expect(bogus.status).toBe(2);
    expect(bogus.stderr).toContain("Unknown option '--bogus'");
  });
});
