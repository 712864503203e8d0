// Start five tasks first, then await them one by one: their sleeps overlap.
import * as asyncio from 'asyncio';
import * as time from 'time';

async function fun(): Promise<void> {
  await asyncio.sleep(1);
  print('我是async任务...');
}

async function main(): Promise<void> {
  const tasks: asyncio.Task<void>[] = [];
  for (let i = 0; i < 5; i++) {
    tasks.push(asyncio.createTask(fun()));
  }
  for (const task of tasks) {
    await task;
  }
}

const start = time.time();
asyncio.run(main());
print(`异步所花费的时间: ${(time.time() - start).toFixed(6)} s`);
