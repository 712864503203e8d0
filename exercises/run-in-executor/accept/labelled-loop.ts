// The executors in a labelled list; asyncio.wait for all of them, then results read in list order.
import * as asyncio from 'asyncio';
import * as time from 'time';
import * as concurrent from 'concurrent.futures';

function func1(): string {
  time.sleep(2);
  return '这是一个任务的返回值...';
}

async function main(): Promise<void> {
  const loop = asyncio.getRunningLoop();
  const executors: [string, concurrent.Executor | null][] = [
    ['default', null],
    ['thread', new concurrent.ThreadPoolExecutor()],
    ['process', new concurrent.ProcessPoolExecutor()],
  ];
  const futures = executors.map(([, executor]) => loop.runInExecutor(executor, func1));
  await asyncio.wait(futures);
  executors.forEach(([label], i) => print(`${label}:`, futures[i]!.result()));
  for (const [, executor] of executors) executor?.shutdown();
}

const loop = asyncio.getEventLoop();
loop.runUntilComplete(main());
