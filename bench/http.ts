/**
 * HTTP benchmark (`npm run bench:http`): the real service (`asynclab serve`) in a child process
 * on loopback, so the load generator does not share its event loop, on a fresh SQLite
 * database. Measures requests per second and p50/p99 latency of `GET /api/exercises`
 * (autocannon), and graded submissions per second and p50/p99 latency from POST to graded
 * answer with 50 concurrent learners each submitting and long-polling in a loop, against the
 * target of ≥ 200 graded submissions per second with p99 under 1 s. Rate limits are lifted so
 * they do not skew the figures. Machine named in the header; on Linux it also says where the
 * CPU time went (the service's main process, its sandbox workers, the load generator) and how
 * many files the service holds open at the end. Exits 1 if the service dies during the run.
 *
 *   node --no-node-snapshot bench/http.ts [--cpu-prof]
 *     --cpu-prof   run the service's main process with --cpu-prof (not its sandbox workers);
 *                  the profiles are kept in a folder the output names
 */
import { mkdtempSync, readdirSync, readlinkSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { describeMachine, loadAverage, table, verdict } from './report.ts';
import {
  at,
  freshProgram,
  type Learner,
  machineCpu,
  ms,
  PROC,
  problems,
  serviceCpu,
  type Service,
  signUpLearners,
  SLUG,
  sleep,
  startService,
  type SubmissionView,
} from './service.ts';

const LEARNERS = 50;
const WARMUP_SECONDS = 3;
const LIST_WARMUP_SECONDS = 2;
const LIST_SECONDS = 10;
const SUBMIT_WARMUP_SECONDS = 2;
const SUBMIT_SECONDS = 20;
const TARGET_GRADED_PER_S = 200;
const TARGET_P99_MS = 1000;

const { values: flags } = parseArgs({ options: { 'cpu-prof': { type: 'boolean', default: false } } });

// ---- CPU accounting (Linux /proc) ------------------------------------------------------------

/** The service's open file descriptors, and how many are on its database (SQLite file, WAL, shared memory). */
function openFiles(pid: number, dataDir: string): { all: number; database: number } | undefined {
  if (!PROC) return undefined;
  try {
    const fds = readdirSync(`/proc/${pid}/fd`);
    const onDatabase = fds.filter((fd) => {
      try {
        return readlinkSync(`/proc/${pid}/fd/${fd}`).startsWith(dataDir);
      } catch {
        return false; // closed meanwhile
      }
    });
    return { all: fds.length, database: onDatabase.length };
  } catch {
    return undefined;
  }
}

/** Starts counting CPU time; `stop` says how much each party used per operation. */
function cpuMeter(pid: number) {
  const service = serviceCpu(pid);
  const generator = process.cpuUsage();
  const machine = machineCpu();
  return (operations: number): string[] => {
    const nowService = serviceCpu(pid);
    const nowGenerator = process.cpuUsage(generator);
    const nowMachine = machineCpu();
    const per = (value: number): string => (operations > 0 ? ms(value / operations) : '-');
    const busy = (100 * (nowMachine.busy - machine.busy)) / Math.max(1, nowMachine.total - machine.total);
    return [
      service && nowService ? per(nowService.main - service.main) : 'n/a',
      service && nowService ? per(nowService.children - service.children) : 'n/a',
      per((nowGenerator.user + nowGenerator.system) / 1000),
      `${busy.toFixed(0)} %`,
    ];
  };
}

// ---- Submit and wait for the grade ---------------------------------------------------------

interface Sample {
  /** performance.now() at the first POST and at the graded answer. */
  start: number;
  end: number;
  /** Server side: waiting in the queue, and grading (sandbox runs and the database writes). */
  queuedMs: number;
  gradingMs: number;
}

interface Tally {
  samples: Sample[];
  /** 429s by error code (RATE_LIMITED, QUEUE_FULL). */
  rejected: Map<string, number>;
  /** Graded, but the accepted solution did not pass. */
  failed: number;
  /** Grading errors (status 'error'), unexpected statuses, network errors; a few messages kept. */
  errors: number;
  messages: string[];
}

const newTally = (): Tally => ({ samples: [], rejected: new Map(), failed: 0, errors: 0, messages: [] });

function noteError(tally: Tally, message: string): void {
  tally.errors++;
  if (tally.messages.length < 5) tally.messages.push(message);
}

/** One submission: POST (again after a 429's Retry-After), then long-poll until it is graded. */
async function submitAndWait(learner: Learner, tally: Tally): Promise<void> {
  const start = performance.now();
  const body = { kind: 'code', source: freshProgram() };
  let view: SubmissionView | undefined;
  while (!view) {
    const posted = await learner.request('POST', `/api/exercises/${SLUG}/submissions`, body);
    if (posted.status === 202) view = posted.body as SubmissionView;
    else if (posted.status === 429) {
      const code = (posted.body as { code?: string } | null)?.code ?? 'unknown';
      tally.rejected.set(code, (tally.rejected.get(code) ?? 0) + 1);
      await sleep(1000 * Number(posted.headers.get('retry-after') ?? 1));
    } else {
      noteError(tally, `POST submission: ${posted.status} ${JSON.stringify(posted.body)}`);
      await sleep(100); // not a tight loop of failures
      return;
    }
  }
  while (view.status === 'queued' || view.status === 'grading') {
    const polled = await learner.request('GET', `/api/submissions/${view.id}?wait=30`);
    if (polled.status !== 200) {
      noteError(tally, `GET submission: ${polled.status} ${JSON.stringify(polled.body)}`);
      return;
    }
    view = polled.body as SubmissionView;
  }
  const end = performance.now();
  if (view.status === 'error') {
    noteError(tally, `grading error: ${view.error}`);
    return;
  }
  if (view.passed !== true) tally.failed++;
  const gradingMs = view.gradingMs ?? 0;
  const queuedMs = Date.parse(view.gradedAt ?? view.createdAt) - Date.parse(view.createdAt) - gradingMs;
  tally.samples.push({ start, end, queuedMs, gradingMs });
}

/** A run of the submit loop: its samples, and the measured window (after its warm-up). */
interface SubmitRun {
  tally: Tally;
  from: number;
  to: number;
  /** When the last submission started in the window was answered. */
  drained: number;
}

/**
 * Every learner submits and waits, again and again, for `warmup` + `seconds` seconds; the
 * first `warmup` seconds (connections opening, the queue filling) are not measured.
 * `onMeasuring` is called when the measured window opens.
 */
async function submitLoop(
  service: Service,
  learners: Learner[],
  warmup: number,
  seconds: number,
  onMeasuring = (): void => {},
): Promise<SubmitRun> {
  const tally = newTally();
  const from = performance.now() + warmup * 1000;
  const to = from + seconds * 1000;
  const timer = setTimeout(onMeasuring, Math.max(0, from - performance.now()));
  await Promise.all(
    learners.map(async (learner) => {
      while (performance.now() < to && service.child.exitCode === null && service.child.signalCode === null) {
        await submitAndWait(learner, tally).catch((error: unknown) => {
          noteError(tally, error instanceof Error ? error.message : String(error));
          return sleep(100);
        });
      }
    }),
  );
  clearTimeout(timer);
  service.assertRunning();
  return { tally, from, to, drained: performance.now() };
}

/**
 * Requests GET `url` on `connections` keep-alive connections for `warmup` + `seconds` seconds
 * (autocannon); only the requests sent after the warm-up count. The warm-up also hides a
 * start-up effect: when many connections open at once on a busy Node server, the first
 * request of the last ones served waits for seconds (a plain `http` server shows it too).
 */
async function hammer(
  url: string,
  headers: Record<string, string>,
  warmup: number,
  seconds: number,
  onMeasuring: () => void,
) {
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  let from = Infinity;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({ url, headers, connections: LEARNERS, duration: warmup + seconds }, (error, done) => {
      if (error) reject(error instanceof Error ? error : new Error(String(error)));
      else resolve(done);
    });
    instance.on('start', () => {
      from = performance.now() + warmup * 1000;
      setTimeout(onMeasuring, warmup * 1000);
    });
    instance.on('response', (_client, status, _bytes, responseTime) => {
      const now = performance.now();
      if (now - responseTime < from) return;
      latencies.push(responseTime);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    });
  });
  const window = (performance.now() - from) / 1000;
  return { result, latencies, statuses, rate: latencies.length / window };
}

