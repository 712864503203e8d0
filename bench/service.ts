/**
 * What the service benchmarks (bench/http.ts, bench/scale.ts) share: `asynclab serve` and
 * `asynclab worker` in child processes with settings from the benchmark only, learners with
 * cookies and a CSRF token, CPU accounting from Linux's /proc, and small helpers.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { ConfigSchema } from '../server/config.ts';
import { percentile } from './report.ts';

/** Lifted limits: every learner submits several times a second, from one address. */
export const NO_LIMIT = '1000000';
export const SLUG = 'convert-to-37-style';
export const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** An accepted solution: every submission of it passes. */
export const PROGRAM = readFileSync(join(ROOT, 'exercises', SLUG, 'accept', 'gather.ts'), 'utf8');
export const PASSWORD = 'correct horse battery staple';

export const ms = (value: number): string => (Number.isFinite(value) ? value.toFixed(1) : '-');
/** A percentile, or NaN (printed as '-') when nothing was measured. */
export const at = (samples: number[], p: number): number => (samples.length > 0 ? percentile(samples, p) : NaN);
export const sleep = (milliseconds: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, milliseconds));

// ---- CPU accounting (Linux /proc) ------------------------------------------------------------

/** CPU seconds are counted in USER_HZ ticks, 100 a second on every Linux ABI. */
const TICK_MS = 10;
export const PROC = existsSync('/proc/self/stat');

export interface ProcStat {
  ppid: number;
  /** The command name (at most 15 characters). */
  comm: string;
  /** utime + stime of the process (all its threads), ms. */
  own: number;
  /** cutime + cstime: children it has reaped, ms. */
  reaped: number;
}

function procStat(pid: number | string): ProcStat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = text.lastIndexOf(')');
    // Fields after the command name (which may hold spaces), from field 3 (state) on.
    const fields = text
      .slice(close + 2)
      .split(' ')
      .map(Number);
    const field = (n: number): number => fields[n - 3] ?? 0;
    return {
      ppid: field(4),
      comm: text.slice(text.indexOf('(') + 1, close),
      own: (field(14) + field(15)) * TICK_MS,
      reaped: (field(16) + field(17)) * TICK_MS,
    };
  } catch {
    return undefined; // gone meanwhile
  }
}

/** Every live process, once, for a look-up of several trees. */
function allProcesses(): Map<number, ProcStat> {
  const processes = new Map<number, ProcStat>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = procStat(entry);
    if (stat) processes.set(Number(entry), stat);
  }
  return processes;
}

/**
 * CPU ms used so far by a process (main) and by its children (for the service and the workers:
 * their sandbox processes), including children that have exited.
 */
export function serviceCpu(
  pid: number,
  processes: Map<number, ProcStat> = allProcesses(),
): { main: number; children: number } | undefined {
  if (!PROC) return undefined;
  const self = processes.get(pid) ?? procStat(pid);
  if (!self) return undefined;
  let children = self.reaped;
  for (const stat of processes.values()) if (stat.ppid === pid) children += stat.own + stat.reaped;
  return { main: self.own, children };
}

/**
 * CPU ms used so far by every process named `comm` whose parent is not (a server's master
 * process), with its children: e.g. all of PostgreSQL ('postgres') or Redis ('redis-server')
 * when they run on this machine. undefined when there is no such process.
 */
export function programCpu(comm: string, processes: Map<number, ProcStat> = allProcesses()): number | undefined {
  if (!PROC) return undefined;
  let total: number | undefined;
  for (const [pid, stat] of processes) {
    if (stat.comm !== comm || processes.get(stat.ppid)?.comm === comm) continue;
    const tree = serviceCpu(pid, processes);
    if (tree) total = (total ?? 0) + tree.main + tree.children;
  }
  return total;
}

/** A snapshot of the processes, for several CPU readings taken at the same moment. */
export const processSnapshot = (): Map<number, ProcStat> => (PROC ? allProcesses() : new Map<number, ProcStat>());

/** The whole machine's busy and total CPU ms so far, over every core. */
export function machineCpu(): { busy: number; total: number } {
  let busy = 0;
  let total = 0;
  for (const { times } of os.cpus()) {
    busy += times.user + times.nice + times.sys + times.irq;
    total += times.user + times.nice + times.sys + times.irq + times.idle;
  }
  return { busy, total };
}

// ---- `asynclab` in child processes ----------------------------------------------------------

export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

export interface AsynclabProcess {
  child: ChildProcess;
  pid: number;
  /** The lines it printed (at the log level it was given), for the report. */
  logged: string[];
  /** Throws, with the end of its output, if the process has exited. */
  assertRunning(): void;
  /** SIGTERM (it finishes what it is doing), SIGKILL after 15 s; then `cleanup`. */
  stop(): Promise<void>;
}

const running = (child: ChildProcess): boolean => child.exitCode === null && child.signalCode === null;

/**
 * Starts `asynclab serve` or `asynclab worker`. Its settings come only from `settings`, not
 * from whatever the shell has set (every variable the service reads is removed first).
 */
