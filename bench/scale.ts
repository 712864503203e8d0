/**
 * Scale benchmark (`npm run bench:scale`): distributed grading, the web service (`asynclab
 * serve`) with REDIS_URL set and 1, then 2 grading workers (`asynclab worker`, each
 * GRADING_CONCURRENCY=1: one sandbox process), all on this machine, sharing a PostgreSQL
 * database (created for each run, dropped afterwards) and Redis (a QUEUE_PREFIX of its own,
 * deleted afterwards). For each number of workers: 50 learners put a backlog of submissions
 * (accept/gather.ts, each made unique by a comment) into the queue as fast as the web service
 * takes them, then the workers drain it. Measures graded submissions per second (first to
 * last grade stored, from the database's timestamps), the ratio 2 workers / 1 worker, queue
 * latency (stored → claimed by a worker) p50/p99, the web service's submit latency (POST
 * answered) while the queue is saturated, and on Linux the CPU time per submission of every
 * party (web, workers, their sandboxes, PostgreSQL, Redis when they run here, the load
 * generator), from which it estimates what bounds N machines. Exits 1 if a run fails; every
 * process, database and Redis key it made is removed, on failure too.
 *
 *   node --no-node-snapshot bench/scale.ts [--backlog N] [--workers 1,2]
 *     --backlog N    submissions queued per run (default 1500)
 *     --workers 1,2  the worker counts to measure (default 1,2)
 *   BENCH_POSTGRES_URL   the PostgreSQL server (default postgresql://postgres@localhost:5432)
 *   BENCH_REDIS_URL      the Redis server (default redis://127.0.0.1:6379)
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import pg from 'pg';
import { describeMachine, loadAverage, table } from './report.ts';
import {
  type AsynclabProcess,
  at,
  freshProgram,
  type Learner,
  machineCpu,
  ms,
  PROC,
  processSnapshot,
  problems,
  programCpu,
  type Service,
  serviceCpu,
  signUpLearners,
  SLUG,
  sleep,
  spawnAsynclab,
  startService,
  type SubmissionView,
} from './service.ts';

const LEARNERS = 50;
/** Sequential submissions on idle workers, for the queue's own latency. */
const IDLE_SAMPLES = 10;
const WORKER_START_TIMEOUT_MS = 90_000;
const DRAIN_TIMEOUT_MS = 240_000;
const POSTGRES = (process.env.BENCH_POSTGRES_URL ?? 'postgresql://postgres@localhost:5432').replace(/\/+$/, '');
const REDIS = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

const { values: flags } = parseArgs({
  options: { backlog: { type: 'string', default: '1500' }, workers: { type: 'string', default: '1,2' } },
});
const BACKLOG = Math.max(LEARNERS, Math.round(Number(flags.backlog) / LEARNERS) * LEARNERS);
const WORKER_COUNTS = flags.workers.split(',').map(Number);
if (!Number.isInteger(BACKLOG) || WORKER_COUNTS.some((n) => !Number.isInteger(n) || n < 1)) {
  console.log('usage: node --no-node-snapshot bench/scale.ts [--backlog N] [--workers 1,2]');
  process.exit(2);
}

// ---- Clean-up: whatever was made is undone, in reverse, on failure and on Ctrl-C too ------

const undo: { what: string; action: () => Promise<unknown> }[] = [];
const defer = (what: string, action: () => Promise<unknown>): void => void undo.push({ what, action });
async function cleanUp(): Promise<void> {
  while (undo.length > 0) {
    const { what, action } = undo.pop() as (typeof undo)[number];
    await action().catch((error: unknown) =>
      console.log(`clean-up: ${what} failed: ${error instanceof Error ? error.message : String(error)}`),
    );
  }
}
const interrupted = (): void => {
  console.log('\ninterrupted: cleaning up');
  void cleanUp().finally(() => process.exit(130));
};
process.once('SIGINT', interrupted);
process.once('SIGTERM', interrupted);

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: `${POSTGRES}/postgres` });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Deletes every key under the prefix (BullMQ's queue keys are `<prefix>:grading:…`). */
async function deleteKeys(redis: Redis, prefix: string): Promise<number> {
  let deleted = 0;
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) deleted += await redis.unlink(...keys);
  } while (cursor !== '0');
  return deleted;
}

