// fails: timing
// Awaiting each job in turn keeps the order but adds the durations up.
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
  const results: string[] = [];
  for (const x of plan.durations) {
    results.push(await doWork(x));
  }
  print(JSON.stringify(results));
}

const start = time.time();
asyncio.run(main());
print(`Time: ${(time.time() - start).toFixed(1)}`);
