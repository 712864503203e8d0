// Both tasks created first, then awaited together with gather.
import * as asyncio from 'asyncio';

async function others(seconds: number, name: string): Promise<string> {
  print(`start ${name}`);
  await asyncio.sleep(seconds);
  print(`end ${name}`);
  return `返回值${name}`;
}

async function func(): Promise<void> {
  print('执行协程函数内部代码');
  const tasks = [asyncio.createTask(others(3, 'task_1')), asyncio.createTask(others(2, 'task_2'))];
  const [first, second] = await asyncio.gather(...tasks);
  print(`task_1的IO操作结果为: ${first}`);
  print(`task_2的IO操作结果为: ${second}`);
}

asyncio.run(func());
