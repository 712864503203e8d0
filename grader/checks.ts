import type { LimitKind, OutputEvent, RunResult, WarningKind } from '../sandbox/result.ts';
import type { LocalisedText } from './grade-schema.ts';
import type { Check } from './manifest.ts';
import { apiUses, matches } from './style.ts';

/**
 * A check's verdict on one variant: `detail` says what went wrong, in plain words and in both
 * languages. Program output, code and the sandbox's own messages are quoted as they are.
 */
export interface Verdict {
  passed: boolean;
  detail: LocalisedText;
}

const pass: Verdict = { passed: true, detail: { zh: '', en: '' } };
const fail = (detail: LocalisedText): Verdict => ({ passed: false, detail });

/** Times are equal when they differ by less than this (float noise of the virtual clock). */
const EPSILON = 1e-9;

export const showTime = (t: number): string => `${Number(t.toFixed(6))} s`;

/** Which limit stopped a program, in Chinese (the sandbox's message, quoted after it, is English). */
const LIMIT_ZH: Record<LimitKind, string> = {
  'virtual-time': '模拟时间超出了上限',
  cpu: 'CPU 时间超出了上限',
  memory: '内存超出了上限',
  output: '输出超出了上限',
  callbacks: '回调次数超出了上限',
};

/** What a warning means, in Chinese (the sandbox's message, quoted after it, is English). */
const WARNING_ZH: Record<WarningKind, string> = {
  'never-awaited': '协程从未被等待',
  'unretrieved-exception': '任务的异常从未被取回',
  'pending-destroyed': '任务还没完成就被销毁了',
  'blocking-call': '阻塞调用占住了事件循环',
  'callback-exception': '回调抛出了异常',
};

/** The outcome of a run as one sentence, for a run that did not end normally. */
export function describeEnding(result: RunResult): LocalisedText {
  switch (result.status) {
    case 'deadlock': {
      const task = result.deadlock?.tasks[0];
      return {
        zh: `你的程序死锁了：所有任务都在等待，没有任何东西能唤醒它们${task ? `（${task.task} 在等待 ${task.awaits}）` : ''}`,
        en: `your program deadlocked: ${(result.deadlock?.message ?? '').replace(/^deadlock: /, '')}`,
      };
    }
    case 'timeout':
    case 'limit': {
      const message = result.limit?.message ?? result.error?.message ?? '';
      return {
        zh: `你的程序被中止了：${result.limit ? `${LIMIT_ZH[result.limit.kind]}（${message}）` : message}`,
        en: `your program was stopped: ${message}`,
      };
    }
    case 'error': {
      const line = result.error?.line;
      return {
        zh: `你的程序${line ? `在第 ${line} 行` : ''}抛出了 ${result.error?.type}: ${result.error?.message}`,
        en: `your program raised ${result.error?.type}: ${result.error?.message}${line ? ` at line ${line}` : ''}`,
      };
    }
    default:
      return {
        zh: `你的程序以状态 ${result.status} 结束`,
        en: `your program ended with status ${result.status}`,
      };
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
      if (index < 0) return fail(missingLine(w));
      remaining.splice(index, 1);
    }
    const extra = remaining[0];
    if (extra) return fail(extraLine(extra));
  }
  for (let i = 0; i < Math.max(got.length, want.length); i++) {
    const g = got[i];
    const w = want[i];
    if (g && w && g.text === w.text) continue;
    if (!g) return fail(missingLine(w as OutputEvent));
    if (!w) return fail(extraLine(g));
    return fail({
      zh: `第 ${i + 1} 行是 '${g.text}'（${showTime(g.t)}），应为 '${w.text}'（${showTime(w.t)}）`,
      en: `line ${i + 1} is '${g.text}' at ${showTime(g.t)}, expected '${w.text}' at ${showTime(w.t)}`,
    });
  }
  return pass;
}

const missingLine = (w: OutputEvent): LocalisedText => ({
  zh: `输出中缺少 '${w.text}'（应在 ${showTime(w.t)} 出现）`,
  en: `the output is missing '${w.text}' (expected at ${showTime(w.t)})`,
});

