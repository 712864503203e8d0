/**
 * Layout of the Timeline component: runs drawn as a Gantt chart on the virtual time axis.
 * Pure functions, no Svelte and no DOM, so the unit tests run under plain Node.
 *
 * Two stages: `buildRun` sorts a RunResult's spans and output into lanes (in seconds, whatever
 * the width); `layoutRun` turns that into pixels for one width and one shared scale, packing
 * overlapping spans into rows and merging what is thinner than a pixel or two, so a run with
 * thousands of spans stays a few hundred shapes.
 */
import type { RunResult } from '../api.ts';

export type Span = RunResult['timeline'][number];
export type SpanKind = Span['kind'];
export type SpanState = Span['state'];
export type OutputEvent = RunResult['events'][number];

/** The event loop (the main thread), a task, a worker thread, or requests nothing else claims. */
export type LaneKind = 'loop' | 'task' | 'thread' | 'io';

/** A span as drawn: clipped to the run, with a pending span running to the run's end. */
export interface Item {
  kind: SpanKind;
  name: string;
  detail: string | undefined;
  start: number;
  end: number;
  state: SpanState;
  /** The span had not ended when the run did (pending, or set to end after it). */
  open: boolean;
}

export interface LaneModel {
  key: string;
  kind: LaneKind;
  /** The task's or thread's name ('' for the loop and the I/O lane). */
  name: string;
  /** `name`, with " (2)" for a second task of the same name. */
  label: string;
  /** Task life, awaits, blocking calls, executor jobs: one after another. */
  main: Item[];
  /** Requests and timers: may overlap, packed into rows below the main one. */
  sub: Item[];
  events: OutputEvent[];
}

export interface RunModel {
  lanes: LaneModel[];
  /** Where the run ends on the time axis (seconds). */
  end: number;
  tasks: number;
  threads: number;
  requests: number;
  spans: number;
  /** The sandbox kept only its first await and timer spans (SPEC: 2,000). */
  detailTruncated: boolean;
}

/** How many await and timer spans the sandbox keeps (sandbox/runtime/state.ts). */
export const DETAIL_SPANS = 2000;
const EPS = 1e-9;

/** Where a run ends: its elapsed time, or a later finished span or output (worker threads). */
export function runEnd(result: RunResult): number {
  let end = result.elapsed;
  for (const span of result.timeline) {
    end = Math.max(end, span.start);
    if (span.end !== null && span.state !== 'pending') end = Math.max(end, span.end);
  }
  for (const event of result.events) end = Math.max(end, event.t);
  return end;
}

/** The end of the shared time axis before rounding: the longest of the runs. */
export function sharedEnd(results: readonly RunResult[]): number {
  return results.reduce((max, result) => Math.max(max, runEnd(result)), 0);
}

function toItem(span: Span, end: number): Item {
  const start = Math.min(Math.max(span.start, 0), end);
  const open = span.end === null || span.end > end + EPS;
  return {
    kind: span.kind,
    name: span.name,
    detail: span.detail,
    start,
    end: open ? end : Math.max(start, span.end ?? end),
    state: span.state,
    open,
  };
}

/** The thread an executor span ran on: its name is "<thread>: <function>()". */
export function executorThread(name: string): string {
  const colon = name.indexOf(': ');
  return colon < 0 ? name : name.slice(0, colon);
}

interface Holder {
  lane: LaneModel;
  start: number;
  end: number;
  /** 0: the thread that made the call (executor job, blocking call); 1: a task's await. */
  rank: number;
  used: number;
}

/** The candidate that best explains a request: it contains the request, starts and ends
 * closest to it; the thread doing the work wins a tie over a task awaiting it, and a holder
 * no other request took wins over one that is taken. */
function bestHolder(request: Item, holders: readonly Holder[]): Holder | undefined {
  let best: Holder | undefined;
  let bestScore = Infinity;
  // Holders are sorted by start: look back from the last one that starts before the request.
  let hi = holders.length;
  let lo = 0;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (holders[mid]!.start <= request.start + EPS) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo - 1, seen = 0; i >= 0 && seen < 500; i--, seen++) {
    const holder = holders[i]!;
    if (holder.end + EPS < request.end) continue;
    const score = request.start - holder.start + (holder.end - request.end);
    const better =
      best === undefined ||
      score < bestScore - EPS ||
      (Math.abs(score - bestScore) <= EPS &&
        (holder.rank < best.rank || (holder.rank === best.rank && holder.used < best.used)));
    if (better) {
      best = holder;
      bestScore = score;
    }
  }
  return best;
}

