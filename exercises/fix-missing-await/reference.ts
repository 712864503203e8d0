// Each job awaits its sleep, and one event loop runs all five at once.
import * as asyncio from 'asyncio';
import * as time from 'time';

async function fun(): Promise<void> {
  await asyncio.sleep(1);
  print('我是async任务...');
}

async function main(): Promise<void> {
  const jobs: Promise<void>[] = [];
  for (let i = 0; i < 5; i++) jobs.push(fun());
  await asyncio.gather(...jobs);
}

const start = time.time();

asyncio.run(main());

print(`异步所花费的时间: ${(time.time() - start).toFixed(6)} s`);
