// 协程与线程和进程的交叉使用: run a blocking function from a coroutine, three ways at once.
import * as asyncio from 'asyncio';
import * as time from 'time';
import { ProcessPoolExecutor, ThreadPoolExecutor } from 'concurrent.futures';

function func1(): string {
  time.sleep(2);
  return '这是一个任务的返回值...';
}

async function main(): Promise<void> {
  const loop = asyncio.getRunningLoop();
  // TODO: run func1 on the default executor (null), on a ThreadPoolExecutor and on a
  // ProcessPoolExecutor, all three at the same time; then print
  //   default: <result>
  //   thread: <result>
  //   process: <result>
}

asyncio.run(main());
