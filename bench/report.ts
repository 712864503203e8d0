import os from 'node:os';

/** What the benchmark scripts share: the machine, percentiles of samples and a plain-text table. */

/** Prints the benchmark's title and the machine it runs on (figures mean little without it). */
export function describeMachine(title: string): void {
  const cpus = os.cpus();
  console.log(title);
  console.log(
    `machine: ${cpus.length} cores (${os.availableParallelism()} usable), ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ` +
      `${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.release()}, Node ${process.version}`,
  );
}

/** Other processes' load skews absolute figures; the load averages say how busy the machine was. */
export const loadAverage = (): string =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

export const verdict = (ok: boolean): string => (ok ? 'PASS' : 'FAIL');

/** Nearest-rank percentile of unsorted samples. */
export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

export const median = (samples: number[]): number => percentile(samples, 50);

/** Prints a table: the first `textColumns` columns left-aligned, the rest (figures) right-aligned. */
export function table(header: string[], rows: string[][], textColumns = 1): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string =>
    cells.map((c, i) => (i < textColumns ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
  console.log();
}
