// asyncio.wait takes tasks: wrap each coroutine in one before passing the list.
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

const tasks = [loop.createTask(work1()), loop.createTask(work2())];

loop.runUntilComplete(asyncio.wait(tasks));
