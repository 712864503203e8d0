// fails: output
// Only the first job is handed to the loop; the second coroutine is created and never run.
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
const job2 = work2();
loop.runUntilComplete(asyncio.wait([loop.createTask(work1())]));
