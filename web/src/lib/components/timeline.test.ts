import { describe, expect, test } from 'vitest';
import type { RunResult } from '../api.ts';
import {
  buildRun,
  clusterEvents,
  executorThread,
  fitText,
  formatSeconds,
  GEOMETRY,
  layoutRun,
  mergeBars,
  niceStep,
  packRows,
  sharedEnd,
  tableRows,
  timeAxis,
  xOf,
  type Bar,
  type OutputEvent,
  type Scale,
  type Span,
} from './timeline.ts';

function run(timeline: Span[], events: Partial<OutputEvent>[] = [], elapsed?: number): RunResult {
  return {
    status: 'ok',
    elapsed: elapsed ?? timeline.reduce((max, span) => Math.max(max, span.end ?? 0), 0),
    events: events.map((event) => ({ t: 0, text: '', stream: 'stdout', task: null, thread: 'main', ...event })),
    warnings: [],
    timeline,
    files: {},
    stats: { callbacks: 0, tasks: timeline.filter((span) => span.kind === 'task').length },
  };
}

const span = (
  kind: Span['kind'],
  name: string,
  start: number,
  end: number | null,
  extra: Partial<Span> = {},
): Span => ({
  kind,
  name,
  start,
  end,
  state: end === null ? 'pending' : 'done',
  ...extra,
});

/** tests/programs/lesson/create-task-order.ts */
const createTaskOrder = run(
  [
    span('task', 'Task-1', 0, 3),
    span('task', 'Task-2', 0, 3),
    span('task', 'Task-3', 0, 2),
    span('await', 'Task-1', 0, 3, { detail: "Task 'Task-2'" }),
    span('await', 'Task-2', 0, 3, { detail: 'sleep(3)' }),
    span('await', 'Task-3', 0, 2, { detail: 'sleep(2)' }),
  ],
  [
    { t: 0, text: 'start task_1', task: 'Task-2' },
    { t: 2, text: 'end task_2', task: 'Task-3' },
    { t: 3, text: 'callback', task: null },
  ],
);

/** The same with its awaits one after another: 5 s. */
const sequential = run([
  span('task', 'Task-1', 0, 5),
  span('task', 'Task-2', 0, 3),
  span('await', 'Task-1', 0, 3, { detail: "Task 'Task-2'" }),
  span('await', 'Task-2', 0, 3, { detail: 'sleep(3)' }),
  span('task', 'Task-3', 3, 5),
  span('await', 'Task-1', 3, 5, { detail: "Task 'Task-3'" }),
  span('await', 'Task-3', 3, 5, { detail: 'sleep(2)' }),
]);

