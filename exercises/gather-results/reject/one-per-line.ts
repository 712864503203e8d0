// fails: output
// The results are right, but printed one per line instead of as one JSON list.
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
  const results = await asyncio.gather(...plan.durations.map(doWork));
  for (const result of results) print(result);
}

const start = time.time();
asyncio.run(main());
print(`Time: ${(time.time() - start).toFixed(1)}`);
