import { type ChildProcess, fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { type RunOptions, type RunOptionsInput, RunOptionsSchema, type RunResult } from '../result.ts';
import { limitResult } from './results.ts';

export interface WorkerRequest {
  id: number;
  source: string;
  options: RunOptions;
}

export type WorkerReply =
  | { id: number; ok: true; result: RunResult }
  | { id: number; ok: false; error: string }
  | { id: 0; ok: true; ready: true };

interface Job extends WorkerRequest {
  resolve: (result: RunResult) => void;
  reject: (error: Error) => void;
}

interface Worker {
  child: ChildProcess;
  ready: boolean;
  job: Job | null;
  /** Kills the worker when a job overruns its wall-clock or memory budget. */
  watchdog: NodeJS.Timeout | null;
}

const WORKER_SCRIPT = fileURLToPath(new URL('./worker.ts', import.meta.url));
/** Wall-clock allowance beyond the CPU limit: compiling, isolate set-up, a busy machine. */
const WALL_FACTOR = 2;
const WALL_GRACE_MS = 1500;
const WATCH_INTERVAL_MS = 20;
/** The worker's own footprint (Node, TypeScript) on top of the isolate's heap. */
const WORKER_BASE_RSS_MB = 400;

export interface PoolOptions {
  /** Concurrent isolates; at most the number of cores, since isolated-vm's CPU time reads
   * wall time when isolates outnumber cores. */
  size?: number;
}

/**
 * Supervises sandbox worker processes: queues runs, gives each worker one at a time, and
 * answers a run with a `timeout` or `limit` verdict when its worker overruns its budget or
 * dies, replacing the worker. The host's event loop never waits on a program.
 */
export class SandboxPool {
  readonly size: number;
  private readonly workers = new Set<Worker>();
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;

  constructor(options: PoolOptions = {}) {
    this.size = Math.max(1, Math.min(options.size ?? availableParallelism(), availableParallelism()));
  }

  /** Runs a program; resolves with its RunResult (never rejects for anything the program does). */
  run(source: string, options: RunOptionsInput = {}): Promise<RunResult> {
    if (this.closed) return Promise.reject(new Error('the sandbox pool is closed'));
    const parsed = RunOptionsSchema.parse(options);
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, source, options: parsed, resolve, reject });
      this.dispatch();
    });
  }

  /** The process ids of the live workers, for monitoring. */
  get workerPids(): number[] {
    return [...this.workers].flatMap((worker) => (worker.child.pid === undefined ? [] : [worker.child.pid]));
  }

  /** Starts every worker now rather than on first use. */
  async warm(): Promise<void> {
    while (this.workers.size < this.size) this.spawn();
    await Promise.all(
      [...this.workers].map(
        (worker) =>
          new Promise<void>((resolve) => {
            if (worker.ready) resolve();
            else worker.child.once('message', () => resolve());
          }),
      ),
    );
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new Error('the sandbox pool was closed'));
    await Promise.all([...this.workers].map((worker) => this.retire(worker)));
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const worker = [...this.workers].find((w) => w.ready && w.job === null);
      if (!worker) {
        if (this.workers.size < this.size) this.spawn();
        return;
      }
      this.assign(worker, this.queue.shift() as Job);
    }
  }

  private spawn(): Worker {
    const child = fork(WORKER_SCRIPT, [], {
      execArgv: ['--no-node-snapshot'],
      env: { ...process.env, TZ: 'UTC' },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const worker: Worker = { child, ready: false, job: null, watchdog: null };
    this.workers.add(worker);
    child.on('message', (reply: WorkerReply) => this.onReply(worker, reply));
    child.on('exit', () => this.onExit(worker));
    return worker;
  }

  private assign(worker: Worker, job: Job): void {
    worker.job = job;
    worker.child.ref();
    worker.child.channel?.ref();
    const { limits } = job.options;
    const deadline = Date.now() + limits.cpuMs * WALL_FACTOR + WALL_GRACE_MS;
    const rssLimitMb = WORKER_BASE_RSS_MB + limits.memoryMb * 2;
    worker.watchdog = setInterval(() => {
      if (Date.now() > deadline) this.stop(worker, 'cpu');
      else if (residentMb(worker.child.pid) > rssLimitMb) this.stop(worker, 'memory');
    }, WATCH_INTERVAL_MS);
    worker.child.send({ id: job.id, source: job.source, options: job.options } satisfies WorkerRequest);
  }

  private onReply(worker: Worker, reply: WorkerReply): void {
    // A worker being retired may still say it is ready; it must not take work or let go of
    // the host process before it has exited (close() waits for that).
    if (!this.workers.has(worker)) return;
    if ('ready' in reply) {
      worker.ready = true;
      this.dispatch();
      if (!worker.job) this.idle(worker);
      return;
    }
    const job = worker.job;
    if (!job || job.id !== reply.id) return;
    this.finish(worker);
    if (reply.ok) job.resolve(reply.result);
    else job.reject(new Error(`sandbox worker failed: ${reply.error}`));
    this.dispatch();
  }

  /** Kills a worker whose program overran its budget and answers the run with the verdict. */
  private stop(worker: Worker, kind: 'cpu' | 'memory'): void {
    const job = worker.job;
    if (!job) return;
    this.finish(worker);
    this.workers.delete(worker);
    worker.child.kill('SIGKILL');
    job.resolve(limitResult(kind, job.options.limits));
    if (!this.closed) this.dispatch();
  }

  private onExit(worker: Worker): void {
    const job = worker.job;
    this.finish(worker);
    this.workers.delete(worker);
    // V8 aborts the process on some out-of-memory paths that isolated-vm cannot catch.
    if (job) job.resolve(limitResult('memory', job.options.limits));
    if (!this.closed) this.dispatch();
  }

  private finish(worker: Worker): void {
    if (worker.watchdog) clearInterval(worker.watchdog);
    worker.watchdog = null;
    worker.job = null;
    this.idle(worker);
  }

  /** An idle worker does not keep the host process alive. */
  private idle(worker: Worker): void {
    worker.child.unref();
    worker.child.channel?.unref();
  }

  private retire(worker: Worker): Promise<void> {
    this.workers.delete(worker);
    if (worker.child.exitCode !== null || worker.child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      worker.child.ref();
      worker.child.once('exit', () => resolve());
      worker.child.kill('SIGKILL');
    });
  }
}

/** Resident memory of a process in MB (Linux /proc); 0 where it cannot be read. */
function residentMb(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const pages = Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]);
    return (pages * 4096) / (1024 * 1024);
  } catch {
    return 0;
  }
}
