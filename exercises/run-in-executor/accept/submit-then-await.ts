// All three futures are created first and awaited one by one afterwards; pools shut down by hand.
import * as asyncio from 'asyncio';
import * as time from 'time';
import { ProcessPoolExecutor, ThreadPoolExecutor } from 'concurrent.futures';

function func1(): string {
  time.sleep(2);
  return '这是一个任务的返回值...';
}

async function main(): Promise<void> {
  const loop = asyncio.getRunningLoop();
  const threadPool = new ThreadPoolExecutor({ maxWorkers: 2 });
  const processPool = new ProcessPoolExecutor({ maxWorkers: 2 });
  try {
    const viaDefault = loop.runInExecutor(null, func1);
    const viaThread = loop.runInExecutor(threadPool, func1);
    const viaProcess = loop.runInExecutor(processPool, func1);
    const first = await viaDefault;
    const second = await viaThread;
    const third = await viaProcess;
    print(`default: ${first}`);
    print(`thread: ${second}`);
    print(`process: ${third}`);
  } finally {
    threadPool.shutdown();
    processPool.shutdown();
  }
}

asyncio.run(main());
