import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { EXERCISES_DIR, findExercise } from '../../grader/exercise.ts';
import { Grader } from '../../grader/grade.ts';
import type { Submission } from '../../grader/grade-schema.ts';
import { SandboxPool } from '../../sandbox/host/index.ts';
import { type Db, openDatabase } from '../../server/db/client.ts';
import { HttpClient, type Started, start, stop, until } from './support.ts';

/**
 * The distributed deployment on this machine (issue 7): one web process and two
 * `asynclab worker`s sharing the local PostgreSQL and Redis, under load and faults.
 */
const POSTGRES = process.env.TEST_POSTGRES_URL ?? 'postgresql://postgres@localhost:5432/postgres';
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const NAME = `asynclab_scale_${process.pid}`;
const PREFIX = `test-${process.pid}`;
const databaseUrl = Object.assign(new URL(POSTGRES), { pathname: `/${NAME}` }).toString();
const env = {
  DATABASE_URL: databaseUrl,
  REDIS_URL,
  QUEUE_PREFIX: PREFIX,
  PORT: '0',
  GRADING_CONCURRENCY: '1',
  GRADING_QUEUE_LIMIT: '100000',
  RATE_LIMIT_AUTH: '100000',
  RATE_LIMIT_SUBMIT: '100000',
  RATE_LIMIT_RUN: '100000',
  // Submissions Redis lost in its restart are found within seconds.
  QUEUE_SWEEP_SECONDS: '2',
  DATA_DIR: join(process.env.TMPDIR ?? '/tmp', NAME),
};

/** The programs learners hand in: passing and failing ones of three exercises. */
const PROGRAMS = [
  ['convert-to-37-style', 'accept/gather.ts'],
  ['convert-to-37-style', 'reject/await-each-task.ts'],
  ['gather-results', 'accept/tasks-then-gather.ts'],
  ['gather-results', 'reject/one-after-another.ts'],
  ['fix-missing-await', 'accept/create-tasks.ts'],
  ['fix-missing-await', 'starter.ts'],
].map(([slug, file]) => ({
  slug: slug as string,
  source: readFileSync(join(EXERCISES_DIR, slug as string, file as string), 'utf8'),
}));

let web: Started & { address: string };
const workers: Started[] = [];
let db: Db;
let admin: HttpClient;
const learners: HttpClient[] = [];

const psql = async (sql: string): Promise<void> => {
  const client = new pg.Client({ connectionString: POSTGRES });
  await client.connect();
  await client.query(sql);
  await client.end();
};
const health = async (): Promise<{ status: number; json: any }> =>
  new HttpClient(web.address).request('GET', '/api/health');
const settledCount = (ids: string[]): Promise<number> =>
  db.submission.count({ where: { id: { in: ids }, status: { in: ['graded', 'error'] } } });

/** Submits one program per (learner, round), at most `inFlight` requests at a time; returns the ids. */
async function submitMany(count: number, inFlight = 20): Promise<string[]> {
  const ids: string[] = [];
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < count) {
      const i = next++;
      const learner = learners[i % learners.length] as HttpClient;
      const program = PROGRAMS[i % PROGRAMS.length] as (typeof PROGRAMS)[number];
      const answer = await learner.request('POST', `/api/exercises/${program.slug}/submissions`, {
        kind: 'code',
        source: program.source,
      });
      if (answer.status !== 202)
        throw new Error(`submission ${i} answered ${answer.status}: ${JSON.stringify(answer.json)}`);
      ids.push(answer.json.id as string);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, lane));
  return ids;
}

/** Every submission is graded, and each grade was stored exactly once. */
async function expectGradedOnce(ids: string[]): Promise<void> {
  const rows = await db.submission.findMany({ where: { id: { in: ids } }, select: { status: true, gradings: true } });
  expect(rows).toHaveLength(ids.length);
  expect(rows.filter((r) => r.status !== 'graded')).toEqual([]);
  expect(rows.filter((r) => r.gradings !== 1)).toEqual([]);
}

beforeAll(async () => {
  await psql(`CREATE DATABASE ${NAME}`);
  web = await start('serve', env);
  workers.push(await start('worker', env), await start('worker', env));
  db = await openDatabase(databaseUrl);
  await until('both workers are connected', async () => (await health()).json.queue.workers === 2);
  admin = new HttpClient(web.address);
  await admin.signUp('admin');
  for (let i = 0; i < 100; i += 10) {
    const batch = Array.from({ length: 10 }, (_, j) => new HttpClient(web.address).signUp(`learner-${i + j}`));
    await Promise.all(batch);
  }
  for (let i = 0; i < 100; i++) {
    const client = new HttpClient(web.address);
    await client.request('POST', '/api/auth/login', {
      email: `learner-${i}@example.com`,
      password: 'correct horse battery',
    });
    learners.push(client);
  }
}, 120_000);