/** Sorts one run's spans and output into lanes: the event loop first, then one lane per task
 * in the order they appear, one per worker thread, and requests nothing else claims. */
export function buildRun(result: RunResult): RunModel {
  const end = runEnd(result);
  const loop: LaneModel = { key: 'loop', kind: 'loop', name: '', label: '', main: [], sub: [], events: [] };
  const io: LaneModel = { key: 'io', kind: 'io', name: '', label: '', main: [], sub: [], events: [] };
  const tasks: LaneModel[] = [];
  const tasksByName = new Map<string, { lane: LaneModel; start: number; end: number }[]>();
  const threads = new Map<string, LaneModel>();

  const newTask = (name: string, start: number, stop: number): LaneModel => {
    const same = tasksByName.get(name) ?? [];
    const label = same.length === 0 ? name : `${name} (${same.length + 1})`;
    const lane: LaneModel = { key: `task:${tasks.length}`, kind: 'task', name, label, main: [], sub: [], events: [] };
    tasks.push(lane);
    same.push({ lane, start, end: stop });
    tasksByName.set(name, same);
    return lane;
  };
  /** The lane of the task of that name alive at `t` (names may repeat). */
  const taskAt = (name: string, t: number): LaneModel => {
    const same = tasksByName.get(name);
    if (!same) return newTask(name, t, Infinity);
    const alive = same.find((task) => task.start <= t + EPS && t <= task.end + EPS);
    if (alive) return alive.lane;
    const before = same.filter((task) => task.start <= t + EPS);
    return (before[before.length - 1] ?? same[0]!).lane;
  };
  const threadLane = (name: string): LaneModel => {
    let lane = threads.get(name);
    if (!lane) {
      lane = { key: `thread:${name}`, kind: 'thread', name, label: name, main: [], sub: [], events: [] };
      threads.set(name, lane);
    }
    return lane;
  };

  // Task spans first, so that awaits find the task alive at their time whatever the order.
  for (const span of result.timeline) {
    if (span.kind === 'task') {
      const item = toItem(span, end);
      newTask(span.name, item.start, item.open ? Infinity : item.end).main.push(item);
    }
  }

  const holders: Holder[] = [];
  const requests: { item: Item; task: string | null | undefined; thread: string | undefined }[] = [];
  let detail = 0;
  for (const span of result.timeline) {
    if (span.kind === 'task') continue;
    const item = toItem(span, end);
    switch (span.kind) {
      case 'await': {
        detail++;
        const lane = taskAt(span.name, item.start);
        lane.main.push(item);
        holders.push({ lane, start: item.start, end: item.open ? Infinity : item.end, rank: 1, used: 0 });
        break;
      }
      case 'timer':
        detail++;
        loop.sub.push(item);
        break;
      case 'blocking':
        loop.main.push(item);
        holders.push({ lane: loop, start: item.start, end: item.end, rank: 0, used: 0 });
        break;
      case 'executor': {
        const lane = threadLane(executorThread(span.name));
        lane.main.push(item);
        holders.push({ lane, start: item.start, end: item.open ? Infinity : item.end, rank: 0, used: 0 });
        break;
      }
      default:
        requests.push({ item, task: span.task, thread: span.thread });
    }
  }

  // A request goes to the lane of what made it: a worker thread, a blocking call on the loop,
  // or the task awaiting it. Runs recorded before requests named their maker get the holder
  // that best explains them.
  holders.sort((a, b) => a.start - b.start);
  const blockingCalls = holders.filter((holder) => holder.lane === loop);
  for (const { item, task, thread } of requests) {
    let lane: LaneModel;
    if (thread !== undefined && thread !== 'main') lane = threadLane(thread);
    else if (thread !== undefined) {
      const blocked = bestHolder(item, blockingCalls);
      lane = blocked || !task ? loop : taskAt(task, item.start);
    } else {
      const holder = bestHolder(item, holders);
      if (holder) holder.used++;
      lane = holder?.lane ?? io;
    }
    lane.sub.push(item);
  }

  for (const event of result.events) {
    const lane =
      event.thread !== 'main' ? threadLane(event.thread) : event.task !== null ? taskAt(event.task, event.t) : loop;
    lane.events.push(event);
  }

  const byTime = (a: { start: number }, b: { start: number }): number => a.start - b.start;
  const lanes = [loop, ...tasks, ...threads.values(), ...(io.sub.length > 0 ? [io] : [])];
  for (const lane of lanes) {
    lane.main.sort((a, b) => (a.kind === 'task' ? 0 : 1) - (b.kind === 'task' ? 0 : 1) || a.start - b.start);
    lane.sub.sort(byTime);
    lane.events.sort((a, b) => a.t - b.t);
  }
  return {
    lanes,
    end,
    tasks: tasks.length,
    threads: threads.size,
    requests: requests.length,
    spans: result.timeline.length,
    detailTruncated: detail >= DETAIL_SPANS,
  };
}

