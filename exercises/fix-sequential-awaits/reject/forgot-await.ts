// fails: output
// Creates the futures but never awaits them: each run ends at once and its sleeps are cancelled (0 s).
import * as asyncio from 'asyncio';
import * as time from 'time';

async function func(): Promise<void> {
  asyncio.ensureFuture(asyncio.sleep(1));
  asyncio.ensureFuture(asyncio.sleep(1));
}

const start = time.time();
for (let i = 0; i < 5; i++) asyncio.run(func());
print(`异步所花费的时间: ${(time.time() - start).toFixed(6)} s`);
