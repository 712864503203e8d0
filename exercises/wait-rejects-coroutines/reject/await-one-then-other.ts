// fails: timing
// No more error, but work2 starts only when work1 has finished: 10 s instead of 5 s.
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

async function main(): Promise<void> {
  await work1();
  await work2();
}

asyncio.run(main());
