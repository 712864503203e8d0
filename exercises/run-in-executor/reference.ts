// 协程与线程和进程的交叉使用: a blocking function run three ways, concurrently.
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
  const [byDefault, byThread, byProcess] = await asyncio.gather(
    loop.runInExecutor(null, func1),
    loop.runInExecutor(threads, func1),
    loop.runInExecutor(processes, func1),
  );
  print('default:', byDefault);
  print('thread:', byThread);
  print('process:', byProcess);
}

asyncio.run(main());