// ---- Scale and axis ---------------------------------------------------------------------------

/** 1, 2 or 5 times a power of ten, at least `raw`. */
export function niceStep(raw: number): number {
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / power;
  const nice = fraction <= 1 + EPS ? 1 : fraction <= 2 + EPS ? 2 : fraction <= 5 + EPS ? 5 : 10;
  return nice * power;
}

/** Decimals a tick label needs for that step. */
export function stepDecimals(step: number): number {
  return Math.max(0, -Math.floor(Math.log10(step) + EPS));
}

export interface Axis {
  /** The end of the axis: the longest run, rounded up to a tick (1 s when every run is 0 s). */
  max: number;
  step: number;
  ticks: number[];
  decimals: number;
}

/** Ticks in seconds at least `minSpacing` pixels apart over `plotWidth` pixels. */
export function timeAxis(end: number, plotWidth: number, minSpacing = 72): Axis {
  const span = end > 0 ? end : 1;
  const count = Math.max(1, Math.floor(plotWidth / minSpacing));
  const step = niceStep(span / count);
  const decimals = stepDecimals(step);
  const n = Math.max(1, Math.ceil(span / step - 1e-6));
  const ticks = Array.from({ length: n + 1 }, (_, i) => Number((i * step).toFixed(decimals)));
  return { max: ticks[n]!, step, ticks, decimals };
}

export interface Scale {
  /** Seconds at the right edge. */
  max: number;
  /** Pixels of 0 s and of `max`. */
  x0: number;
  x1: number;
}

export function xOf(scale: Scale, t: number): number {
  return scale.x0 + (Math.min(Math.max(t, 0), scale.max) / scale.max) * (scale.x1 - scale.x0);
}

/** "1.462 s", "3 s", "0.000125 s": as many decimals as the time has, up to a millisecond (a
 * microsecond below 10 ms). */
export function formatSeconds(t: number, decimals?: number): string {
  if (decimals !== undefined) return `${t.toFixed(decimals)} s`;
  const places = t !== 0 && Math.abs(t) < 0.01 ? 6 : 3;
  return `${Number(t.toFixed(places))} s`;
}

// ---- Text -------------------------------------------------------------------------------------

/** A rough width of text in pixels: wide (CJK) characters are 1 em, the others 0.6 em. */
export function textWidth(text: string, fontPx: number): number {
  let em = 0;
  for (const ch of text)
    em += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(ch)
      ? 1
      : 0.6;
  return em * fontPx;
}

/** `text` cut with "…" to fit `width` pixels, or '' when not even two characters fit. */
export function fitText(text: string, width: number, fontPx: number): string {
  if (textWidth(text, fontPx) <= width) return text;
  const chars = [...text];
  let out = '';
  for (const ch of chars) {
    if (textWidth(`${out}${ch}…`, fontPx) > width) break;
    out += ch;
  }
  out = out.trimEnd();
  return [...out].length >= 2 ? `${out}…` : '';
}

/** The width of the lane labels' column: the longest label, within bounds. */
export function gutterWidth(labels: readonly string[], fontPx = 12, min = 72, max = 176): number {
  const widest = labels.reduce((w, label) => Math.max(w, textWidth(label, fontPx)), 0);
  return Math.round(Math.min(max, Math.max(min, widest + 20)));
}

// ---- Pixels -----------------------------------------------------------------------------------

export const GEOMETRY = {
  /** The main row: output markers on top, the bar below. */
  mainRow: 25,
  markerY: 5,
  barTop: 9,
  barHeight: 13,
  /** The row of a task that began and ended at once and did nothing to show (asyncio.run's
   * shutdown tasks): a thinner lane. */
  instantRow: 16,
  /** Thin bar of a task's life, centred on the bar. */
  taskHeight: 4,
  subRow: 12,
  subHeight: 8,
  lanePad: 2,
  /** Sub-rows a lane may have; what does not fit overlaps in the last one. */
  maxSubRows: 4,
  /** Task lanes beyond the cap are drawn anyway when they are no more than this many. */
  taskSlack: 6,
  /** Shapes narrower than this are drawn this wide... */
  minBar: 2,
  /** ...and neighbours that narrow are merged into one shape. */
  mergeBelow: 3,
  /** Output markers closer than this become one. */
  markerMerge: 5,
  axisHeight: 22,
  top: 4,
} as const;

