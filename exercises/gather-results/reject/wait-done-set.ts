// fails: output
// asyncio.wait's done set is in completion order, and it does not use gather at all.
import * as asyncio from 'asyncio';
import * as requests from 'requests';
import * as time from 'time';

const plan: { durations: number[] } = requests.get('http://jobs.asynclab.test/plan.json').json();

async function doWork(x: number): Promise<string> {
  print('waiting:', x);
  await asyncio.sleep(x);
  return `Done after ${x}s`;
}

async function main(): Promise<void> {
  const tasks = plan.durations.map((x) => asyncio.createTask(doWork(x)));
  const [done] = await asyncio.wait(tasks);
  print(JSON.stringify([...done].map((task) => task.result())));
}

const start = time.time();
asyncio.run(main());
print(`Time: ${(time.time() - start).toFixed(1)}`);
