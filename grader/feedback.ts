import type { OutputEvent, RunResult } from '../sandbox/result.ts';
import { canonical, describeEnding, showTime } from './checks.ts';
import type { DiffLine, LocalisedText, Mistake } from './grade-schema.ts';

/**
 * Feedback a learner can act on: the failure recognised as one of the typical mistakes of
 * asynchronous programs, in plain words and in both languages, with the line to look at.
 */

/** A recognised mistake: its category (class dashboards count these) and the hint for the learner. */
export interface Recognised {
  mistake: Mistake;
  hint: LocalisedText;
}

/** The mistake a failed run shows, or null when no typical mistake is recognised. */
export function recogniseMistake(
  actual: RunResult,
  expected: RunResult,
  order: 'exact' | 'same-time-any-order' | 'multiset',
): Recognised | null {
  const found = (mistake: Mistake, hint: LocalisedText): Recognised => ({ mistake, hint });
  if (actual.status === 'deadlock') {
    const task = actual.deadlock?.tasks[0];
    return found('deadlock', {
      zh:
        `你的程序死锁了：${task ? `${task.task} 在等待 ${task.awaits}${task.line ? `（第 ${task.line} 行）` : ''}` : '所有任务都在等待'}，` +
        '而且永远不会有东西唤醒它。必须有代码完成它所等待的东西，例如由一个任务设置这个 future 的结果。',
      en:
        `Your program deadlocked: ${task ? `${task.task} waits for ${task.awaits}${task.line ? ` (line ${task.line})` : ''}` : 'every task is waiting'}, ` +
        'and nothing will ever wake it. Something must complete what it awaits, for example a task that sets the future\u2019s result.',
    });
  }
  if (actual.status === 'timeout') {
    const limit = actual.limit?.message;
    return found('timeout', {
      zh: `你的程序没有结束${limit ? `（${limit}）` : '：时间用完了'}。找一找永远不会结束的循环，或永远不会返回的等待。`,
      en: `Your program did not finish: ${limit ?? 'it ran out of time'}. Look for a loop that never ends or a wait that never returns.`,
    });
  }
  if (actual.status === 'limit' || actual.status === 'error') {
    const ending = describeEnding(actual);
    return found(actual.status === 'limit' ? 'limit' : 'crash', {
      zh: `${ending.zh}。`,
      en: `${capitalise(ending.en)}.`,
    });
  }

  const neverAwaited = actual.warnings.find((w) => w.kind === 'never-awaited');
  if (neverAwaited) {
    const line = neverAwaited.line;
    return found('never-awaited', {
      zh:
        `协程从未被等待（${neverAwaited.message}${line ? `，第 ${line} 行` : ''}）：调用异步函数只会创建一个协程，` +
        '并不会运行它。在调用前加上 `await`，或者把它作为任务启动，它才会运行。',
      en:
        `${capitalise(neverAwaited.message)}${line ? ` (line ${line})` : ''}: calling an async ` +
        'function only creates a coroutine. Put `await` before it, or start it as a task, so that it runs.',
    });
  }
  const blocking = actual.warnings.find((w) => w.kind === 'blocking-call');
  if (blocking) {
    const took = blocking.message.replace(/^Executing .* took /, '');
    const line = blocking.line;
    return found('blocking-call', {
      zh:
        `${line ? `第 ${line} 行的` : ''}阻塞调用占住了事件循环（${took.replace(/ seconds$/, ' 秒')}），其间其他任务都只能等着。` +
        '请改用 `await asyncio.sleep(…)`，或用 `loop.runInExecutor` 运行阻塞的工作。',
      en:
        `A blocking call${line ? ` at line ${line}` : ''} held the event loop (${took}), ` +
        'and every other task waited meanwhile. Use `await asyncio.sleep(…)`, or run blocking work with `loop.runInExecutor`.',
    });
  }

  // The same number of lines, later, with less work in flight at once than the reference:
  // the work ran one piece after another (lines that print the elapsed time differ too, so
  // the texts need not all match).
  const sameShape = actual.events.length === expected.events.length;
  if (sameShape && actual.elapsed > expected.elapsed * 1.2 + 1e-6 && maxInFlight(actual) < maxInFlight(expected)) {
    return found('sequential-awaits', {
      zh:
        `你的程序用了 ${showTime(actual.elapsed)}，其实只需要 ${showTime(expected.elapsed)}：你的 await 是一个接一个执行的。` +
        '先把所有工作都启动起来（`asyncio.createTask`、`asyncio.gather`），之后再等待它们，这样各个等待才会重叠。',
      en:
        `Your program takes ${showTime(actual.elapsed)} where it can take ${showTime(expected.elapsed)}: your awaits run one ` +
        'after another. Start all the work first (`asyncio.createTask`, `asyncio.gather`) and await it afterwards, so the waits overlap.',
    });
  }
  const texts = (events: OutputEvent[]): string => events.map((e) => e.text).join('\n');
  const reordered =
    texts(actual.events) !== texts(expected.events) &&
    texts(canonical(actual.events, 'same-time-any-order')) === texts(canonical(expected.events, 'same-time-any-order'));
  if (order === 'exact' && reordered) {
    return found('reordered', {
      zh: '输出的每一行都对，但有些在同一时刻输出的行顺序不同。同一时刻被调度的任务，按它们被创建或被等待的先后顺序运行。',
      en: 'Your lines are right, but some written at the same moment come in another order. The order of tasks scheduled at the same time follows the order they were created or awaited in.',
    });
  }
  const expectedTexts = new Set(expected.events.map((e) => e.text));
  const actualTexts = new Set(actual.events.map((e) => e.text));
  const missing = expected.events.find((e) => !actualTexts.has(e.text));
  if (missing) {
    return found('missing-output', {
      zh: `你的输出缺少 '${missing.text}'（应在 ${showTime(missing.t)} 出现）。`,
      en: `Your output is missing '${missing.text}' (expected at ${showTime(missing.t)}).`,
    });
  }
  const extra = actual.events.find((e) => !expectedTexts.has(e.text));
  if (extra) {
    return found('extra-output', {
      zh: `你的程序输出了 '${extra.text}'（在 ${showTime(extra.t)}），但练习并不需要这一行。`,
      en: `Your program writes '${extra.text}' (at ${showTime(extra.t)}), which the exercise does not expect.`,
    });
  }
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
