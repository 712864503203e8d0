// 协程与线程和进程的交叉使用, as the lesson wrote it: each way awaited before the next.
import * as asyncio from 'asyncio';
import * as time from 'time';
import { ProcessPoolExecutor, ThreadPoolExecutor } from 'concurrent.futures';

function func1(): string {
  time.sleep(2);
  return '这是一个任务的返回值...';
}

async function main(): Promise<void> {
  const loop = asyncio.getRunningLoop();
  print('当前方式会自动创建一个线程池去执行普通函数: ', await loop.runInExecutor(null, func1));
  {
    using pool = new ThreadPoolExecutor();
    print('在线程池中得到的执行结果: ', await loop.runInExecutor(pool, func1));
  }
  {
    using pool = new ProcessPoolExecutor();
    print('在进程池中得到的执行结果: ', await loop.runInExecutor(pool, func1));
  }
}

asyncio.run(main());
