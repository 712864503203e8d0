// fails: warnings
// Five "asynchronous" jobs that are supposed to wait one second each.
import * as asyncio from 'asyncio';
import * as time from 'time';

async function fun(): Promise<void> {
  asyncio.sleep(1);
  print('我是async任务...');
}

const start = time.time();

for (let i = 0; i < 5; i++) {
  asyncio.run(fun());
}

print(`异步所花费的时间: ${(time.time() - start).toFixed(6)} s`);
