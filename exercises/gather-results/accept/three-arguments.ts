// Exactly three jobs: pass them to gather one by one and destructure the results.
import * as asyncio from 'asyncio';
import * as requests from 'requests';
import * as time from 'time';

const plan = requests.get('http://jobs.asynclab.test/plan.json').json() as { durations: [number, number, number] };

async function doWork(x: number): Promise<string> {
  print('waiting:', x);
  await asyncio.sleep(x);
  return `Done after ${x}s`;
}

async function main(): Promise<void> {
  const [a, b, c] = plan.durations;
  const [first, second, third] = await asyncio.gather(doWork(a), doWork(b), doWork(c));
  print(JSON.stringify([first, second, third]));
}

const start = time.monotonic();
asyncio.run(main());
print('Time:', (time.monotonic() - start).toFixed(1));
