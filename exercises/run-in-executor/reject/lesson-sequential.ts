// fails: timing
// The lesson's version: each way is awaited before the next one starts, 2 + 2 + 2 = 6 s.
import * as asyncio from 'asyncio';
import * as time from 'time';
import { ProcessPoolExecutor, ThreadPoolExecutor } from 'concurrent.futures';

function func1(): string {
  time.sleep(2);
  return '这是一个任务的返回值...';
}

async function main(): Promise<void> {
  const loop = asyncio.getRunningLoop();
  const byDefault = await loop.runInExecutor(null, func1);
  print('default:', byDefault);
  {
    using pool = new ThreadPoolExecutor();
    print('thread:', await loop.runInExecutor(pool, func1));
  }
  {
    using pool = new ProcessPoolExecutor();
    print('process:', await loop.runInExecutor(pool, func1));
  }
}

asyncio.run(main());
