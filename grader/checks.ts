import type { OutputEvent, RunResult } from '../sandbox/result.ts';
import type { Check } from './manifest.ts';
import { apiUses, matches } from './style.ts';

/** A check's verdict on one variant: `detail` says what went wrong, in plain words. */
export interface Verdict {
  passed: boolean;
  detail: string;
}

const pass: Verdict = { passed: true, detail: '' };
const fail = (detail: string): Verdict => ({ passed: false, detail });

/** Times are equal when they differ by less than this (float noise of the virtual clock). */
const EPSILON = 1e-9;

export const showTime = (t: number): string => `${Number(t.toFixed(6))} s`;

/** The outcome of a run as one sentence, for a run that did not end normally. */
export function describeEnding(result: RunResult): string {
  switch (result.status) {
    case 'deadlock':
      return `your program deadlocked: ${(result.deadlock?.message ?? '').replace(/^deadlock: /, '')}`;
    case 'timeout':
    case 'limit':
      return `your program was stopped: ${result.limit?.message ?? result.error?.message ?? ''}`;
    case 'error': {
      const where = result.error?.line ? ` at line ${result.error.line}` : '';
      return `your program raised ${result.error?.type}: ${result.error?.message}${where}`;
    }
    default:
      return `your program ended with status ${result.status}`;
  }
}

/** Events in the order a check compares them: as written, or sorted within each instant. */
export function canonical(events: OutputEvent[], order: 'exact' | 'same-time-any-order' | 'multiset'): OutputEvent[] {
  if (order === 'exact') return events;
  if (order === 'multiset') return [...events].sort((a, b) => (a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
  return [...events].sort((a, b) =>
    Math.abs(a.t - b.t) > EPSILON ? a.t - b.t : a.text < b.text ? -1 : a.text > b.text ? 1 : 0,
  );
}

function checkOutput(
  order: 'exact' | 'same-time-any-order' | 'multiset',
  actual: RunResult,
  expected: RunResult,
): Verdict {
  if (actual.status !== 'ok') return fail(describeEnding(actual));
  const got = canonical(actual.events, order);
  const want = canonical(expected.events, order);
  if (order !== 'exact') {
    // Where order is (partly) free, say which line is missing or extra rather than where.
    const remaining = [...actual.events];
    for (const w of want) {
      const index = remaining.findIndex((g) => g.text === w.text);
      if (index < 0) return fail(`the output is missing '${w.text}' (expected at ${showTime(w.t)})`);
      remaining.splice(index, 1);
    }
    const extra = remaining[0];
    if (extra) return fail(`the output has an extra line '${extra.text}' at ${showTime(extra.t)}`);
  }
  for (let i = 0; i < Math.max(got.length, want.length); i++) {
    const g = got[i];
    const w = want[i];
    if (g && w && g.text === w.text) continue;
    if (!g) return fail(`the output is missing '${w?.text}' (expected at ${showTime(w?.t ?? 0)})`);
    if (!w) return fail(`the output has an extra line '${g.text}' at ${showTime(g.t)}`);
    return fail(`line ${i + 1} is '${g.text}' at ${showTime(g.t)}, expected '${w.text}' at ${showTime(w.t)}`);
  }
  return pass;
}

/** Pairs each expected event with the first unused actual event of the same text. */
function pairByText(expected: OutputEvent[], actual: OutputEvent[]): [OutputEvent, OutputEvent][] {
  const used = new Set<number>();
  const pairs: [OutputEvent, OutputEvent][] = [];
  for (const want of expected) {
    const index = actual.findIndex((got, i) => !used.has(i) && got.text === want.text);
    if (index < 0) continue;
    used.add(index);
    pairs.push([want, actual[index] as OutputEvent]);
  }
  return pairs;
}

function checkTiming(check: Extract<Check, { type: 'timing' }>, actual: RunResult, expected: RunResult): Verdict {
  if (actual.status !== 'ok') return fail(describeEnding(actual));
  const tolerance = check.tolerance + EPSILON;
  if (check.events) {
    for (const [want, got] of pairByText(expected.events, actual.events)) {
      if (Math.abs(got.t - want.t) > tolerance) {
        return fail(`'${got.text}' is written at ${showTime(got.t)}, expected at ${showTime(want.t)}`);
      }
    }
  }
  if (check.elapsed === 'equal' && Math.abs(actual.elapsed - expected.elapsed) > tolerance) {
    return fail(`the program takes ${showTime(actual.elapsed)}, expected ${showTime(expected.elapsed)}`);
  }
  if (typeof check.elapsed === 'object' && actual.elapsed > check.elapsed.max + tolerance) {
    return fail(`the program takes ${showTime(actual.elapsed)}, at most ${showTime(check.elapsed.max)} allowed`);
  }
  return pass;
}

function checkStyle(check: Extract<Check, { type: 'style' }>, source: string): Verdict {
  const uses = apiUses(source);
  const problems: string[] = [];
  for (const pattern of check.forbid) {
    const found = uses.filter((use) => matches(use, pattern));
    if (found.length > 0) problems.push(`uses ${pattern} (line ${found.map((u) => u.line).join(', ')})`);
  }
  for (const required of check.require) {
    if (typeof required === 'object' && 'anyOf' in required) {
      if (!uses.some((use) => required.anyOf.some((name) => matches(use, name)))) {
        problems.push(`uses none of ${required.anyOf.join(', ')}`);
      }
      continue;
    }
    const { name, min } = typeof required === 'string' ? { name: required, min: 1 } : required;
    const count = uses.filter((use) => matches(use, name)).length;
    if (count < min) problems.push(min === 1 ? `does not use ${name}` : `uses ${name} ${count} times, needs ${min}`);
  }
  return problems.length === 0 ? pass : fail(problems.join('; '));
}

function checkWarnings(check: Extract<Check, { type: 'warnings' }>, actual: RunResult): Verdict {
  const found = actual.warnings.filter((w) => check.forbid.includes(w.kind));
  if (found.length === 0) return pass;
  return fail(found.map((w) => `${w.message}${w.line ? ` (line ${w.line})` : ''}`).join('; '));
}

function checkFiles(actual: RunResult, expected: RunResult): Verdict {
  if (actual.status !== 'ok') return fail(describeEnding(actual));
  const names = new Set([...Object.keys(expected.files), ...Object.keys(actual.files)]);
  for (const name of [...names].sort()) {
    const want = expected.files[name];
    const got = actual.files[name];
    if (want === undefined) return fail(`the program saves an unexpected file ${name}`);
    if (got === undefined) return fail(`the program does not save ${name}`);
    if (got !== want) return fail(`${name} has other content than expected (${got}; expected ${want})`);
  }
  return pass;
}

/** Runs one check of a code or predict exercise on one variant. */
export function runCheck(check: Check, actual: RunResult, expected: RunResult, source: string): Verdict {
  switch (check.type) {
    case 'output':
      return checkOutput(check.order, actual, expected);
    case 'timing':
      return checkTiming(check, actual, expected);
    case 'style':
      return checkStyle(check, source);
    case 'warnings':
      return checkWarnings(check, actual);
    case 'files':
      return checkFiles(actual, expected);
  }
}