/** Redis's command count so far, over all clients (INFO commandstats), and its run id. */
async function redisCommands(redis: Redis): Promise<{ calls: number; runId: string }> {
  const info = await redis.info('commandstats');
  const runId = /run_id:(\w+)/.exec(await redis.info('server'))?.[1] ?? '';
  let calls = 0;
  for (const match of info.matchAll(/calls=(\d+)/g)) calls += Number(match[1]);
  return { calls, runId };
}

// ---- CPU readings ------------------------------------------------------------------------

/** CPU ms so far of each party, read at one moment. */
interface Reading {
  at: number;
  web: number;
  webSandbox: number;
  workers: number[];
  workerSandboxes: number;
  postgres: number | undefined;
  redis: number | undefined;
  generator: number;
  machineBusy: number;
  machineTotal: number;
  redisCalls: number;
  /** Changes when Redis restarts (its counters start again). */
  redisRunId: string;
}

async function read(web: Service, workers: AsynclabProcess[], redis: Redis): Promise<Reading> {
  const commands = await redisCommands(redis);
  const processes = processSnapshot();
  const webCpu = serviceCpu(web.pid, processes);
  const workerCpu = workers.map((worker) => serviceCpu(worker.pid, processes));
  const generator = process.cpuUsage();
  const machine = machineCpu();
  return {
    at: performance.now(),
    web: webCpu?.main ?? NaN,
    webSandbox: webCpu?.children ?? NaN,
    workers: workerCpu.map((cpu) => cpu?.main ?? NaN),
    workerSandboxes: workerCpu.reduce((sum, cpu) => sum + (cpu?.children ?? NaN), 0),
    postgres: programCpu('postgres', processes),
    redis: programCpu('redis-server', processes),
    generator: (generator.user + generator.system) / 1000,
    machineBusy: machine.busy,
    machineTotal: machine.total,
    redisCalls: commands.calls,
    redisRunId: commands.runId,
  };
}

/** CPU ms each party used between two readings. */
function used(from: Reading, to: Reading) {
  const delta = (a: number | undefined, b: number | undefined): number =>
    a === undefined || b === undefined ? NaN : b - a;
  const redisRestarted = from.redisRunId !== to.redisRunId;
  const parties = {
    web: delta(from.web, to.web),
    webSandbox: delta(from.webSandbox, to.webSandbox),
    workers: to.workers.map((cpu, i) => cpu - (from.workers[i] ?? NaN)),
    workerSandboxes: delta(from.workerSandboxes, to.workerSandboxes),
    postgres: delta(from.postgres, to.postgres),
    redis: redisRestarted ? NaN : delta(from.redis, to.redis),
    generator: delta(from.generator, to.generator),
  };
  const ours =
    parties.web +
    parties.webSandbox +
    parties.workers.reduce((a, b) => a + b, 0) +
    parties.workerSandboxes +
    parties.postgres +
    parties.redis +
    parties.generator;
  const machine = to.machineBusy - from.machineBusy;
  return {
    seconds: (to.at - from.at) / 1000,
    ...parties,
    /** Busy CPU of the machine that none of the above used: other programs. */
    others: machine - ours,
    machineBusy: (100 * machine) / Math.max(1, to.machineTotal - from.machineTotal),
    redisCalls: redisRestarted ? NaN : to.redisCalls - from.redisCalls,
    redisRestarted,
  };
}
type Used = ReturnType<typeof used>;

// ---- One run: the web service, N workers, a backlog ------------------------------------------

interface Row {
  id: string;
  status: string;
  passed: boolean | null;
  created: number;
  started: number | null;
  graded: number | null;
}

interface Run {
  workers: number;
  /** Idle workers, one submission at a time. */
  idle: { postMs: number[]; queuedMs: number[]; gradingMs: number[] };
  /** The backlog: POST latencies, when the last was answered (Date.now()), and its rows. */
  postMs: number[];
  postErrors: string[];
  intakeSeconds: number;
  intakeEnd: number;
  rows: Row[];
  intake: Used;
  drain: Used;
  logProblems: string[];
}

const submitBody = (): { kind: 'code'; source: string } => ({ kind: 'code', source: freshProgram() });

async function post(learner: Learner): Promise<{ ms: number; view?: SubmissionView; error?: string }> {
  const start = performance.now();
  try {
    const answer = await learner.request('POST', `/api/exercises/${SLUG}/submissions`, submitBody());
    const took = performance.now() - start;
    if (answer.status === 202) return { ms: took, view: answer.body as SubmissionView };
    return { ms: took, error: `POST: ${answer.status} ${JSON.stringify(answer.body)}` };
  } catch (error) {
    return { ms: performance.now() - start, error: error instanceof Error ? error.message : String(error) };
  }
}

