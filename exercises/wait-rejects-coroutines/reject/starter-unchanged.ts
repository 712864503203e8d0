// fails: output
// Two jobs on one event loop, written the way older Pythons allowed.
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

// Put both jobs in a list...
const tasks = [work1(), work2()];

// ...get an event loop...
const loop = asyncio.getEventLoop();

// ...and run them until both are done.
loop.runUntilComplete(asyncio.wait(tasks));
