// gather accepts coroutines and wraps them in tasks itself.
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

const loop = asyncio.getEventLoop();
loop.runUntilComplete(asyncio.gather(work1(), work2()));
