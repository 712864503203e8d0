// 事件循环, as the lesson wrote it: Python 3.11 no longer accepts bare coroutines in wait().
import * as asyncio from 'asyncio';

async function work1(): Promise<void> {
  for (let i = 0; i < 5; i++) {
    print('我是异步任务1');
    await asyncio.sleep(1);
  }
}

async function work2(): Promise<void> {
  for (let i = 0; i < 5; i++) {
    print('我是异步任务2');
    await asyncio.sleep(1);
  }
}

const tasks = [work1(), work2()];
const loop = asyncio.getEventLoop();
// @ts-expect-error -- Python 3.11 rejects bare coroutines here, and so do the types.
loop.runUntilComplete(asyncio.wait(tasks));
