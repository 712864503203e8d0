// fails: warnings
// The jobs run together, but the sleep is still not awaited: nothing waits at all.
import * as asyncio from 'asyncio';
import * as time from 'time';

async function fun(): Promise<void> {
  asyncio.sleep(1);
  print('我是async任务...');
}

async function main(): Promise<void> {
  await asyncio.gather(fun(), fun(), fun(), fun(), fun());
}

const start = time.time();
asyncio.run(main());
print(`异步所花费的时间: ${(time.time() - start).toFixed(6)} s`);
