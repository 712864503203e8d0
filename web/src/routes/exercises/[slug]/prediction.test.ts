import { describe, expect, test } from 'vitest';
import { parsePrediction } from '../../../../../grader/grade.ts';
import { orderLines, predictionOf } from './prediction.ts';

const LINES = ['end task_2', 'start task_1', 'start task_2', 'task_1 done', 'task_1 done'];

describe('putting the given lines in order', () => {
  test('starts from the given lines, untimed, when there is no prediction yet', () => {
    expect(orderLines('', LINES).map((line) => [line.text, line.time])).toEqual(LINES.map((text) => [text, '']));
  });

  test('keeps the order and times of a prediction, each given line used once, the rest after', () => {
    const ordered = orderLines('0 start task_1\n0.5 task_1 done\n# a comment\n9 not a given line\n2 end task_2', LINES);
    expect(ordered.map((line) => [line.text, line.time])).toEqual([
      ['start task_1', '0'],
      ['task_1 done', '0.5'],
      ['end task_2', '2'],
      ['start task_2', ''],
      ['task_1 done', ''],
    ]);
    expect(new Set(ordered.map((line) => line.key)).size).toBe(LINES.length);
  });

  test('writes the text the grader reads, and reading it back gives the same order', () => {
    const ordered = orderLines('', LINES).map((line, i) => ({ ...line, time: String(i) }));
    const text = predictionOf(ordered.reverse());
    const parsed = parsePrediction(text);
    expect(parsed).toEqual({ events: expect.any(Array) });
    if ('error' in parsed) return;
    expect(parsed.events.map((event) => [event.t, event.text])).toEqual(ordered.map((l) => [Number(l.time), l.text]));
    const shown = (lines: typeof ordered): string[][] => lines.map((line) => [line.text, line.time]);
    expect(shown(orderLines(text, LINES))).toEqual(shown(ordered));
  });
});
