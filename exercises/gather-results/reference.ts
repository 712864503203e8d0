// 协程并发 with gather: one list of results, in the order the jobs were passed.
import * as asyncio from 'asyncio';
import * as requests from 'requests';
import * as time from 'time';

// The job server's plan: how long each job takes.
const plan: { durations: number[] } = requests.get('http://jobs.asynclab.test/plan.json').json();

async function doWork(x: number): Promise<string> {
  print('waiting:', x);
  await asyncio.sleep(x); // stands for an I/O operation
  return `Done after ${x}s`;
}

async function main(): Promise<void> {
  const results = await asyncio.gather(...plan.durations.map((x) => doWork(x)));
  print(JSON.stringify(results));
}

const start = time.time();
asyncio.run(main());
print(`Time: ${(time.time() - start).toFixed(1)}`);
