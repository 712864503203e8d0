import { ASYNC_BODY_SUFFIX, PROGRAM_FILE } from '../program.ts';
import type { Deadlock, LimitKind, OutputEvent, RunLimits, RunStatus, Span, Warning, WarningKind } from '../result.ts';

/**
 * Everything one run of a program shares: the virtual clock, the output trace, diagnostics
 * and limits. One isolate runs one program, so this module's state is that program's state.
 */

const NS_PER_SECOND = 1e9;

/** The virtual clock of the main thread, in integer nanoseconds so sums of sleeps stay exact. */
export const clock = {
  nowNs: 0,
  seconds(): number {
    return this.nowNs / NS_PER_SECOND;
  },
};

export function secondsToNs(seconds: number): number {
  return Math.round(seconds * NS_PER_SECOND);
}

export const limits: RunLimits = {
  cpuMs: 0,
  memoryMb: 0,
  virtualSeconds: 3600,
  outputBytes: 1_000_000,
  callbacksPerInstant: 1_000_000,
};

/** A limit, deadlock or other run-ending condition. Learner code cannot catch it for good:
 * every runtime entry point throws it again (see `checkAborted`). */
export class RunAborted extends Error {
  readonly status: RunStatus;
  readonly limit: { kind: LimitKind; message: string } | undefined;
  readonly deadlock: Deadlock | undefined;
  constructor(status: RunStatus, message: string, limit?: LimitKind, deadlock?: Deadlock) {
    super(message);
    this.status = status;
    this.limit = limit ? { kind: limit, message } : undefined;
    this.deadlock = deadlock;
  }
}

export let aborted: RunAborted | null = null;

export function abort(reason: RunAborted): never {
  aborted ??= reason;
  throw aborted;
}

export function checkAborted(): void {
  if (aborted) throw aborted;
}

/** Advances the main thread's clock, enforcing the virtual-time limit. */
export function advanceClockTo(ns: number): void {
  if (ns <= clock.nowNs) return;
  checkVirtualTime(ns);
  // Pool workers start queued jobs as time passes; those due first run first.
  scheduledWork.runDue(ns);
  clock.nowNs = ns;
  callbacksThisInstant = 0;
}

function checkVirtualTime(ns: number): void {
  if (ns <= secondsToNs(limits.virtualSeconds)) return;
  clock.nowNs = Math.max(clock.nowNs, secondsToNs(limits.virtualSeconds));
  abort(
    new RunAborted(
      'timeout',
      `the program was still running after ${limits.virtualSeconds} s of simulated time`,
      'virtual-time',
    ),
  );
}

// ---- Simulated threads -------------------------------------------------------------------------

/** A pool worker (a simulated thread or process) running a submitted function. It has a
 * clock of its own: its time.sleep advances it and its output carries it. */
export interface Worker {
  name: string;
  nowNs: number;
}

let currentWorker: Worker | null = null;

/** Runs `fn` as the given worker thread. */
export function runOnWorker<T>(worker: Worker, fn: () => T): T {
  const previous = currentWorker;
  currentWorker = worker;
  try {
    return fn();
  } finally {
    currentWorker = previous;
  }
}

export function onWorkerThread(): boolean {
  return currentWorker !== null;
}

/** The clock of the thread running now, in nanoseconds. */
export function threadNowNs(): number {
  return currentWorker ? currentWorker.nowNs : clock.nowNs;
}

/** Blocks the thread running now for `ns` nanoseconds of virtual time. */
export function blockThread(ns: number): void {
  if (currentWorker) {
    checkVirtualTime(currentWorker.nowNs + ns);
    currentWorker.nowNs += ns;
  } else {
    advanceClockTo(clock.nowNs + ns);
  }
}

/**
 * Work that starts at a known future time: jobs queued on pool workers (executors.ts
 * registers itself here). The loop advances the clock no further than the next start, and
 * advancing the clock runs the jobs that are due.
 */
export const scheduledWork = {
  nextStartNs: (): number => Infinity,
  runDue: (ns: number): void => void ns,
};

let callbacksThisInstant = 0;
export let callbacksTotal = 0;

/** Counts one loop callback; too many at one virtual instant means the program spins
 * without ever letting time pass (a livelock). */
export function countCallback(): void {
  callbacksTotal++;
  if (++callbacksThisInstant > limits.callbacksPerInstant) {
    abort(
      new RunAborted(
        'limit',
        `more than ${limits.callbacksPerInstant} callbacks ran at t=${clock.seconds()} s without time passing (livelock)`,
        'callbacks',
      ),
    );
  }
}

// ---- Source sites -------------------------------------------------------------------------

export interface Site {
  line: number;
  column: number;
}

/** A captured stack, formatted only when a diagnostic needs it (capturing is cheap,
 * formatting is not). */
export interface StackHolder {
  stack?: string;
}

export interface Frame extends Site {
  name: string;
}

