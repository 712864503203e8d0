import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { loadConfig } from '../../server/config.ts';
import { openDatabase } from '../../server/db/client.ts';

const CLI = fileURLToPath(new URL('../../cli/asynclab.ts', import.meta.url));
const LESSON = fileURLToPath(new URL('../programs/lesson/', import.meta.url));
const CONVERT = fileURLToPath(new URL('../../exercises/convert-to-37-style/', import.meta.url));

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
    expect(noFile.stderr).toContain('usage:\n  asynclab run FILE.ts');
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

describe('asynclab grade', () => {
  test('exits 0 for a passing solution, 1 for a failing one, 2 for one that does not compile', () => {
    const passing = asynclab('grade', '--exercise', 'convert-to-37-style', join(CONVERT, 'reference.ts'));
    expect(passing.status).toBe(0);
    expect(passing.stdout).toContain('convert-to-37-style: passed · score 100%');
    const failing = asynclab('grade', '--exercise', 'convert-to-37-style', join(CONVERT, 'starter.ts'));
    expect(failing.status).toBe(1);
    expect(failing.stdout).toContain('✗ style: the program uses getEventLoop (line 21)');
    const broken = asynclab('grade', '--exercise', 'convert-to-37-style', programFile('const = 1;'));
    expect(broken.status).toBe(2);
    expect(broken.stdout).toContain('not gradable');
  });

  test('--json prints the grade', () => {
    const { status, stdout } = asynclab(
      'grade',
      '--exercise',
      'convert-to-37-style',
      join(CONVERT, 'starter.ts'),
      '--json',
    );
    expect(status).toBe(1);
    expect(JSON.parse(stdout)).toMatchObject({ exercise: 'convert-to-37-style', gradable: true, passed: false });
  });

  test('rejects an unknown exercise and a file of the wrong kind', () => {
    const unknown = asynclab('grade', '--exercise', 'no-such-exercise', join(CONVERT, 'reference.ts'));
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("no exercise 'no-such-exercise'");
    const wrongKind = asynclab('grade', '--exercise', 'create-task-order', join(CONVERT, 'reference.ts'));
    expect(wrongKind.status).toBe(2);
    expect(wrongKind.stderr).toContain('create-task-order is a predict exercise: submit a .txt prediction');
  });
});

describe('asynclab check', () => {
  function copyOfConvert(): string {
    const root = mkdtempSync(join(tmpdir(), 'asynclab-check-'));
    cpSync(CONVERT, join(root, 'convert-to-37-style'), { recursive: true });
    return root;
  }

  test('passes a sound pack', () => {
    const { status, stdout } = asynclab('check', copyOfConvert());
    expect(status).toBe(0);
    expect(stdout).toContain('1 of 1 exercises sound');
  });

  test('fails with a clear message when a reject passes', () => {
    const root = copyOfConvert();
    writeFileSync(
      join(root, 'convert-to-37-style/reject/passes.ts'),
      `// fails: output\n${readFileSync(join(CONVERT, 'reference.ts'), 'utf8')}`,
    );
    const { status, stdout } = asynclab('check', root);
    expect(status).toBe(1);
    expect(stdout).toContain("reject/passes.ts should fail 'output' but passes it");
  });

  test('fails with a message naming a bad manifest field', () => {
    const root = copyOfConvert();
    const file = join(root, 'convert-to-37-style/exercise.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace('"kind": "code"', '"kind": "essay"'));
    const { status, stdout } = asynclab('check', root);
    expect(status).toBe(1);
    expect(stdout).toMatch(/FAILED convert-to-37-style[\s\S]*→ at kind/);
  });
});

describe('asynclab serve and make-teacher', () => {
  const env = (extra: Record<string, string>) => ({ ...process.env, LOG_LEVEL: 'silent', ...extra });

  test('a bad setting stops the service before it starts, naming the variable (exit 2)', () => {
    const result = spawnSync(process.execPath, ['--no-node-snapshot', CLI, 'serve'], {
      encoding: 'utf8',
      env: env({ PORT: 'eighty', DATABASE_URL: 'mysql://localhost/x', DATA_DIR: mkdtempSync(join(tmpdir(), 'al-')) }),
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(
      /invalid configuration:\n {2}PORT: .*\n {2}DATABASE_URL: must start with file: \(SQLite\) or postgresql:\/\//,
    );
  });

  test('make-teacher gives an account the teacher role; no such account, or the last admin, is a message (exit 2)', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'al-'));
    const missing = spawnSync(process.execPath, ['--no-node-snapshot', CLI, 'make-teacher', 'nobody@example.com'], {
      encoding: 'utf8',
      env: env({ DATA_DIR: dataDir }),
    });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe('asynclab: an account with nobody@example.com not found\n');

    const db = await openDatabase(loadConfig({ DATA_DIR: dataDir }).DATABASE_URL);
    try {
      await db.user.create({ data: { email: 'ada@example.com', name: 'Ada', passwordHash: 'x', role: 'admin' } });
      await db.user.create({ data: { email: 'tess@example.com', name: 'Tess', passwordHash: 'x', role: 'learner' } });
    } finally {
      await db.$disconnect();
    }
    const makeTeacher = (email: string) =>
      spawnSync(process.execPath, ['--no-node-snapshot', CLI, 'make-teacher', email], {
        encoding: 'utf8',
        env: env({ DATA_DIR: dataDir }),
      });
    const made = makeTeacher('Tess@example.com');
    expect([made.status, made.stdout]).toEqual([0, 'tess@example.com is now a teacher\n']);
    const lastAdmin = makeTeacher('ada@example.com');
    expect(lastAdmin.status).toBe(2);
    expect(lastAdmin.stderr).toMatch(/^asynclab: the last admin cannot stop being one/);
  });

  test('serve answers over HTTP and, on SIGTERM, closes and exits 0', async () => {
    const child = spawn(process.execPath, ['--no-node-snapshot', CLI, 'serve'], {
      env: { ...process.env, LOG_LEVEL: 'info', PORT: '0', DATA_DIR: mkdtempSync(join(tmpdir(), 'al-')) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let log = '';
    const address = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        log += chunk.toString();
        const listening = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(log);
        if (listening) resolve(listening[1] as string);
      });
      child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${log}`)));
    });
    const health = await fetch(`${address}/api/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', exercises: 30 });
    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(0);
    expect(log).toMatch(/"msg":"shutting down"/);
  });

  test('serve on a port already in use says so and exits 2', async () => {
    const { createServer } = await import('node:net');
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = String((blocker.address() as { port: number }).port);
    const result = spawnSync(process.execPath, ['--no-node-snapshot', CLI, 'serve'], {
      encoding: 'utf8',
      env: { ...process.env, LOG_LEVEL: 'silent', PORT: port, DATA_DIR: mkdtempSync(join(tmpdir(), 'al-')) },
    });
    blocker.close();
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      `asynclab: cannot listen on 127.0.0.1:${port} (EADDRINUSE): set PORT or HOST to another value\n`,
    );
  });
});
