// ensureFuture wraps each coroutine in a task on the current loop.
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

const tasks = [asyncio.ensureFuture(work1()), asyncio.ensureFuture(work2())];
asyncio.getEventLoop().runUntilComplete(asyncio.wait(tasks));