describe('lanes', () => {
  test('the event loop first, then one lane per task in the order they appear', () => {
    const model = buildRun(createTaskOrder);
    expect(model.lanes.map((lane) => [lane.kind, lane.label])).toEqual([
      ['loop', ''],
      ['task', 'Task-1'],
      ['task', 'Task-2'],
      ['task', 'Task-3'],
    ]);
    expect(model.tasks).toBe(3);
    expect(model.end).toBe(3);
  });

  test('awaits land in their task’s lane, under its life', () => {
    const model = buildRun(sequential);
    const task1 = model.lanes.find((lane) => lane.label === 'Task-1')!;
    expect(task1.main.map((item) => [item.kind, item.detail, item.start, item.end])).toEqual([
      ['task', undefined, 0, 5],
      ['await', "Task 'Task-2'", 0, 3],
      ['await', "Task 'Task-3'", 3, 5],
    ]);
    const task3 = model.lanes.find((lane) => lane.label === 'Task-3')!;
    expect(task3.main.map((item) => item.detail ?? item.kind)).toEqual(['task', 'sleep(2)']);
  });

  test('output goes to the lane of the task that printed it, else the loop or its worker thread', () => {
    const model = buildRun({
      ...createTaskOrder,
      events: [...createTaskOrder.events, { t: 1, text: 'w', stream: 'stdout', task: null, thread: 'asyncio_0' }],
    });
    const texts = Object.fromEntries(model.lanes.map((lane) => [lane.key, lane.events.map((e) => e.text)]));
    expect(texts).toEqual({
      loop: ['callback'],
      'task:0': [],
      'task:1': ['start task_1'],
      'task:2': ['end task_2'],
      'thread:asyncio_0': ['w'],
    });
  });

  test('tasks of the same name get a lane each, and an await the one alive at its time', () => {
    const model = buildRun(
      run([
        span('task', 'worker', 0, 1),
        span('await', 'worker', 0, 1, { detail: 'sleep(1)' }),
        span('task', 'worker', 2, 3),
        span('await', 'worker', 2, 3, { detail: 'sleep(1)' }),
      ]),
    );
    const tasks = model.lanes.filter((lane) => lane.kind === 'task');
    expect(tasks.map((lane) => [lane.label, lane.main.length])).toEqual([
      ['worker', 2],
      ['worker (2)', 2],
    ]);
    expect(tasks[1]!.main[1]!.start).toBe(2);
  });

  test('executor jobs get a lane per worker thread; blocking calls and timers go to the loop', () => {
    const model = buildRun(
      run([
        span('task', 'Task-1', 0, 2),
        span('blocking', 'time.sleep', 0, 0.5),
        span('timer', 'ring()', 0, 1),
        span('executor', 'ThreadPoolExecutor-0_0: func()', 0.5, 1.5),
        span('executor', 'ThreadPoolExecutor-0_1: func()', 0.5, 2),
        span('executor', 'ThreadPoolExecutor-0_0: func()', 1.5, 2),
      ]),
    );
    expect(model.lanes.map((lane) => [lane.key, lane.main.length, lane.sub.length])).toEqual([
      ['loop', 1, 1],
      ['task:0', 1, 0],
      ['thread:ThreadPoolExecutor-0_0', 2, 0],
      ['thread:ThreadPoolExecutor-0_1', 1, 0],
    ]);
    expect(model.threads).toBe(2);
    expect(executorThread('asyncio_0: get()')).toBe('asyncio_0');
  });

  test('a request goes to the task or thread that made it, or the blocking call it ran in', () => {
    const model = buildRun(
      run([
        span('task', 'Task-1', 0, 3),
        span('task', 'Task-2', 0, 2),
        span('task', 'Task-3', 0, 2),
        // Two tasks wait alike; both requests are Task-3's (a guess would give one to each).
        span('await', 'Task-2', 0, 2, { detail: 'sleep(2)' }),
        span('await', 'Task-3', 0, 2, { detail: 'a Future awaited in _request()' }),
        span('network', 'GET http://a/', 0, 2, { task: 'Task-3', thread: 'main' }),
        span('network', 'GET http://b/', 0, 2, { task: 'Task-3', thread: 'main' }),
        span('executor', 'asyncio_0: get()', 0, 1.5),
        span('network', 'GET http://c/', 0.5, 1.5, { task: null, thread: 'asyncio_0' }),
        span('blocking', 'requests.get', 2, 2.5),
        span('network', 'GET http://d/', 2, 2.5, { task: 'Task-1', thread: 'main' }),
        // Made outside any task, on the loop's thread.
        span('database', 'SELECT 1', 3, 3.5, { task: null, thread: 'main' }),
      ]),
    );
    const requests = Object.fromEntries(model.lanes.map((lane) => [lane.key, lane.sub.map((item) => item.name)]));
    expect(requests).toEqual({
      loop: ['GET http://d/', 'SELECT 1'],
      'task:0': [],
      'task:1': [],
      'task:2': ['GET http://a/', 'GET http://b/'],
      'thread:asyncio_0': ['GET http://c/'],
    });
  });

  test('a request of a run that does not say who made it goes to what best explains it', () => {
    const model = buildRun(
      run([
        span('task', 'Task-1', 0, 2),
        span('task', 'Task-2', 0, 1),
        span('task', 'Task-3', 0, 2),
        // Task-1 gathers; Task-2 and Task-3 each wait for their own request.
        span('await', 'Task-1', 0, 2, { detail: 'gather(...)' }),
        span('await', 'Task-2', 0, 1, { detail: 'a Future awaited in _request()' }),
        span('await', 'Task-3', 0, 2, { detail: 'a Future awaited in _request()' }),
        span('network', 'GET http://a/', 0, 1),
        span('network', 'GET http://b/', 0, 2, { state: 'error' }),
        // A worker thread's request (the awaiting Task-3 contains it as well).
        span('executor', 'asyncio_0: get()', 0, 1.5),
        span('network', 'GET http://c/', 0.5, 1.5),
        // A blocking requests.get on the loop, and one after every task ended.
        span('blocking', 'requests.get', 2, 2.5),
        span('network', 'GET http://d/', 2, 2.5),
        span('database', 'SELECT 1', 3, 3.5),
      ]),
    );
    const requests = Object.fromEntries(model.lanes.map((lane) => [lane.key, lane.sub.map((item) => item.name)]));
    expect(requests).toEqual({
      loop: ['GET http://d/'],
      'task:0': [],
      'task:1': ['GET http://a/'],
      'task:2': ['GET http://b/'],
      'thread:asyncio_0': ['GET http://c/'],
      io: ['SELECT 1'],
    });
    expect(model.requests).toBe(5);
  });

  test('pending spans run to the end of the run, open', () => {
    const model = buildRun(
      run(
        [
          span('task', 'Task-1', 0, null),
          span('await', 'Task-1', 0, null, { detail: 'a Future' }),
          span('timer', 'late()', 0, 9, { state: 'pending' }),
        ],
        [],
        5,
      ),
    );
    expect(model.end).toBe(5);
    const items = model.lanes.flatMap((lane) => [...lane.main, ...lane.sub]);
    expect(items.map((item) => [item.kind, item.end, item.open])).toEqual([
      ['timer', 5, true],
      ['task', 5, true],
      ['await', 5, true],
    ]);
  });

  test('the sandbox’s cap on await and timer spans is noticed', () => {
    const awaits = Array.from({ length: 2000 }, (_, i) => span('await', 'Task-1', i / 1000, (i + 1) / 1000));
    expect(buildRun(run([span('task', 'Task-1', 0, 3), ...awaits])).detailTruncated).toBe(true);
    expect(buildRun(createTaskOrder).detailTruncated).toBe(false);
  });
});