// Matches "    at name (main.js:3:5)" and "    at main.js:3:5".
const FRAME = /^\s*at (?:(.*?) \()?(.*?):(\d+):(\d+)\)?$/;

/**
 * Creation sites of coroutines, tasks and futures, for diagnostics. Capturing a stack costs
 * microseconds, too much for programs with hundred-thousands of coroutines, so a run records
 * the first `budget` sites; a run past the budget that needs a missing site is replayed with
 * an unlimited budget (runs are deterministic, so the replay is the same run).
 */
export const sites = { budget: 1000, exhausted: false };

export function captureSite(below: Function): StackHolder | undefined {
  if (sites.budget <= 0) {
    sites.exhausted = true;
    return undefined;
  }
  sites.budget--;
  return captureStack(below);
}

export function captureStack(below: Function): StackHolder {
  const holder: StackHolder = {};
  const savedLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 8;
  Error.captureStackTrace(holder, below);
  Error.stackTraceLimit = savedLimit;
  return holder;
}

/**
 * A captured or thrown stack as text, formatted the default way. V8 formats a stack when it
 * is first read, calling `Error.prepareStackTrace`; a program's own hook (or a Proxy, or a
 * getter) must not decide or break what diagnostics see.
 */
function readStack(holder: unknown): string | undefined {
  if ((typeof holder !== 'object' && typeof holder !== 'function') || holder === null) return undefined;
  const errorClass = Error as { prepareStackTrace?: unknown };
  const saved = errorClass.prepareStackTrace;
  try {
    errorClass.prepareStackTrace = undefined;
    const stack = (holder as StackHolder).stack;
    return typeof stack === 'string' ? stack : undefined;
  } catch {
    return undefined;
  } finally {
    try {
      errorClass.prepareStackTrace = saved;
    } catch {
      // The program made the hook read-only; it stays as the program left it.
    }
  }
}

/** The learner's frames of a captured stack or error, innermost first. */
export function programFrames(holder: unknown): Frame[] {
  const stack = readStack(holder);
  if (stack === undefined) return [];
  const frames: Frame[] = [];
  for (const line of stack.split('\n')) {
    const m = FRAME.exec(line);
    if (!m || m[2] !== PROGRAM_FILE) continue;
    const name = (m[1] ?? '<anonymous>').replace(ASYNC_BODY_SUFFIX, '');
    frames.push({ name, line: Number(m[3]), column: Number(m[4]) });
  }
  return frames;
}

export function firstProgramSite(holder: StackHolder | undefined): Site | undefined {
  const frame = programFrames(holder)[0];
  return frame && { line: frame.line, column: frame.column };
}

// ---- Output trace ---------------------------------------------------------------------------

export const events: OutputEvent[] = [];
let outputBytes = 0;
// Each event costs its text plus a share for its JSON envelope, so many tiny writes are
// bounded too.
const EVENT_OVERHEAD_BYTES = 64;

/** Hooks the event loop installs so output can name the current task without a cycle. */
export const context = {
  currentTaskName: (): string | null => null,
};

/** Who is running: a task on the loop's thread ('main'), or a pool worker's thread. */
export function runningOwner(): { task: string | null; thread: string } {
  const worker = currentWorker;
  return { task: worker ? null : context.currentTaskName(), thread: worker?.name ?? 'main' };
}

export function writeOutput(text: string, stream: 'stdout' | 'stderr'): void {
  checkAborted();
  outputBytes += text.length + EVENT_OVERHEAD_BYTES;
  if (outputBytes > limits.outputBytes) {
    abort(new RunAborted('limit', `the program wrote more than ${limits.outputBytes} bytes of output`, 'output'));
  }
  const { task, thread } = runningOwner();
  events.push({ t: threadNowNs() / NS_PER_SECOND, text, stream, task, thread });
}

// ---- Warnings -------------------------------------------------------------------------------

export const warnings: Warning[] = [];

export function warn(kind: WarningKind, message: string, site?: Site): void {
  warnings.push({ kind, message, t: clock.seconds(), ...(site ?? {}) });
}

// ---- Timeline -------------------------------------------------------------------------------

export const timeline: Span[] = [];

/** Await and timer spans come by the hundred thousand in big programs; a visualiser needs
 * far fewer, so only the first ones are kept (task spans are always kept). */
const DETAIL_SPANS = 2000;
let detailSpans = 0;

/** Whether another await or timer span may be added; check before building one. */
export function detailSpansLeft(): boolean {
  return detailSpans < DETAIL_SPANS;
}

/** Adds an await or timer span to the timeline (see `detailSpansLeft`). */
export function detailSpan(span: Span): Span {
  detailSpans++;
  timeline.push(span);
  return span;
}

/** The last blocking call made inside the loop callback now running, for the slow-callback
 * warning's line. */
export const blocking: { site: StackHolder | undefined } = { site: undefined };