// ---- The benchmark -------------------------------------------------------------------------

describeMachine('Async Lab HTTP benchmark');
console.log(`load average at start: ${loadAverage()}`);
console.log(
  'service: `asynclab serve` in a child process on loopback, fresh SQLite database, default grading concurrency,\n' +
    'rate limits lifted; the load generator (this process) shares the machine\u2019s cores with it\n',
);

const profileDir = flags['cpu-prof'] ? mkdtempSync(join(os.tmpdir(), 'asynclab-bench-http-prof-')) : undefined;
const service = await startService({
  nodeFlags: profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
}).catch((error: unknown) => {
  console.log(`benchmark aborted: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
const interrupted = (): void => {
  void service.stop().finally(() => process.exit(130));
};
process.once('SIGINT', interrupted);
process.once('SIGTERM', interrupted);

const CPU_HEADER = ['service main process', 'sandbox workers', 'load generator', 'machine busy'];
const summary: string[] = [];
let failure: string | undefined;
try {
  const pid = service.child.pid as number;

  // Learners, each with its own cookies and CSRF token; the first account is the admin.
  const learners = await signUpLearners(service.base, LEARNERS);
  console.log(`${LEARNERS} learners registered (after a throwaway admin)`);

  // Warm-up: reference runs cached, sandbox workers and the service's code JIT-compiled.
  const warm = await submitLoop(service, learners, 0, WARMUP_SECONDS);
  if (warm.tally.samples.length === 0) throw new Error(`no submission was graded: ${warm.tally.messages.join('; ')}`);
  console.log(
    `warm-up: ${warm.tally.samples.length} submissions graded (${LEARNERS} learners, ${WARMUP_SECONDS} s), not counted; ` +
      `each run below also discards its first seconds\n`,
  );

  // ---- 1. GET /api/exercises ----
  {
    const reader = learners[0] as Learner;
    let stop: ((operations: number) => string[]) | undefined;
    const { result, latencies, statuses, rate } = await hammer(
      `${service.base}/api/exercises`,
      { cookie: reader.cookieHeader },
      LIST_WARMUP_SECONDS,
      LIST_SECONDS,
      () => (stop = cpuMeter(pid)),
    );
    service.assertRunning();
    const cpu = stop?.(latencies.length) ?? [];
    const non2xx = [...statuses].filter(([status]) => status < 200 || status > 299).reduce((a, [, n]) => a + n, 0);
    const p50 = at(latencies, 50);
    const p99 = at(latencies, 99);
    console.log(
      `1. GET /api/exercises as one learner (the list carries their progress): autocannon, ${LEARNERS} connections,\n` +
        `   ${LIST_SECONDS} s measured after ${LIST_WARMUP_SECONDS} s of warm-up`,
    );
    table(
      ['requests', 'req/s', 'p50 ms', 'p99 ms', 'max ms', 'non-2xx', 'errors'],
      [
        [
          String(latencies.length),
          rate.toFixed(0),
          ms(p50),
          ms(p99),
          ms(at(latencies, 100)),
          String(non2xx),
          String(result.errors),
        ],
      ],
      0,
    );
    console.log(
      `   autocannon\u2019s own figures, warm-up included: ${result.requests.average.toFixed(0)} req/s, ` +
        `p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms`,
    );
    console.log('   CPU ms per request');
    table(CPU_HEADER, [cpu], 0);
    if (non2xx > 0 || result.errors > 0) summary.push('FAIL GET /api/exercises had non-2xx answers or errors');
    summary.push(`INFO GET /api/exercises: ${rate.toFixed(0)} req/s, p50 ${ms(p50)} ms, p99 ${ms(p99)} ms`);
  }

  // ---- 2. Submit and wait for the grade ----
  {
    let stop: ((operations: number) => string[]) | undefined;
    const { tally, from, to, drained } = await submitLoop(
      service,
      learners,
      SUBMIT_WARMUP_SECONDS,
      SUBMIT_SECONDS,
      () => (stop = cpuMeter(pid)),
    );
    // Throughput: grades answered within the window; latency: submissions started in it.
    const answered = tally.samples.filter((s) => s.end >= from && s.end <= to).length;
    const cpu = stop?.(answered) ?? [];
    const measured = tally.samples.filter((s) => s.start >= from);
    const rate = (answered * 1000) / (to - from);
    const latencies = measured.map((s) => s.end - s.start);
    const p50 = at(latencies, 50);
    const p99 = at(latencies, 99);
    const rejected = [...tally.rejected.values()].reduce((a, b) => a + b, 0);
    const rejectedBy = [...tally.rejected].map(([code, n]) => `${code} ${n}`).join(', ');
    console.log(
      `2. Submit and wait for the grade: ${LEARNERS} learners, each in a loop: POST /api/exercises/${SLUG}/submissions\n` +
        '   (accept/gather.ts, with a new comment each time), then GET /api/submissions/:id?wait=30 until graded;\n' +
        `   ${SUBMIT_SECONDS} s measured after ${SUBMIT_WARMUP_SECONDS} s of warm-up. graded/s: grades answered in the window;\n` +
        `   latency: first POST to graded answer, of the submissions started in the window (the last answered ` +
        `${ms((drained - to) / 1000)} s after it)`,
    );
    table(
      ['graded', 'graded/s', 'p50 ms', 'p99 ms', 'max ms', '429s', 'errors', 'not passed'],
      [
        [
          String(measured.length),
          rate.toFixed(1),
          ms(p50),
          ms(p99),
          ms(at(latencies, 100)),
          rejected === 0 ? '0' : `${rejected} (${rejectedBy})`,
          String(tally.errors),
          String(tally.failed),
        ],
      ],
      0,
    );
    console.log('   where a submission\u2019s time goes (medians, ms; split by the service\u2019s own timestamps)');
    table(
      [
        'first POST \u2192 graded answer',
        'queued (stored \u2192 grader)',
        'grading (claim \u2192 grade stored)',
        'the rest (HTTP, auth, polls)',
      ],
      [
        [
          ms(p50),
          ms(
            at(
              measured.map((s) => s.queuedMs),
              50,
            ),
          ),
          ms(
            at(
              measured.map((s) => s.gradingMs),
              50,
            ),
          ),
          ms(
            at(
              measured.map((s) => s.end - s.start - s.queuedMs - s.gradingMs),
              50,
            ),
          ),
        ],
      ],
      0,
    );
    console.log('   CPU ms per graded submission');
    table(CPU_HEADER, [cpu], 0);
    for (const message of tally.messages) console.log(`   error: ${message}`);
    if (tally.messages.length > 0) console.log();

    const rateOk = rate >= TARGET_GRADED_PER_S;
    const p99Ok = p99 < TARGET_P99_MS;
    summary.push(`${verdict(rateOk)} ${rate.toFixed(1)} graded submissions/s (target \u2265 ${TARGET_GRADED_PER_S})`);
    summary.push(
      `${verdict(p99Ok)} submit-to-grade p99 ${ms(p99)} ms, p50 ${ms(p50)} ms (target p99 < ${TARGET_P99_MS})`,
    );
    if (tally.errors > 0 || tally.failed > 0) {
      summary.push(`FAIL ${tally.errors} errors, ${tally.failed} accepted programs graded as not passing`);
    }
  }
  const files = openFiles(pid, service.dataDir);
  if (files) console.log(`service\u2019s open files at the end: ${files.all} (${files.database} on the database)`);
} catch (error) {
  // The figures so far are printed; say why the rest are missing.
  failure = error instanceof Error ? error.message : String(error);
} finally {
  await service.stop();
  process.off('SIGINT', interrupted);
  process.off('SIGTERM', interrupted);
}

const logProblems = problems(service.logged);
console.log(`load average at end: ${loadAverage()}`);
if (logProblems.length > 0) {
  console.log(`the service logged ${logProblems.length} warnings or errors; the first ones:`);
  for (const line of logProblems.slice(0, 5)) console.log(`  ${line.slice(0, 400)}`);
}
if (profileDir) console.log(`CPU profiles of the service: ${profileDir}`);
console.log('\nTargets');
for (const line of summary) console.log(`  ${line}`);
if (failure !== undefined) {
  console.log(`\nbenchmark aborted: ${failure}`);
  process.exitCode = 1;
}