describe('scale and axis', () => {
  test('every run shares the scale of the longest', () => {
    expect(sharedEnd([createTaskOrder, sequential])).toBe(5);
    const axis = timeAxis(sharedEnd([createTaskOrder, sequential]), 720);
    expect(axis.max).toBe(5);
    const scale: Scale = { max: axis.max, x0: 100, x1: 600 };
    // 3 s is at the same x in both runs' drawings.
    const end = (result: RunResult): number => layoutRun(buildRun(result), scale).endX;
    expect(end(createTaskOrder)).toBe(400);
    expect(end(sequential)).toBe(600);
  });

  test('ticks are 1, 2 or 5 times a power of ten, and the axis ends on one', () => {
    expect([0.7, 1, 1.5, 3, 7, 0.013, 40].map(niceStep)).toEqual([1, 1, 2, 5, 10, 0.02, 50]);
    expect(timeAxis(1.462, 720)).toEqual({
      max: 1.6,
      step: 0.2,
      decimals: 1,
      ticks: [0, 0.2, 0.4, 0.6, 0.8, 1, 1.2, 1.4, 1.6],
    });
    const narrow = timeAxis(10, 300);
    expect(narrow.ticks).toEqual([0, 5, 10]);
    // An hour (the virtual-time limit) on 720 px: 500 s apart.
    expect(timeAxis(3600, 720)).toMatchObject({ step: 500, max: 4000, decimals: 0 });
  });

  test('a run of 0 s still has an axis', () => {
    const zero = run([span('task', 'Task-1', 0, 0)], [{ t: 0, text: 'hi', task: 'Task-1' }], 0);
    const axis = timeAxis(sharedEnd([zero]), 500);
    expect(axis.max).toBe(1);
    expect(axis.ticks[0]).toBe(0);
    const layout = layoutRun(buildRun(zero), { max: axis.max, x0: 80, x1: 580 });
    const task = layout.lanes[1]!;
    expect(task.bars[0]!.w).toBe(GEOMETRY.minBar);
    expect(task.markers).toHaveLength(1);
    expect(layout.endX).toBe(80);
  });

  test('times are clamped to the axis and printed with the decimals they have', () => {
    const scale: Scale = { max: 2, x0: 10, x1: 210 };
    expect([xOf(scale, -1), xOf(scale, 1), xOf(scale, 5)]).toEqual([10, 110, 210]);
    expect([formatSeconds(3), formatSeconds(1.462), formatSeconds(0.0005), formatSeconds(2, 1)]).toEqual([
      '3 s',
      '1.462 s',
      '0.0005 s',
      '2.0 s',
    ]);
  });
});

