// fails: output
// MY_COROUTINE_<duration> only looks right while the durations happen to be 1, 2, 3.
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
  const tasks = plan.durations.map((x) => asyncio.createTask(doWork(x), { name: `MY_COROUTINE_${x}` }));
  const [done, pending] = await asyncio.wait(tasks, { timeout: plan.timeout });
  for (const task of done) print('task result:', task.result());
  for (const task of pending) {
    print('pending:', task.getName());
    task.cancel();
  }
}

const start = time.time();
asyncio.run(main());
print(`Time: ${(time.time() - start).toFixed(1)}`);
