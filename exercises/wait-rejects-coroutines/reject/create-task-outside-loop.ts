// fails: output
// asyncio.createTask needs a running event loop; at the top level there is none yet.
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

const tasks = [asyncio.createTask(work1()), asyncio.createTask(work2())];
asyncio.getEventLoop().runUntilComplete(asyncio.wait(tasks));
