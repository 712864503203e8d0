// fails: output
// The example's 2.5 s is written in instead of the plan's timeout: other plans go wrong.
import * as asyncio from 'asyncio';
import * as requests from 'requests';
import * as time from 'time';

const plan: { durations: number[]; timeout: number } = requests.get('http://jobs.asynclab.test/plan.json').json();

async function doWork(x: number): Promise<string> {
  print('waiting:', x);
  await asyncio.sleep(x);
  return `Done after ${x}s`;
}

async function main(): Promise<void> {
  const tasks = plan.durations.map((x, i) => asyncio.createTask(doWork(x), { name: `MY_COROUTINE_${i + 1}` }));
  const [done, pending] = await asyncio.wait(tasks, { timeout: 2.5 });
  for (const task of done) print('task result:', task.result());
  for (const task of pending) {
    print('pending:', task.getName());
    task.cancel();
  }
}

const start = time.time();
asyncio.run(main());
print(`Time: ${(time.time() - start).toFixed(1)}`);
