// fails: output
// Prints the futures instead of awaiting them: their results are not there yet.
import * as asyncio from 'asyncio';
import * as time from 'time';
import { ProcessPoolExecutor, ThreadPoolExecutor } from 'concurrent.futures';

function func1(): string {
  time.sleep(2);
  return '这是一个任务的返回值...';
}

async function main(): Promise<void> {
  const loop = asyncio.getRunningLoop();
  using threads = new ThreadPoolExecutor();
  using processes = new ProcessPoolExecutor();
  print('default:', loop.runInExecutor(null, func1));
  print('thread:', loop.runInExecutor(threads, func1));
  print('process:', loop.runInExecutor(processes, func1));
}

asyncio.run(main());
