// Report each task the moment it finishes (FIRST_COMPLETED), until the deadline passes.
import * as asyncio from 'asyncio';
import * as requests from 'requests';
import * as time from 'time';

const plan = requests.get('http://jobs.asynclab.test/plan.json').json() as { durations: number[]; timeout: number };

async function doWork(x: number): Promise<string> {
  print('waiting:', x);
  await asyncio.sleep(x);
  return `Done after ${x}s`;
}

async function main(): Promise<void> {
  const loop = asyncio.getRunningLoop();
  const deadline = loop.time() + plan.timeout;
  let pending = new Set(plan.durations.map((x, i) => asyncio.createTask(doWork(x), { name: `MY_COROUTINE_${i + 1}` })));
  const finished: asyncio.Task<string>[] = [];
  while (pending.size > 0 && loop.time() < deadline) {
    const [done, rest] = await asyncio.wait(pending, {
      timeout: deadline - loop.time(),
      returnWhen: asyncio.FIRST_COMPLETED,
    });
    finished.push(...done);
    pending = rest;
  }
  for (const task of finished) print('task result:', task.result());
  for (const task of pending) {
    print('pending:', task.getName());
    task.cancel();
  }
}

const start = time.perfCounter();
asyncio.run(main());
print('Time:', (time.perfCounter() - start).toFixed(1));
