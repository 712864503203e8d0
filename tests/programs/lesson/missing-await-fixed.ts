// 异步IO, fixed: each job awaits its sleep, and the five jobs run concurrently.
import * as asyncio from 'asyncio';
import * as time from 'time';

async function fun(): Promise<void> {
  await asyncio.sleep(1);
  print('我是async任务...');
}

async function main(): Promise<void> {
  await asyncio.gather(fun(), fun(), fun(), fun(), fun());
}

const start = time.time();
asyncio.run(main());
print(`异步所花费的时间: ${(time.time() - start).toFixed(6)} s`);