afterAll(async () => {
  await Promise.all([...workers, web].filter(Boolean).map((p) => stop(p, 'SIGKILL')));
  await db?.$disconnect();
  await psql(`DROP DATABASE IF EXISTS ${NAME} WITH (FORCE)`);
  const redis = new Redis(REDIS_URL);
  const keys = await redis.keys(`${PREFIX}:*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
}, 60_000);

describe('grading at scale across processes (issue 7)', () => {
  test('1,000 submissions from 100 learners are all graded exactly once, as in-process grading grades them', async () => {
    const ids = await submitMany(1000);
    await until('1,000 submissions are graded', async () => (await settledCount(ids)) === 1000, 180_000);
    await expectGradedOnce(ids);

    // The grade of each program, stored by the workers, is the grade one process gives it.
    const pool = new SandboxPool({ size: 1 });
    try {
      const grader = new Grader((source, options) => pool.run(source, options));
      for (const program of PROGRAMS) {
        const stored = await db.submission.findFirstOrThrow({
          where: {
            id: { in: ids },
            exercise: { slug: program.slug },
            payload: JSON.stringify({ kind: 'code', source: program.source }),
          },
        });
        const submission: Submission = { kind: 'code', source: program.source };
        expect(JSON.parse(stored.grade as string)).toEqual(await grader.grade(findExercise(program.slug), submission));
      }
    } finally {
      await pool.close();
    }
    const outcomes = await db.submission.groupBy({
      by: ['passed'],
      where: { id: { in: ids } },
      _count: { _all: true },
    });
    expect(outcomes.map((o) => o._count._all).sort()).toEqual([500, 500]);
  }, 240_000);

  test('a worker killed (SIGKILL) in the middle of a batch: every submission is still graded exactly once', async () => {
    const ids = await submitMany(300);
    await until('grading is under way', async () => (await settledCount(ids)) >= 30);
    const killed = workers.shift() as Started;
    expect(await stop(killed, 'SIGKILL')).toBe(null);
    await until('the other worker has graded the rest', async () => (await settledCount(ids)) === 300, 120_000);
    await expectGradedOnce(ids);
    workers.push(await start('worker', env));
    await until('two workers again', async () => (await health()).json.queue.workers === 2);
  }, 240_000);

  test('a worker stopped with SIGTERM finishes its gradings and exits 0; the rest are graded by the other', async () => {
    const ids = await submitMany(200);
    await until('grading is under way', async () => (await settledCount(ids)) >= 20);
    const stopped = workers.shift() as Started;
    expect(await stop(stopped, 'SIGTERM')).toBe(0);
    expect(stopped.output()).toMatch(/finishing the gradings under way/);
    await until('the other worker has graded the rest', async () => (await settledCount(ids)) === 200, 120_000);
    await expectGradedOnce(ids);
    workers.push(await start('worker', env));
    await until('two workers again', async () => (await health()).json.queue.workers === 2);
  }, 240_000);

  test('Redis restarts during a batch: health reports it, then recovers, and nothing is lost', async () => {
    const ids = await submitMany(200);
    execFileSync('redis-cli', ['-u', REDIS_URL, 'shutdown', 'nosave']);
    try {
      await until('health reports the queue down', async () => {
        const answer = await health();
        return answer.status === 503 && answer.json.status === 'degraded' && answer.json.queue.status === 'down';
      });
      // Submissions keep being stored while the queue is away.
      ids.push(...(await submitMany(20, 5)));
    } finally {
      execFileSync('redis-server', [
        '--daemonize',
        'yes',
        '--bind',
        '127.0.0.1',
        '-::1',
        '--port',
        '6379',
        '--save',
        '',
        '--appendonly',
        'no',
        '--dir',
        '/var/lib/redis',
        '--logfile',
        '/var/log/redis/ci.log',
      ]);
    }
    await until('health recovers', async () => (await health()).status === 200, 60_000);
    await until('every submission is graded', async () => (await settledCount(ids)) === ids.length, 180_000);
    await expectGradedOnce(ids);
  }, 300_000);

  test('a re-grade of 5,000 stored submissions reports its progress and finishes', async () => {
    const exercise = await db.exercise.findUniqueOrThrow({
      where: { slug: 'convert-to-37-style' },
      include: { versions: true },
    });
    const learner = await db.user.findUniqueOrThrow({ where: { email: 'learner-0@example.com' } });
    const payload = JSON.stringify({ kind: 'code', source: PROGRAMS[0]?.source });
    await db.submission.createMany({
      data: Array.from({ length: 5000 }, () => ({
        userId: learner.id,
        exerciseId: exercise.id,
        versionId: exercise.versions[0]?.id as string,
        kind: 'code',
        payload,
        status: 'graded',
        gradings: 1,
      })),
    });
    const all = await db.submission.count({ where: { exerciseId: exercise.id } });
    const started = await admin.request('POST', '/api/exercises/convert-to-37-style/regrade', {});
    expect(started.status).toBe(202);
    expect(started.json).toMatchObject({ total: all, finished: false });
    const seen: number[] = [];
    await until(
      'the re-grade finishes',
      async () => {
        const progress = await admin.request('GET', `/api/regrades/${started.json.id as string}`);
        seen.push(progress.json.done + progress.json.failed);
        return progress.json.finished as boolean;
      },
      240_000,
    );
    expect(seen.at(-1)).toBe(all);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(seen.some((n) => n > 0 && n < all)).toBe(true);
    const batch = await db.regradeBatch.findUniqueOrThrow({ where: { id: started.json.id as string } });
    expect(batch).toMatchObject({ total: all, done: all, failed: 0 });
    const regraded = await db.submission.count({ where: { exerciseId: exercise.id, gradings: 2, status: 'graded' } });
    expect(regraded).toBe(all);
  }, 300_000);
});