const extraLine = (g: OutputEvent): LocalisedText => ({
  zh: `输出中多了一行 '${g.text}'（在 ${showTime(g.t)}）`,
  en: `the output has an extra line '${g.text}' at ${showTime(g.t)}`,
});

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
        return fail({
          zh: `'${got.text}' 在 ${showTime(got.t)} 输出，应在 ${showTime(want.t)} 输出`,
          en: `'${got.text}' is written at ${showTime(got.t)}, expected at ${showTime(want.t)}`,
        });
      }
    }
  }
  if (check.elapsed === 'equal' && Math.abs(actual.elapsed - expected.elapsed) > tolerance) {
    return fail({
      zh: `程序用时 ${showTime(actual.elapsed)}，应为 ${showTime(expected.elapsed)}`,
      en: `the program takes ${showTime(actual.elapsed)}, expected ${showTime(expected.elapsed)}`,
    });
  }
  if (typeof check.elapsed === 'object' && actual.elapsed > check.elapsed.max + tolerance) {
    return fail({
      zh: `程序用时 ${showTime(actual.elapsed)}，最多允许 ${showTime(check.elapsed.max)}`,
      en: `the program takes ${showTime(actual.elapsed)}, at most ${showTime(check.elapsed.max)} allowed`,
    });
  }
  return pass;
}

function checkStyle(check: Extract<Check, { type: 'style' }>, source: string): Verdict {
  const uses = apiUses(source);
  const problems: LocalisedText[] = [];
  for (const pattern of check.forbid) {
    const lines = uses.filter((use) => matches(use, pattern)).map((u) => u.line);
    if (lines.length > 0) {
      problems.push({
        zh: `使用了 ${pattern}（第 ${lines.join('、')} 行）`,
        en: `uses ${pattern} (line ${lines.join(', ')})`,
      });
    }
  }
  for (const required of check.require) {
    if (typeof required === 'object' && 'anyOf' in required) {
      if (!uses.some((use) => required.anyOf.some((name) => matches(use, name)))) {
        problems.push({
          zh: `没有使用 ${required.anyOf.join('、')} 中的任何一个`,
          en: `uses none of ${required.anyOf.join(', ')}`,
        });
      }
      continue;
    }
    const { name, min } = typeof required === 'string' ? { name: required, min: 1 } : required;
    const count = uses.filter((use) => matches(use, name)).length;
    if (count < min) {
      problems.push(
        min === 1
          ? { zh: `没有使用 ${name}`, en: `does not use ${name}` }
          : { zh: `只使用了 ${name} ${count} 次，至少需要 ${min} 次`, en: `uses ${name} ${count} times, needs ${min}` },
      );
    }
  }
  return problems.length === 0 ? pass : fail(joinTexts(problems));
}

function checkWarnings(check: Extract<Check, { type: 'warnings' }>, actual: RunResult): Verdict {
  const found = actual.warnings.filter((w) => check.forbid.includes(w.kind));
  if (found.length === 0) return pass;
  return fail(
    joinTexts(
      found.map((w) => ({
        zh: `${WARNING_ZH[w.kind]}：${w.message}${w.line ? `（第 ${w.line} 行）` : ''}`,
        en: `${w.message}${w.line ? ` (line ${w.line})` : ''}`,
      })),
    ),
  );
}

/** Several problems as one text, each language with its own separator. */
const joinTexts = (texts: LocalisedText[]): LocalisedText => ({
  zh: texts.map((t) => t.zh).join('；'),
  en: texts.map((t) => t.en).join('; '),
});

function checkFiles(actual: RunResult, expected: RunResult): Verdict {
  if (actual.status !== 'ok') return fail(describeEnding(actual));
  const names = new Set([...Object.keys(expected.files), ...Object.keys(actual.files)]);
  for (const name of [...names].sort()) {
    const want = expected.files[name];
    const got = actual.files[name];
    if (want === undefined)
      return fail({ zh: `程序保存了多余的文件 ${name}`, en: `the program saves an unexpected file ${name}` });
    if (got === undefined) return fail({ zh: `程序没有保存 ${name}`, en: `the program does not save ${name}` });
    if (got !== want) {
      return fail({
        zh: `${name} 的内容与预期不同（${got}；应为 ${want}）`,
        en: `${name} has other content than expected (${got}; expected ${want})`,
      });
    }
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
