// Python 3.7+: asyncio.run runs main, which creates the tasks on the running loop.
import * as asyncio from 'asyncio';

async function work(n: number): Promise<void> {
  for (let i = 0; i < 5; i++) {
    print(`我是异步任务${n}`);
    await asyncio.sleep(1);
  }
}

async function main(): Promise<void> {
  const tasks = [1, 2].map((n) => asyncio.createTask(work(n)));
  await asyncio.wait(tasks);
}

asyncio.run(main());