export function spawnAsynclab(
  command: 'serve' | 'worker',
  settings: Record<string, string>,
  options: { nodeFlags?: string[]; cleanup?: () => void } = {},
): AsynclabProcess {
  const env: Record<string, string | undefined> = { ...process.env };
  for (const key of Object.keys(ConfigSchema.shape)) delete env[key];
  Object.assign(env, settings);
  const child = spawn(
    process.execPath,
    [...(options.nodeFlags ?? []), '--no-node-snapshot', 'cli/asynclab.ts', command],
    {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const logged: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    if (stream) createInterface({ input: stream }).on('line', (line) => line.trim() !== '' && logged.push(line));
  }
  const exited = once(child, 'exit').catch(() => undefined);
  let stopped: Promise<void> | undefined;
  return {
    child,
    pid: child.pid ?? 0,
    logged,
    assertRunning: () => {
      if (running(child)) return;
      const how = child.signalCode ?? `code ${child.exitCode}`;
      throw new Error(`asynclab ${command} exited (${how}); the end of its output:\n${logged.slice(-20).join('\n')}`);
    },
    stop: () =>
      (stopped ??= (async () => {
        if (child.pid !== undefined && running(child)) {
          // SIGTERM: it closes gracefully (and writes its CPU profile).
          child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
          await exited;
          clearTimeout(timer);
        }
        options.cleanup?.();
      })()),
  };
}

export interface Service extends AsynclabProcess {
  base: string;
  dataDir: string;
}

/**
 * Starts `asynclab serve` on a free loopback port with a fresh DATA_DIR (removed when it
 * stops), warn-level logs and rate limits lifted; `settings` add to or override those. Waits
 * until /api/health answers with a status `ready` accepts (by default 200).
 */
export async function startService(
  options: {
    settings?: Record<string, string>;
    nodeFlags?: string[];
    ready?: (status: number) => boolean;
  } = {},
): Promise<Service> {
  const dataDir = mkdtempSync(join(os.tmpdir(), 'asynclab-bench-'));
  const port = await freePort();
  const started = spawnAsynclab(
    'serve',
    {
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      RATE_LIMIT_AUTH: NO_LIMIT,
      RATE_LIMIT_RUN: NO_LIMIT,
      RATE_LIMIT_SUBMIT: NO_LIMIT,
      ...options.settings,
    },
    { nodeFlags: options.nodeFlags ?? [], cleanup: () => rmSync(dataDir, { recursive: true, force: true }) },
  );
  const service: Service = { ...started, base: `http://127.0.0.1:${port}`, dataDir };
  const ready = options.ready ?? ((status: number) => status === 200);

  const deadline = performance.now() + 60_000;
  for (;;) {
    if (!running(service.child)) {
      await service.stop();
      throw new Error(`the service exited while starting:\n${service.logged.join('\n')}`);
    }
    const status = await fetch(`${service.base}/api/health`).then(
      (response) => response.status,
      () => 0,
    );
    if (ready(status)) return service;
    if (performance.now() > deadline) {
      await service.stop();
      throw new Error(`the service did not answer /api/health within 60 s:\n${service.logged.join('\n')}`);
    }
    await sleep(100);
  }
}

/** Pino's levels: 40 warn, 50 error, 60 fatal; anything not JSON (a crash) counts too. */
function level(line: string): number {
  try {
    return (JSON.parse(line) as { level?: number }).level ?? 60;
  } catch {
    return 60;
  }
}

/** The warnings and errors among a process's log lines. */
export const problems = (logged: string[]): string[] => logged.filter((line) => level(line) >= 40);

// ---- A learner: cookies and the CSRF token, over keep-alive connections -------------------

export interface Answer {
  status: number;
  headers: Headers;
  body: unknown;
}

export class Learner {
  readonly base: string;
  readonly email: string;
  private readonly cookies = new Map<string, string>();
  private csrf = '';

  constructor(base: string, email: string) {
    this.base = base;
    this.email = email;
  }

  /** The Cookie header a browser would send. */
  get cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  async request(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Answer> {
    const headers: Record<string, string> = {};
    if (this.cookies.size > 0) headers.cookie = this.cookieHeader;
    if (method !== 'GET') headers['x-csrf-token'] = this.csrf;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${this.base}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    for (const cookie of response.headers.getSetCookie()) {
      const pair = cookie.split(';', 1)[0] ?? '';
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (value === '' || /;\s*max-age=0(;|$)/i.test(cookie)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      body: text === '' ? null : (JSON.parse(text) as unknown),
    };
  }

  /** Gets a CSRF token, then registers (and so logs in). */
  async signUp(name: string): Promise<{ role: string }> {
    const csrf = await this.request('GET', '/api/auth/csrf');
    this.csrf = (csrf.body as { token: string }).token;
    const created = await this.request('POST', '/api/auth/register', { email: this.email, name, password: PASSWORD });
    if (created.status !== 201)
      throw new Error(`registering ${this.email}: ${created.status} ${JSON.stringify(created.body)}`);
    return created.body as { role: string };
  }
}

/** The admin first (the first account is the admin), then `count` learners, each with its own session. */
export async function signUpLearners(base: string, count: number): Promise<Learner[]> {
  const admin = new Learner(base, 'bench-admin@example.com');
  if ((await admin.signUp('Bench Admin')).role !== 'admin') throw new Error('the first account is not the admin');
  const learners = Array.from({ length: count }, (_, i) => new Learner(base, `learner${i + 1}@example.com`));
  await Promise.all(learners.map((learner, i) => learner.signUp(`Learner ${i + 1}`)));
  return learners;
}

/** A submission as the API shows it (the fields the benchmarks read). */
export interface SubmissionView {
  id: string;
  status: 'queued' | 'grading' | 'graded' | 'error';
  passed: boolean | null;
  error: string | null;
  createdAt: string;
  gradedAt: string | null;
  gradingMs: number | null;
}

/** Every submission's source differs (a comment), so no cache keyed by content answers for it. */
let submissionCounter = 0;
export const freshProgram = (): string => `${PROGRAM}\n// bench submission ${++submissionCounter}\n`;