export interface Bar {
  kind: SpanKind;
  x: number;
  /** Drawn width (at least `minBar`), and where the spans really end. */
  w: number;
  x2: number;
  y: number;
  h: number;
  /** The first span of the shape, and how many it stands for. */
  item: Item;
  count: number;
  /** The end of the last span merged in. */
  end: number;
  /** The most telling state of the spans merged: error, cancelled, pending, done. */
  state: SpanState;
  open: boolean;
}

export interface Marker {
  x: number;
  y: number;
  t: number;
  /** The first few events at this spot, and how many there are. */
  events: OutputEvent[];
  count: number;
  stderr: boolean;
}

export interface LaneLayout {
  key: string;
  kind: LaneKind;
  name: string;
  label: string;
  index: number;
  y: number;
  height: number;
  /** Centre of the main bar (for the label). */
  mid: number;
  /** The main bar's box, where state marks of a task's life go. */
  barY: number;
  barHeight: number;
  /** A task that began and ended at once and shows nothing else. */
  instant: boolean;
  bars: Bar[];
  markers: Marker[];
}

export interface RunLayout {
  lanes: LaneLayout[];
  /** Task lanes not drawn (beyond `maxTasks`). */
  hiddenTasks: number;
  /** Top of the axis, and the height of the whole drawing. */
  axisY: number;
  height: number;
  /** x of the run's end. */
  endX: number;
}

const STATE_WEIGHT: Record<SpanState, number> = { done: 0, pending: 1, cancelled: 2, error: 3 };

function bar(item: Item, scale: Scale, y: number, h: number): Bar {
  const x = xOf(scale, item.start);
  const x2 = xOf(scale, item.end);
  const w = Math.max(GEOMETRY.minBar, x2 - x);
  return { kind: item.kind, x, w, x2, y, h, item, count: 1, end: item.end, state: item.state, open: item.open };
}

/** Merges neighbours of the same kind and row (bars sorted by row, then x) while both are
 * thinner than `mergeBelow` pixels and they touch; with `overlapping`, also bars that overlap
 * (the rows' overflow, where a thousand requests at once would otherwise pile up). */
export function mergeBars(bars: readonly Bar[], overlapping = false): Bar[] {
  const out: Bar[] = [];
  for (const next of bars) {
    const last = out[out.length - 1];
    if (
      last &&
      last.kind === next.kind &&
      last.y === next.y &&
      ((last.x2 - last.x < GEOMETRY.mergeBelow && next.x2 - next.x < GEOMETRY.mergeBelow && next.x <= last.x2 + 1) ||
        (overlapping && next.x < last.x + last.w - 0.5))
    ) {
      last.x2 = Math.max(last.x2, next.x2);
      last.w = Math.max(GEOMETRY.minBar, last.x2 - last.x);
      last.count += next.count;
      last.end = Math.max(last.end, next.end);
      if (STATE_WEIGHT[next.state] > STATE_WEIGHT[last.state]) last.state = next.state;
      last.open ||= next.open;
    } else {
      out.push({ ...next });
    }
  }
  return out;
}

/** Rows for spans that may overlap (sorted by x): each goes to the first row free at its
 * start; one that starts where the last ended stays in its row. When every row is taken, the
 * span goes to the last row, over what is there. */
export function packRows(bars: readonly Bar[], maxRows: number): number[] {
  const rowEnds: number[] = [];
  return bars.map((b) => {
    let row = rowEnds.findIndex((rowEnd) => rowEnd <= b.x + 0.5);
    if (row < 0) row = rowEnds.length < maxRows ? rowEnds.push(-Infinity) - 1 : maxRows - 1;
    rowEnds[row] = Math.max(rowEnds[row] ?? -Infinity, b.x + b.w);
    return row;
  });
}

/** Output markers of one lane, merged when closer than `markerMerge` pixels. */
export function clusterEvents(events: readonly OutputEvent[], scale: Scale, y: number, keep = 8): Marker[] {
  const out: Marker[] = [];
  for (const event of events) {
    const x = xOf(scale, event.t);
    const last = out[out.length - 1];
    if (last && x - last.x < GEOMETRY.markerMerge) {
      last.count++;
      if (last.events.length < keep) last.events.push(event);
      last.stderr ||= event.stream === 'stderr';
    } else {
      out.push({ x, y, t: event.t, events: [event], count: 1, stderr: event.stream === 'stderr' });
    }
  }
  return out;
}

