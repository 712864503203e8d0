import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { EXERCISES_DIR } from '../../grader/exercise.ts';
import type { Runner } from '../../grader/grade.ts';
import { SandboxPool } from '../../sandbox/host/index.ts';
import { type Client, startApp, useApp } from './support.ts';

/**
 * Grading faults: the sandbox fails, the queue is full, the process stops mid-grade. Programs
 * run in a real sandbox pool behind a switch that makes runs fail or wait.
 */
const pool = new SandboxPool({ size: 1 });
let mode: 'run' | 'crash' | 'hold' = 'run';
const held: (() => void)[] = [];
const runner: Runner = async (source, options) => {
  if (mode === 'crash') throw new Error('the sandbox worker crashed');
  if (mode === 'hold') await new Promise<void>((resolve) => held.push(resolve));
  return pool.run(source, options);
};
const release = (): void => {
  mode = 'run';
  for (const resume of held.splice(0)) resume();
};
afterAll(() => pool.close());

const t = useApp({ runner, env: { GRADING_CONCURRENCY: '1', GRADING_QUEUE_LIMIT: '1' } });
const source = readFileSync(join(EXERCISES_DIR, 'convert-to-37-style/accept/gather.ts'), 'utf8');
const submit = (client: Client) =>
  client.post('/api/exercises/convert-to-37-style/submissions', { kind: 'code', source });
const until = async (check: () => boolean | Promise<boolean>): Promise<void> => {
  for (let i = 0; i < 200 && !(await check()); i++) await new Promise((resolve) => setTimeout(resolve, 50));
};

describe('grading survives faults (issue 5)', () => {
  let learner: Client;

  test('a submission whose grading crashes stays stored with an error status, and can be re-graded', async () => {
    await t.signUp('Admin');
    learner = await t.signUp('Lee');
    mode = 'crash';
    const id = (await submit(learner)).json<{ id: string }>().id;
    const failed = (await learner.get(`/api/submissions/${id}?wait=10`)).json();
    expect(failed).toMatchObject({
      status: 'error',
      error: 'the sandbox worker crashed',
      grade: null,
      submission: { kind: 'code', source },
    });

    mode = 'run';
    const again = await learner.post(`/api/submissions/${id}/regrade`);
    expect(again.statusCode).toBe(202);
    expect(again.json()).toMatchObject({ status: 'queued', error: null });
    expect((await learner.get(`/api/submissions/${id}?wait=20`)).json()).toMatchObject({
      status: 'graded',
      passed: true,
      error: null,
    });
  });

  test('a full queue answers 429 with Retry-After and stores nothing; the queued work is graded', async () => {
    mode = 'hold';
    // Two gradings under way (twice the concurrency) and one waiting fill a queue of limit 1.
    const accepted = [await submit(learner), await submit(learner), await submit(learner)];
    expect(accepted.map((r) => r.statusCode)).toEqual([202, 202, 202]);
    const before = await t.app.db.submission.count();
    const refused = await submit(learner);
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toBe('5');
    expect(refused.json()).toMatchObject({ code: 'QUEUE_FULL', message: expect.stringMatching(/busy/) });
    expect(await t.app.db.submission.count()).toBe(before);
    expect((await t.client().get('/api/health')).json().queue).toMatchObject({ waiting: 1, active: 2 });

    release();
    for (const response of accepted) {
      const graded = (await learner.get(`/api/submissions/${response.json<{ id: string }>().id}?wait=20`)).json();
      expect(graded).toMatchObject({ status: 'graded', passed: true });
    }
  });

  test('a submission left half-graded when the service stopped is graded once by the next start', async () => {
    mode = 'hold';
    const id = (await submit(learner)).json<{ id: string }>().id;
    await until(() => held.length > 0);
    expect((await t.app.db.submission.findUniqueOrThrow({ where: { id } })).status).toBe('grading');

    // A second process on the same database, as after a restart, finds it and grades it.
    const next = await startApp(t.dataDir, t.url);
    try {
      await until(async () => (await next.db.submission.findUniqueOrThrow({ where: { id } })).status === 'graded');
      const graded = await next.db.submission.findUniqueOrThrow({ where: { id } });
      expect(graded).toMatchObject({ status: 'graded', passed: true });

      // The first grading, resumed late, finds the submission no longer its own and writes nothing.
      release();
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(await next.db.submission.findUniqueOrThrow({ where: { id } })).toEqual(graded);
    } finally {
      await next.close();
    }
  });
});
