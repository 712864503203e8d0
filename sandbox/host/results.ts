import type { LimitKind, RunLimits, RunResult, RunStatus } from '../result.ts';

/** A RunResult with nothing in it, for outcomes decided before or instead of a run. */
export function emptyResult(status: RunStatus): RunResult {
  return {
    status,
    elapsed: 0,
    events: [],
    warnings: [],
    timeline: [],
    files: {},
    stats: { callbacks: 0, tasks: 0 },
  };
}

const LIMIT_MESSAGES: Record<'cpu' | 'memory', (limits: RunLimits) => string> = {
  cpu: (limits) => `the program used more than ${limits.cpuMs} ms of CPU time and was stopped (an endless loop?)`,
  memory: (limits) => `the program used more than ${limits.memoryMb} MB of memory and was stopped`,
};

/** The verdict for a run the host stopped: CPU time (a time-out, like running out of
 * virtual time) or memory ran out. */
export function limitResult(kind: Extract<LimitKind, 'cpu' | 'memory'>, limits: RunLimits): RunResult {
  const message = LIMIT_MESSAGES[kind](limits);
  const status = kind === 'cpu' ? 'timeout' : 'limit';
  return { ...emptyResult(status), limit: { kind, message }, error: { type: 'LimitExceeded', message } };
}
