// 并发执行与同步执行, fixed: the two sleeps of each run overlap.
import * as asyncio from 'asyncio';
import * as time from 'time';

async function func(): Promise<void> {
  const first = asyncio.ensureFuture(asyncio.sleep(1));
  const second = asyncio.ensureFuture(asyncio.sleep(1));
  await first;
  await second;
}

const start = time.time();
for (let i = 0; i < 5; i++) asyncio.run(func());
print(`异步所花费的时间: ${(time.time() - start).toFixed(6)} s`);
