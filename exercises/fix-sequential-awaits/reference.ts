// 并发执行与同步执行, fixed: both futures exist before either is awaited, so they overlap.
import * as asyncio from 'asyncio';
import * as time from 'time';

async function func(): Promise<void> {
  const task1 = asyncio.ensureFuture(asyncio.sleep(1));
  const task2 = asyncio.ensureFuture(asyncio.sleep(1));
  await task1;
  await task2;
}

const start = time.time();
for (let i = 0; i < 5; i++) asyncio.run(func());
print(`异步所花费的时间: ${(time.time() - start).toFixed(6)} s`);
