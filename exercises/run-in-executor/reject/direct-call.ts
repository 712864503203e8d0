// fails: warnings
// Wrapping func1() in an async function does not make it concurrent: each call blocks the event loop for 2 s (6 s in all).
import * as asyncio from 'asyncio';
import * as time from 'time';
import { ProcessPoolExecutor, ThreadPoolExecutor } from 'concurrent.futures';

function func1(): string {
  time.sleep(2);
  return '这是一个任务的返回值...';
}

async function runFunc1(executor: ThreadPoolExecutor | ProcessPoolExecutor | null): Promise<string> {
  return func1();
}

async function main(): Promise<void> {
  const loop = asyncio.getRunningLoop();
  const [byDefault, byThread, byProcess] = await asyncio.gather(
    runFunc1(null),
    runFunc1(new ThreadPoolExecutor()),
    runFunc1(new ProcessPoolExecutor()),
  );
  print('default:', byDefault);
  print('thread:', byThread);
  print('process:', byProcess);
}

asyncio.run(main());
