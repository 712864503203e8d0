import type { OutputEvent, RunResult } from '../sandbox/result.ts';
import { canonical, describeEnding, showTime } from './checks.ts';
import type { DiffLine, Mistake } from './grade-schema.ts';

/**
 * Feedback a learner can act on: the failure recognised as one of the typical mistakes of
 * asynchronous programs, in plain words, with the line to look at.
 */

/** A recognised mistake: its category (class dashboards count these) and the hint for the learner. */
export interface Recognised {
  mistake: Mistake;
  hint: string;
}

/** The mistake a failed run shows, or null when no typical mistake is recognised. */
export function recogniseMistake(
  actual: RunResult,
  expected: RunResult,
  order: 'exact' | 'same-time-any-order' | 'multiset',
): Recognised | null {
  const found = (mistake: Mistake, hint: string): Recognised => ({ mistake, hint });
  if (actual.status === 'deadlock') {
    const task = actual.deadlock?.tasks[0];
    const where = task?.line ? ` (line ${task.line})` : '';
    return found(
      'deadlock',
      `Your program deadlocked: ${task ? `${task.task} waits for ${task.awaits}${where}` : 'every task is waiting'}, ` +
        'and nothing will ever wake it. Something must complete what it awaits, for example a task that sets the future\u2019s result.',
    );
  }
  if (actual.status === 'timeout') {
    return found(
      'timeout',
      `Your program did not finish: ${actual.limit?.message ?? 'it ran out of time'}. Look for a loop that never ends or a wait that never returns.`,
    );
  }
  if (actual.status === 'limit' || actual.status === 'error') {
    return found(actual.status === 'limit' ? 'limit' : 'crash', `${capitalise(describeEnding(actual))}.`);
  }

  const neverAwaited = actual.warnings.find((w) => w.kind === 'never-awaited');
  if (neverAwaited) {
    return found(
      'never-awaited',
      `${capitalise(neverAwaited.message)}${neverAwaited.line ? ` (line ${neverAwaited.line})` : ''}: calling an async ` +
        'function only creates a coroutine. Put `await` before it, or start it as a task, so that it runs.',
    );
  }
  const blocking = actual.warnings.find((w) => w.kind === 'blocking-call');
  if (blocking) {
    return found(
      'blocking-call',
      `A blocking call${blocking.line ? ` at line ${blocking.line}` : ''} held the event loop (${blocking.message.replace(/^Executing .* took /, '')}), ` +
        'and every other task waited meanwhile. Use `await asyncio.sleep(…)`, or run blocking work with `loop.runInExecutor`.',
    );
  }

  // The same number of lines, later, with less work in flight at once than the reference:
  // the work ran one piece after another (lines that print the elapsed time differ too, so
  // the texts need not all match).
  const sameShape = actual.events.length === expected.events.length;
  if (sameShape && actual.elapsed > expected.elapsed * 1.2 + 1e-6 && maxInFlight(actual) < maxInFlight(expected)) {
    return found(
      'sequential-awaits',
      `Your program takes ${showTime(actual.elapsed)} where it can take ${showTime(expected.elapsed)}: your awaits run one ` +
        'after another. Start all the work first (`asyncio.createTask`, `asyncio.gather`) and await it afterwards, so the waits overlap.',
    );
  }
  const texts = (events: OutputEvent[]): string => events.map((e) => e.text).join('\n');
  const reordered =
    texts(actual.events) !== texts(expected.events) &&
    texts(canonical(actual.events, 'same-time-any-order')) === texts(canonical(expected.events, 'same-time-any-order'));
  if (order === 'exact' && reordered) {
    return found(
      'reordered',
      'Your lines are right, but some written at the same moment come in another order. The order of tasks scheduled at the same time follows the order they were created or awaited in.',
    );
  }
  const expectedTexts = new Set(expected.events.map((e) => e.text));
  const actualTexts = new Set(actual.events.map((e) => e.text));
  const missing = expected.events.find((e) => !actualTexts.has(e.text));
  if (missing)
    return found('missing-output', `Your output is missing '${missing.text}' (expected at ${showTime(missing.t)}).`);
  const extra = actual.events.find((e) => !expectedTexts.has(e.text));
  if (extra)
    return found(
      'extra-output',
      `Your program writes '${extra.text}' (at ${showTime(extra.t)}), which the exercise does not expect.`,
    );
  return null;
}

/** The most tasks, pool jobs and requests a run had under way at one time (from its timeline). */
function maxInFlight(result: RunResult): number {
  const edges = result.timeline
    .filter((span) => span.kind !== 'blocking' && span.end !== null && span.end > span.start)
    .flatMap((span) => [
      { t: span.start, delta: 1 },
      { t: span.end as number, delta: -1 },
    ])
    .sort((a, b) => a.t - b.t || a.delta - b.delta);
  let current = 0;
  let most = 0;
  for (const edge of edges) most = Math.max(most, (current += edge.delta));
  return most;
}

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * Expected versus actual output, line by line (a longest-common-subsequence diff on the lines'
 * text): `same` lines carry both times, so a line at the wrong time shows as the same text
 * with two times. `firstDivergence` is the index of the first line that differs.
 */
export function diffEvents(
  expected: OutputEvent[],
  actual: OutputEvent[],
): { firstDivergence: number | null; lines: DiffLine[] } {
  const n = expected.length;
  const m = actual.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i]![j] =
        expected[i]!.text === actual[j]!.text ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const lines: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && expected[i]!.text === actual[j]!.text) {
      const op = Math.abs(expected[i]!.t - actual[j]!.t) > 1e-6 ? 'moved' : 'same';
      lines.push({ op, text: expected[i]!.text, expected: expected[i]!.t, actual: actual[j]!.t });
      i++;
      j++;
    } else if (j < m && (i >= n || lcs[i]![j + 1]! >= lcs[i + 1]![j]!)) {
      lines.push({ op: 'extra', text: actual[j]!.text, expected: null, actual: actual[j]!.t });
      j++;
    } else {
      lines.push({ op: 'missing', text: expected[i]!.text, expected: expected[i]!.t, actual: null });
      i++;
    }
  }
  const first = lines.findIndex((line) => line.op !== 'same');
  return { firstDivergence: first < 0 ? null : first, lines };
}
