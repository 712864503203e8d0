// 并发执行与同步执行: each run awaits its two futures one after the other.
import * as asyncio from 'asyncio';
import * as time from 'time';

async function func(): Promise<void> {
  await asyncio.ensureFuture(asyncio.sleep(1));
  await asyncio.ensureFuture(asyncio.sleep(1));
}

const start = time.time();
for (let i = 0; i < 5; i++) asyncio.run(func());
print(`异步所花费的时间: ${(time.time() - start).toFixed(6)} s`);