describe('pixels', () => {
  const scale: Scale = { max: 5, x0: 100, x1: 600 };

  test('lanes stack without overlapping, requests and timers in rows below the main bar', () => {
    const layout = layoutRun(
      buildRun(
        run([
          span('task', 'Task-1', 0, 5),
          span('timer', 'a()', 0, 2),
          span('timer', 'b()', 1, 3),
          span('timer', 'c()', 2.5, 4),
        ]),
      ),
      scale,
    );
    const [loop, task] = layout.lanes;
    expect(loop!.height).toBe(GEOMETRY.mainRow + 2 * GEOMETRY.subRow + GEOMETRY.lanePad);
    expect(task!.y).toBe(loop!.y + loop!.height);
    // a() and c() share the first row, b() overlaps a() and goes below.
    const rows = loop!.bars.map((b) => [b.item.name, b.y]);
    expect(rows[0]![1]).toBe(rows[1]![1]);
    expect(rows.map((r) => r[0])).toEqual(['a()', 'c()', 'b()']);
    expect(layout.axisY).toBe(task!.y + task!.height);
  });

  test('rows are packed first-fit, and capped', () => {
    const bars = [0, 10, 20, 30, 40].map((x) => ({ x, w: 100, x2: x + 100 }) as Bar);
    expect(packRows(bars, 4)).toEqual([0, 1, 2, 3, 3]);
    // Requests one after another share a row.
    const touching = [0, 10, 20].map((x) => ({ x, w: 10, x2: x + 10 }) as Bar);
    expect(packRows(touching, 4)).toEqual([0, 0, 0]);
  });

  test('thousands of sub-pixel awaits become a few shapes', () => {
    const awaits = Array.from({ length: 2000 }, (_, i) =>
      span('await', 'Task-1', i * 0.0025, (i + 1) * 0.0025, { detail: 'sleep(0.0025)' }),
    );
    const layout = layoutRun(buildRun(run([span('task', 'Task-1', 0, 5), ...awaits])), scale);
    const bars = layout.lanes[1]!.bars.filter((b) => b.kind === 'await');
    expect(bars.length).toBeLessThan(250);
    expect(bars.reduce((n, b) => n + b.count, 0)).toBe(2000);
    expect(bars.at(-1)!.end).toBe(5);
  });

  test('a thousand requests at once stay a handful of shapes', () => {
    const requests = Array.from({ length: 1000 }, (_, i) =>
      span('network', `GET http://x/${i}`, i * 0.001, i * 0.001 + 1),
    );
    const layout = layoutRun(buildRun(run(requests)), scale);
    const io = layout.lanes.at(-1)!;
    expect(io.kind).toBe('io');
    expect(io.bars.length).toBeLessThan(10);
    expect(io.bars.reduce((n, bar) => n + bar.count, 0)).toBe(1000);
    expect(io.height).toBe(GEOMETRY.mainRow + GEOMETRY.maxSubRows * GEOMETRY.subRow + GEOMETRY.lanePad);
  });

  test('merging keeps wide bars apart and the worst state', () => {
    const b = (x: number, w: number, state: Span['state'] = 'done'): Bar => ({
      kind: 'await',
      x,
      w,
      x2: x + w,
      y: 0,
      h: 1,
      item: { kind: 'await', name: '', detail: undefined, start: 0, end: 0, state, open: false },
      count: 1,
      end: 0,
      state,
      open: false,
    });
    const merged = mergeBars([b(0, 1), b(1, 1, 'cancelled'), b(50, 20), b(70, 20)]);
    expect(merged.map((m) => [m.x, m.count, m.state])).toEqual([
      [0, 2, 'cancelled'],
      [50, 1, 'done'],
      [70, 1, 'done'],
    ]);
  });

  test('only the first tasks are drawn when there are many', () => {
    const tasks = Array.from({ length: 100 }, (_, i) => span('task', `Task-${i + 1}`, 0, 1));
    const layout = layoutRun(buildRun(run([...tasks, span('executor', 'asyncio_0: f()', 0, 1)])), scale, 30);
    expect(layout.lanes.filter((lane) => lane.kind === 'task')).toHaveLength(30);
    expect(layout.hiddenTasks).toBe(70);
    // The worker thread is still drawn.
    expect(layout.lanes.at(-1)!.kind).toBe('thread');
    // A few over the cap are drawn rather than hidden.
    const few = layoutRun(buildRun(run(tasks.slice(0, 30 + GEOMETRY.taskSlack))), scale, 30);
    expect(few.hiddenTasks).toBe(0);
  });

  test('a task that began and ended at once gets a thin lane', () => {
    const layout = layoutRun(buildRun(run([span('task', 'Task-1', 0, 1), span('task', 'Task-2', 1, 1)])), scale);
    expect(layout.lanes.map((lane) => [lane.instant, lane.height])).toEqual([
      [false, GEOMETRY.mainRow + GEOMETRY.lanePad],
      [false, GEOMETRY.mainRow + GEOMETRY.lanePad],
      [true, GEOMETRY.instantRow],
    ]);
  });

  test('output markers that fall on the same spot merge', () => {
    const events = [0, 0, 0.001, 2].map((t) => ({
      t,
      text: `at ${t}`,
      stream: 'stdout' as const,
      task: null,
      thread: 'main',
    }));
    const markers = clusterEvents(events, scale, 0);
    expect(markers.map((m) => [m.x, m.count])).toEqual([
      [100, 3],
      [300, 1],
    ]);
  });

  test('labels are cut to fit', () => {
    expect(fitText('sleep(1)', 200, 10)).toBe('sleep(1)');
    expect(fitText('a Future awaited in _request()', 60, 10)).toBe('a Future…');
    expect(fitText('sleep(1)', 8, 10)).toBe('');
  });
});

describe('text fallback', () => {
  test('rows go lane by lane, in time order, up to a limit', () => {
    const model = buildRun(createTaskOrder);
    const { rows, total } = tableRows(model, 100);
    expect(total).toBe(9);
    expect(rows.map((row) => [row.lane.key, row.kind, row.detail ?? row.name, row.start])).toEqual([
      ['loop', 'output', 'callback', 3],
      ['task:0', 'task', 'Task-1', 0],
      ['task:0', 'await', "Task 'Task-2'", 0],
      ['task:1', 'task', 'Task-2', 0],
      ['task:1', 'await', 'sleep(3)', 0],
      ['task:1', 'output', 'start task_1', 0],
      ['task:2', 'task', 'Task-3', 0],
      ['task:2', 'await', 'sleep(2)', 0],
      ['task:2', 'output', 'end task_2', 2],
    ]);
    expect(tableRows(model, 4)).toMatchObject({ total: 9, rows: { length: 4 } });
  });
});
