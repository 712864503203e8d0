// Python 3.6 style: one loop, five tasks, asyncio.wait for all of them.
import * as asyncio from 'asyncio';
import * as time from 'time';

const fun = async (): Promise<void> => {
  await asyncio.sleep(1);
  print('我是async任务...');
};

const now = (): number => time.time();
const start = now();

const loop = asyncio.getEventLoop();
const tasks = Array.from({ length: 5 }, () => loop.createTask(fun()));
loop.runUntilComplete(asyncio.wait(tasks));

print(`异步所花费的时间: ${(now() - start).toFixed(6)} s`);
