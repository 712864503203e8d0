// fails: timing
// One event loop, but each job is awaited before the next one starts: 5 s.
import * as asyncio from 'asyncio';
import * as time from 'time';

async function fun(): Promise<void> {
  await asyncio.sleep(1);
  print('我是async任务...');
}

async function main(): Promise<void> {
  for (let i = 0; i < 5; i++) {
    await fun();
  }
}

const start = time.time();
asyncio.run(main());
print(`异步所花费的时间: ${(time.time() - start).toFixed(6)} s`);
