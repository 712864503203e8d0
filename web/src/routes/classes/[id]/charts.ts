/**
 * The dashboard's charts, drawn with Chart.js. Only what the bar charts use is registered, so
 * the rest of the library is left out of the build; only this route imports it.
 */
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  type ChartConfiguration,
  Legend,
  LinearScale,
  Tooltip,
  type TooltipItem,
} from 'chart.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

export type BarConfig = ChartConfiguration<'bar', number[], string | string[]>;

/** The colours of app.css: passed, not (yet) passed, mistakes; each at least 3:1 on white. */
export const COLOURS = { pass: '#1d7a46', open: '#a15c00', mistake: '#b3261e', grid: '#e6e9ef', text: '#1d2330' };

/** Draws a chart on the canvas, in the page's font; the caller destroys it. */
export function drawChart(canvas: HTMLCanvasElement, config: BarConfig): Chart<'bar', number[], string | string[]> {
  const style = getComputedStyle(canvas);
  Chart.defaults.font.family = style.fontFamily;
  Chart.defaults.color = COLOURS.text;
  return new Chart(canvas, config);
}

export interface Series {
  label: string;
  colour: string;
  data: number[];
}

/** Columns a character takes: two for Chinese and other wide characters. */
const columns = (text: string): number => [...text].reduce((n, c) => n + (/[\u2e80-\uffef]/.test(c) ? 2 : 1), 0);

/**
 * A long label as lines of about `width` columns (Chart.js draws an array as lines), broken
 * between words, or between characters in Chinese; Chart.js would otherwise cut it off.
 */
export function wrapLabel(text: string, width = 26): string | string[] {
  if (columns(text) <= width) return text;
  const words = text.includes(' ') ? text.split(' ') : [...text];
  const joiner = text.includes(' ') ? ' ' : '';
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    const next = line === '' ? word : `${line}${joiner}${word}`;
    if (line !== '' && columns(next) > width) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line !== '') lines.push(line);
  return lines;
}

const percentTick = (value: number | string): string => `${value}%`;

/**
 * Bars for `labels`, one bar per label with the series stacked in it: horizontal for long
 * labels (exercises, mistakes), vertical for days. `format` writes a value for the tooltip.
 */
export function stackedBars(options: {
  labels: string[];
  series: Series[];
  horizontal: boolean;
  percent: boolean;
  format: (item: TooltipItem<'bar'>) => string;
}): BarConfig {
  const { labels, series, horizontal, percent } = options;
  const valueAxis = {
    stacked: true,
    beginAtZero: true,
    ...(percent ? { max: 100 } : {}),
    grid: { color: COLOURS.grid },
    ticks: percent ? { callback: percentTick } : { precision: 0 },
  };
  const labelAxis = { stacked: true, grid: { display: false }, ticks: { autoSkip: !horizontal } };
  return {
    type: 'bar',
    data: {
      labels: horizontal ? labels.map((label) => wrapLabel(label)) : labels,
      datasets: series.map((s) => ({
        label: s.label,
        data: s.data,
        backgroundColor: s.colour,
        borderColor: '#ffffff',
        borderWidth: series.length > 1 ? 1 : 0,
        maxBarThickness: 28,
      })),
    },
    options: {
      indexAxis: horizontal ? 'y' : 'x',
      // Figures to read, not a show: drawn at once (also for people who prefer less motion).
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      scales: horizontal ? { x: valueAxis, y: labelAxis } : { x: labelAxis, y: valueAxis },
      plugins: {
        legend: { display: series.length > 1, position: 'bottom' },
        tooltip: { callbacks: { label: options.format } },
      },
    },
  };
}
