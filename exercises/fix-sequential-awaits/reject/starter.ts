// fails: output
// The starter as is: each future is awaited as soon as it is created, 2 s per run, 10 s in all.
import * as asyncio from 'asyncio';
import * as time from 'time';

async function func(): Promise<void> {
  await asyncio.ensureFuture(asyncio.sleep(1));
  await asyncio.ensureFuture(asyncio.sleep(1));
}

const start = time.time();
for (let i = 0; i < 5; i++) asyncio.run(func());
print(`异步所花费的时间: ${(time.time() - start).toFixed(6)} s`);
