// 事件循环: two coroutines, each printing and sleeping one second, five rounds.
import * as asyncio from 'asyncio';

// 异步任务1
async function work1(): Promise<void> {
  for (let i = 0; i < 5; i++) {
    print('我是异步任务1');
    await asyncio.sleep(1);
  }
}

// 异步任务2
async function work2(): Promise<void> {
  for (let i = 0; i < 5; i++) {
    print('我是异步任务2');
    await asyncio.sleep(1);
  }
}

const loop = asyncio.getEventLoop();
loop.runUntilComplete(asyncio.wait([asyncio.ensureFuture(work1()), asyncio.ensureFuture(work2())]));