/** Waits until the database holds no submission waiting or being graded. */
async function drained(db: pg.Client, processes: AsynclabProcess[], timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const { rows } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "Submission" WHERE status IN ('queued', 'grading')`,
    );
    if (rows[0]?.n === 0) return;
    for (const child of processes) child.assertRunning();
    if (performance.now() > deadline)
      throw new Error(`${rows[0]?.n} submissions still not graded after ${timeoutMs / 1000} s`);
    await sleep(100);
  }
}

async function rowsOf(db: pg.Client, ids: string[]): Promise<Row[]> {
  const { rows } = await db.query<Row>(
    `SELECT id, status, passed,
            extract(epoch FROM "createdAt")::float8 * 1000 AS created,
            extract(epoch FROM "startedAt")::float8 * 1000 AS started,
            extract(epoch FROM "gradedAt")::float8 * 1000 AS graded
       FROM "Submission" WHERE id = ANY($1)`,
    [ids],
  );
  return rows;
}

async function measure(workerCount: number, redis: Redis): Promise<Run> {
  const name = `asynclab_bench_scale_${process.pid}_${workerCount}`;
  const prefix = `bench-scale-${process.pid}-${workerCount}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  defer(`dropping database ${name}`, () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  defer(`deleting Redis keys ${prefix}:*`, () => deleteKeys(redis, prefix));
  const settings = {
    DATABASE_URL: `${POSTGRES}/${name}`,
    REDIS_URL: REDIS,
    QUEUE_PREFIX: prefix,
    SESSION_SECRET: randomBytes(32).toString('base64url'),
    GRADING_QUEUE_LIMIT: '100000',
    GRADING_CONCURRENCY: '1',
    LOG_LEVEL: 'warn',
  };

  // The web service: with no worker yet its health is 503 (degraded), which is expected.
  const web = await startService({ settings, ready: (status) => status === 200 || status === 503 });
  defer('stopping the web service', () => web.stop());
  const workers: AsynclabProcess[] = [];
  defer('stopping the workers', () => Promise.all(workers.map((worker) => worker.stop())));
  for (let i = 0; i < workerCount; i++) workers.push(spawnAsynclab('worker', { ...settings, DATA_DIR: web.dataDir }));
  const everyone = [web, ...workers];
  const deadline = performance.now() + WORKER_START_TIMEOUT_MS;
  for (;;) {
    for (const child of everyone) child.assertRunning();
    const health = await fetch(`${web.base}/api/health`)
      .then((response) => response.json() as Promise<{ queue?: { workers?: number | null } }>)
      .catch(() => undefined);
    if (health?.queue?.workers === workerCount) break;
    if (performance.now() > deadline)
      throw new Error(`/api/health did not report ${workerCount} workers: ${JSON.stringify(health)}`);
    await sleep(200);
  }

  const db = new pg.Client({ connectionString: settings.DATABASE_URL });
  await db.connect();
  defer('closing the database connection', () => db.end());
  const learners = await signUpLearners(web.base, LEARNERS);

  // Warm-up, not measured: every worker's sandbox and code, the reference runs it caches.
  const warm = await Promise.all(learners.map((learner) => post(learner)));
  const warmErrors = warm.flatMap((answer) => (answer.error ? [answer.error] : []));
  if (warmErrors.length > 0) throw new Error(`warm-up submissions failed: ${warmErrors.slice(0, 3).join('; ')}`);
  await drained(db, everyone, 60_000);

  // Idle: one submission at a time, long-polled until graded.
  const idle: Run['idle'] = { postMs: [], queuedMs: [], gradingMs: [] };
  const learner = learners[0] as Learner;
  for (let i = 0; i < IDLE_SAMPLES; i++) {
    const answer = await post(learner);
    if (!answer.view) throw new Error(`idle submission failed: ${answer.error}`);
    idle.postMs.push(answer.ms);
    let view = answer.view;
    while (view.status === 'queued' || view.status === 'grading') {
      const polled = await learner.request('GET', `/api/submissions/${view.id}?wait=30`);
      if (polled.status !== 200) throw new Error(`GET submission: ${polled.status} ${JSON.stringify(polled.body)}`);
      view = polled.body as SubmissionView;
    }
    const [row] = await rowsOf(db, [view.id]);
    if (row?.started != null && row.graded != null) {
      idle.queuedMs.push(row.started - row.created);
      idle.gradingMs.push(row.graded - row.started);
    }
  }

  // The backlog: every learner posts its share, one after another, as fast as answers come.
  const before = await read(web, workers, redis);
  const postMs: number[] = [];
  const postErrors: string[] = [];
  const ids: string[] = [];
  await Promise.all(
    learners.map(async (each) => {
      for (let i = 0; i < BACKLOG / LEARNERS; i++) {
        const answer = await post(each);
        postMs.push(answer.ms);
        if (answer.view) ids.push(answer.view.id);
        else postErrors.push(answer.error ?? 'unknown');
      }
    }),
  );
  const intakeEnd = Date.now();
  const afterIntake = await read(web, workers, redis);
  await drained(db, everyone, DRAIN_TIMEOUT_MS);
  const afterDrain = await read(web, workers, redis);
  for (const child of everyone) child.assertRunning();
  const rows = await rowsOf(db, ids);

  await cleanUp(); // this run's processes, database and keys
  return {
    workers: workerCount,
    idle,
    postMs,
    postErrors,
    intakeSeconds: (afterIntake.at - before.at) / 1000,
    intakeEnd,
    rows,
    intake: used(before, afterIntake),
    drain: used(afterIntake, afterDrain),
    logProblems: everyone.flatMap((child) => problems(child.logged)),
  };
}

// ---- Figures ---------------------------------------------------------------------------------

interface Figures {
  accepted: number;
  graded: number;
  failed: number;
  errors: number;
  /** Graded per second from the first grade stored to the last, and after the intake ended. */
  rate: number;
  drainRate: number;
  gradedInIntake: number;
  /** The backlog when the intake ended. */
  backlogAtEnd: number;
  queuedMs: number[];
  gradingMs: number[];
}

function figures(run: Run): Figures {
  const graded = run.rows.filter((row) => row.status === 'graded' && row.graded !== null);
  const times = graded.map((row) => row.graded as number).sort((a, b) => a - b);
  const first = times[0] ?? NaN;
  const last = times.at(-1) ?? NaN;
  const afterIntake = times.filter((t) => t > run.intakeEnd);
  const drainFrom = Math.max(first, run.intakeEnd);
  return {
    accepted: run.rows.length,
    graded: graded.length,
    failed: graded.filter((row) => row.passed !== true).length,
    errors: run.rows.length - graded.length,
    rate: ((times.length - 1) * 1000) / (last - first),
    drainRate: (afterIntake.length * 1000) / (last - drainFrom),
    gradedInIntake: times.length - afterIntake.length,
    backlogAtEnd: run.rows.length - (times.length - afterIntake.length),
    queuedMs: graded.flatMap((row) => (row.started === null ? [] : [row.started - row.created])),
    gradingMs: graded.flatMap((row) => (row.started === null ? [] : [(row.graded as number) - row.started])),
  };
}

const fixed = (value: number, digits = 1): string => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');

// ---- The benchmark ---------------------------------------------------------------------------

describeMachine('Async Lab scale benchmark: distributed grading (web service + `asynclab worker`s, Redis, PostgreSQL)');
console.log(`load average at start: ${loadAverage()}`);
console.log(
  `NOTE: this machine has ${os.availableParallelism()} usable cores. The web service, every worker and its sandbox\n` +
    '  process, PostgreSQL, Redis and the load generator (this process) all share them, so the figures\n' +
    '  below are what this one machine does, not what separate machines would; see the estimate at the end.\n' +
    `setup: PostgreSQL ${POSTGRES.replace(/\/\/[^@/]*@/, '//')}, Redis ${REDIS}; for each run a fresh database and QUEUE_PREFIX;\n` +
    `  web: asynclab serve (GRADING_QUEUE_LIMIT 100000, rate limits lifted); workers: asynclab worker, GRADING_CONCURRENCY=1\n` +
    `  each (one sandbox process, BullMQ concurrency 2); ${LEARNERS} learners; backlog ${BACKLOG} submissions of\n` +
    `  exercises/${SLUG}/accept/gather.ts, each with its own comment\n`,
);

const redis = new Redis(REDIS, { maxRetriesPerRequest: 1 });
const runs: Run[] = [];
let failure: string | undefined;
try {
  for (const count of WORKER_COUNTS) {
    const started = performance.now();
    process.stdout.write(`run with ${count} worker${count === 1 ? '' : 's'}… `);
    runs.push(await measure(count, redis));
    console.log(`done in ${fixed((performance.now() - started) / 1000, 0)} s`);
  }
} catch (error) {
  failure = error instanceof Error ? error.message : String(error);
  console.log('failed');
} finally {
  await cleanUp();
  await redis.quit().catch(() => undefined);
  process.off('SIGINT', interrupted);
  process.off('SIGTERM', interrupted);
}
console.log(`load average at end: ${loadAverage()}\n`);

const all = runs.map((run) => ({ run, f: figures(run) }));
if (all.length > 0) {
  console.log('1. Throughput: the backlog drained by the workers (timestamps from the database)');
  table(
    [
      'workers',
      'accepted',
      'graded',
      'graded/s',
      'graded/s after intake',
      'per worker',
      'errors',
      'not passed',
      'backlog at intake end',
    ],
    all.map(({ run, f }) => [
      String(run.workers),
      String(f.accepted),
      String(f.graded),
      fixed(f.rate),
      fixed(f.drainRate),
      fixed(f.rate / run.workers),
      String(f.errors + run.postErrors.length),
      String(f.failed),
      String(f.backlogAtEnd),
    ]),
  );
  console.log(
    '   graded/s: from the first grade stored to the last; "after intake": only once every POST was answered\n' +
      '   (the web service and PostgreSQL no longer take submissions; the workers have the cores to themselves)',
  );
  const one = all.find(({ run }) => run.workers === 1);
  const two = all.find(({ run }) => run.workers === 2);
  if (one && two) {
    console.log(
      `   ratio 2 workers / 1 worker: ${fixed(two.f.rate / one.f.rate, 2)} (graded/s), ` +
        `${fixed(two.f.drainRate / one.f.drainRate, 2)} (after intake)\n`,
    );
  } else console.log();

  console.log('2. Latency, ms (queued: stored → claimed by a worker; grading: claimed → grade stored)');
  table(
    ['workers', 'when', 'POST p50', 'POST p99', 'POST max', 'queued p50', 'queued p99', 'grading p50', 'grading p99'],
    all.flatMap(({ run, f }) => [
      [
        String(run.workers),
        `idle, ${IDLE_SAMPLES} one at a time`,
        ms(at(run.idle.postMs, 50)),
        ms(at(run.idle.postMs, 99)),
        ms(at(run.idle.postMs, 100)),
        ms(at(run.idle.queuedMs, 50)),
        ms(at(run.idle.queuedMs, 99)),
        ms(at(run.idle.gradingMs, 50)),
        ms(at(run.idle.gradingMs, 99)),
      ],
      [
        String(run.workers),
        `saturated, ${LEARNERS} posting`,
        ms(at(run.postMs, 50)),
        ms(at(run.postMs, 99)),
        ms(at(run.postMs, 100)),
        ms(at(f.queuedMs, 50)),
        ms(at(f.queuedMs, 99)),
        ms(at(f.gradingMs, 50)),
        ms(at(f.gradingMs, 99)),
      ],
    ]),
    2,
  );
  console.log(
    '   saturated: every POST of the backlog (the queue only grew while they were answered); its queue latency\n' +
      '   is the backlog ahead of a submission divided by the grading rate (Little\u2019s law), so it says how long the\n' +
      '   backlog took to drain, not what the queue costs; the idle row shows that. A worker claims up to 2 jobs\n' +
      '   for its one sandbox, so "grading" includes up to one other grading\u2019s turn in the sandbox.',
  );
  for (const { run } of all) {
    const intakeRate = run.postMs.length / run.intakeSeconds;
    console.log(
      `   ${run.workers} worker${run.workers === 1 ? '' : 's'}: the web service took ${run.postMs.length} POSTs in ` +
        `${fixed(run.intakeSeconds)} s: ${fixed(intakeRate, 0)} submissions/s with ${LEARNERS} learners posting; ` +
        `${LEARNERS} / ${fixed(intakeRate, 0)}/s = ${fixed((1000 * LEARNERS) / intakeRate, 0)} ms,\n` +
        '     the saturated POST p50: a POST waits for the web service\u2019s turn, not for the queue',
    );
    for (const message of run.postErrors.slice(0, 3)) console.log(`   error: ${message}`);
  }
  console.log();

  if (PROC) {
    console.log(
      '3. CPU time, ms per submission (Linux /proc; PostgreSQL and Redis: all their processes on this machine)',
    );
    const parties: [string, (u: Used) => number][] = [
      ['web service (main process)', (u) => u.web],
      ['web service (its idle sandbox)', (u) => u.webSandbox],
      ['workers (main processes)', (u) => u.workers.reduce((a, b) => a + b, 0)],
      ['workers (sandbox processes)', (u) => u.workerSandboxes],
      ['PostgreSQL', (u) => u.postgres],
      ['Redis', (u) => u.redis],
      ['load generator', (u) => u.generator],
      ['other programs (machine busy less the above)', (u) => u.others],
    ];
    const header = ['party'];
    for (const { run } of all)
      header.push(`${run.workers}w: per graded (drain)`, `${run.workers}w: per accepted (intake)`);
    const perGraded = (run: Run, f: Figures, value: (u: Used) => number): number =>
      value(run.drain) / (f.graded - f.gradedInIntake);
    /** The intake window's CPU less the gradings done in it (at the drain window's cost each), per accepted submission. */
    const perAccepted = (run: Run, f: Figures, value: (u: Used) => number): number =>
      (value(run.intake) - f.gradedInIntake * perGraded(run, f, value)) / f.accepted;
    table(header, [
      ...parties.map(([label, value]) => [
        label,
        ...all.flatMap(({ run, f }) => [ms(perGraded(run, f, value)), ms(perAccepted(run, f, value))]),
      ]),
      [
        'Redis commands (all clients)',
        ...all.flatMap(({ run, f }) => [
          fixed(perGraded(run, f, (u) => u.redisCalls)),
          fixed(perAccepted(run, f, (u) => u.redisCalls)),
        ]),
      ],
      [
        'machine busy, % of all cores',
        ...all.flatMap(({ run }) => [fixed(run.drain.machineBusy, 0), fixed(run.intake.machineBusy, 0)]),
      ],
    ]);
    console.log(
      '   per graded (drain): CPU from the last POST answered to the last grade stored, per submission graded then;\n' +
        '   per accepted (intake): CPU while the POSTs were answered, less the gradings done meanwhile (at the drain\n' +
        '   cost each), per submission taken: what taking a submission costs. Redis commands: INFO commandstats, every\n' +
        '   client of the server (another program using it meanwhile adds to them). Other programs: the machine\u2019s\n' +
        '   busy time less the parties above; within \u00b10.5 ms it is accounting noise (10 ms ticks per process).',
    );
    for (const { run } of all) {
      if (run.drain.redisRestarted || run.intake.redisRestarted)
        console.log(`   ${run.workers}w: Redis restarted during the run: its figures are left out`);
      if (run.workers < 2) continue;
      const each = run.drain.workers.map((cpu, i) => `#${i + 1} ${fixed(cpu / 1000, 2)} s`).join(', ');
      console.log(`   ${run.workers} workers: CPU of each main process during the drain: ${each}`);
    }
    console.log();
  }

  // ---- 4. N machines ----
  const base = one ?? all[0];
  if (base) {
    const { run, f } = base;
    const grade = (value: (u: Used) => number): number => value(run.drain) / (f.graded - f.gradedInIntake);
    const take = (value: (u: Used) => number): number =>
      (value(run.intake) - f.gradedInIntake * grade(value)) / f.accepted;
    const sum = (values: number[]): number => values.reduce((a, b) => a + b, 0);
    const main = grade((u) => sum(u.workers));
    const sandbox = grade((u) => u.workerSandboxes);
    const workerCpu = main + sandbox;
    const perCore = 1000 / workerCpu;
    const pgCpu = grade((u) => u.postgres) + take((u) => u.postgres);
    const redisCpu = grade((u) => u.redis) + take((u) => u.redis);
    const webCpu = take((u) => u.web) + grade((u) => u.web);
    const perProcess = f.drainRate / run.workers;
    const machinesAt = (limit: number): string => fixed(limit / (2 * perCore), 1);
    console.log(
      `4. How the figures extend to N machines (estimates from the run with ${run.workers} worker${run.workers === 1 ? '' : 's'})`,
    );
    const lines = [
      `grading: ${fixed(workerCpu)} ms of worker CPU per submission (${fixed(main)} ms in the worker\u2019s main process: BullMQ,`,
      `  Prisma, ${fixed(sandbox)} ms in its sandbox process), so each worker core gives ~${fixed(perCore, 0)} graded/s. One worker`,
      `  process (one sandbox, BullMQ concurrency 2) graded ${fixed(perProcess)}/s after the intake, using ~${fixed((perProcess * workerCpu) / 1000, 2)} cores`,
      `  (main process and sandbox run side by side). Its main thread saturates at ~${fixed(1000 / main, 0)} graded/s whatever`,
      `  GRADING_CONCURRENCY is, so a machine needs a worker process for every ~${fixed(1000 / main / perCore, 1)} cores.`,
      `a worker machine with C cores adds about C \u00d7 ${fixed(perCore, 0)} graded/s, so N such machines give N \u00d7 C \u00d7 ${fixed(perCore, 0)}/s`,
      '  until a part they all share saturates (CPU only; disks and network not measured):',
      PROC
        ? `  PostgreSQL: ${fixed(pgCpu)} ms CPU per submission (insert; claim, reads, grade: 3 commits) \u2192 ~${fixed(1000 / pgCpu, 0)}/s per core;\n` +
          `    with 2-core worker machines one PostgreSQL core is full at ~${machinesAt(1000 / pgCpu)} machines`
        : '  PostgreSQL: not measured (no /proc)',
      PROC
        ? `  Redis: ${fixed(redisCpu)} ms CPU per submission (BullMQ\u2019s scripts, the settled notice) on its one thread \u2192 at most\n` +
          `    ~${fixed(1000 / redisCpu, 0)}/s in all, ~${machinesAt(1000 / redisCpu)} 2-core worker machines`
        : '  Redis: not measured (no /proc)',
      PROC
        ? `  web service: ${fixed(webCpu)} ms of its main thread per submission (taking it, hearing its settled notice) \u2192\n` +
          `    ~${fixed(1000 / webCpu, 0)} submissions/s per web process (measured here: ${fixed(f.accepted / run.intakeSeconds, 0)}/s taken while sharing the cores),\n` +
          `    ~${machinesAt(1000 / webCpu)} 2-core worker machines per web process; more web processes share the load, but each one\n` +
          '    hears every settled notice and runs the QUEUE_SWEEP_SECONDS database sweep'
        : '',
    ];
    for (const line of lines.flatMap((text) => text.split('\n'))) if (line !== '') console.log(`   ${line}`);
    if (one && two) {
      const ours = (u: Used): number =>
        u.web + u.webSandbox + sum(u.workers) + u.workerSandboxes + u.postgres + u.redis + u.generator;
      const needed = ours(two.run.drain) / (two.f.graded - two.f.gradedInIntake);
      const others = two.run.drain.others / (two.f.graded - two.f.gradedInIntake);
      const cores = os.availableParallelism();
      console.log(
        `   2 workers / 1 worker on this machine: ${fixed(two.f.rate / one.f.rate, 2)}\u00d7 (${fixed(two.f.drainRate / one.f.drainRate, 2)}\u00d7 after the intake)` +
          `${two.f.drainRate / one.f.drainRate < 1.8 ? ', not 2\u00d7' : ''}: one\n` +
          `     worker already used ~${fixed((one.f.drainRate * workerCpu) / 1000, 2)} of the ${cores} cores. With 2 workers a grade took ${fixed(needed)} ms of CPU in all (workers,\n` +
          `     sandboxes, PostgreSQL, Redis, web, load generator), so ${cores} cores allow at most ~${fixed((cores * 1000) / needed, 0)}/s; measured ${fixed(two.f.drainRate)}/s,\n` +
          `     while other programs used ${others < 0.5 ? '~0' : fixed(others)} ms per grade (machine busy ${fixed(two.run.drain.machineBusy, 0)} %). On separate machines each\n` +
          '     worker has its own cores, and the figures above (per core) are the ones that add up.',
      );
    }
    console.log();
  }
}

const logProblems = runs.flatMap((run) => run.logProblems);
if (logProblems.length > 0) {
  console.log(`the processes logged ${logProblems.length} warnings or errors; the first ones:`);
  for (const line of logProblems.slice(0, 5)) console.log(`  ${line.slice(0, 400)}`);
}
if (failure !== undefined) {
  console.log(`benchmark aborted: ${failure}`);
  process.exitCode = 1;
}
