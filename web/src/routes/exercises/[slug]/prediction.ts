/** One given line in the learner's order, with the time they predict for it. */
export interface OrderedLine {
  key: number;
  text: string;
  time: string;
}

/**
 * The given lines in the order a prediction already puts them (with its times); lines the
 * prediction does not have come after, untimed, in the order given.
 */
export function orderLines(prediction: string, lines: string[]): OrderedLine[] {
  const left = lines.map((text, key) => ({ key, text }));
  const ordered: OrderedLine[] = [];
  for (const row of prediction.split(/\r?\n/)) {
    const m = /^\s*(\d+(?:\.\d+)?)\s+(.*?)\s*$/.exec(row);
    if (!m) continue;
    const at = left.findIndex((line) => line.text === m[2]);
    if (at === -1) continue;
    const [line] = left.splice(at, 1);
    if (line) ordered.push({ ...line, time: m[1] ?? '' });
  }
  return [...ordered, ...left.map((line) => ({ ...line, time: '' }))];
}

/** The prediction text the grader reads: `<seconds> <text>` a line. */
export const predictionOf = (ordered: OrderedLine[]): string =>
  ordered.map((line) => `${line.time.trim()} ${line.text}`).join('\n');