/** A task lane with nothing to show but a task that began and ended at once. */
function isInstant(lane: LaneModel): boolean {
  const [only, ...rest] = lane.main;
  return (
    lane.kind === 'task' &&
    rest.length === 0 &&
    lane.sub.length === 0 &&
    lane.events.length === 0 &&
    only !== undefined &&
    !only.open &&
    only.end === only.start
  );
}

/** One run in pixels: lanes (at most `maxTasks` of them tasks, give or take `taskSlack`), bars
 * and markers. */
export function layoutRun(model: RunModel, scale: Scale, maxTasks = Infinity): RunLayout {
  const g = GEOMETRY;
  const cap = model.tasks <= maxTasks + g.taskSlack ? Infinity : maxTasks;
  const lanes: LaneLayout[] = [];
  let y = g.top;
  let shownTasks = 0;
  for (const lane of model.lanes) {
    if (lane.kind === 'task' && shownTasks++ >= cap) continue;
    const instant = isInstant(lane);
    const barY = instant ? y + (g.instantRow - g.barHeight) / 2 : y + g.barTop;
    const main = lane.main.map((item) =>
      item.kind === 'task'
        ? bar(item, scale, barY + (g.barHeight - g.taskHeight) / 2, g.taskHeight)
        : bar(item, scale, barY, g.barHeight),
    );
    const subBars = lane.sub.map((item) => bar(item, scale, 0, g.subHeight));
    const rows = packRows(subBars, g.maxSubRows);
    const subTop = y + g.mainRow;
    subBars.forEach((b, i) => (b.y = subTop + (rows[i] ?? 0) * g.subRow + (g.subRow - g.subHeight) / 2));
    const subRows = rows.reduce((n, row) => Math.max(n, row + 1), 0);
    const lastRow = subBars.filter((_, i) => rows[i] === g.maxSubRows - 1);
    const otherRows = subBars.filter((_, i) => rows[i] !== g.maxSubRows - 1);
    // Merge per row: the task's life stays one bar under its awaits.
    const merged = [
      ...main.filter((b) => b.kind === 'task'),
      ...mergeBars(main.filter((b) => b.kind !== 'task')),
      ...mergeBars(otherRows.sort((a, b) => a.y - b.y || a.x - b.x)),
      ...mergeBars(lastRow, true),
    ];
    const height = instant ? g.instantRow : g.mainRow + subRows * g.subRow + g.lanePad;
    lanes.push({
      key: lane.key,
      kind: lane.kind,
      name: lane.name,
      label: lane.label,
      index: lanes.length,
      y,
      height,
      mid: barY + g.barHeight / 2,
      barY,
      barHeight: g.barHeight,
      instant,
      bars: merged,
      markers: clusterEvents(lane.events, scale, y + g.markerY),
    });
    y += height;
  }
  const hiddenTasks = Math.max(0, model.tasks - cap);
  return { lanes, hiddenTasks, axisY: y, height: y + g.axisHeight, endX: xOf(scale, model.end) };
}

// ---- The text fallback -----------------------------------------------------------------------

export interface Row {
  lane: LaneModel;
  kind: SpanKind | 'output';
  /** The span's name (the task's for an await), or the output's text. */
  name: string;
  detail: string | undefined;
  start: number;
  end: number | null;
  state: SpanState | null;
}

/** The spans and output of a run as rows, lane by lane and in time order within a lane: at
 * most `limit` of them, and how many there are. */
export function tableRows(model: RunModel, limit: number): { rows: Row[]; total: number } {
  const rows: Row[] = [];
  let total = 0;
  for (const lane of model.lanes) {
    const items = [...lane.main, ...lane.sub];
    total += items.length + lane.events.length;
    if (rows.length >= limit) continue;
    const laneRows: Row[] = [
      ...items.map((item) => ({
        lane,
        kind: item.kind,
        name: item.name,
        detail: item.detail,
        start: item.start,
        end: item.open ? null : item.end,
        state: item.state,
      })),
      ...lane.events.map((event) => ({
        lane,
        kind: 'output' as const,
        name: event.text,
        detail: undefined,
        start: event.t,
        end: null,
        state: null,
      })),
    ];
    // Stable: a task's life comes before what happens in it.
    laneRows.sort((a, b) => a.start - b.start);
    rows.push(...laneRows.slice(0, limit - rows.length));
  }
  return { rows, total };
}
