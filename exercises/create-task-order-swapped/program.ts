// The lesson's task-ordering program (section "task对象") with the two durations swapped.
import * as asyncio from 'asyncio';

async function others(time: number, name: string): Promise<string> {
  print(`start ${name}`);
  await asyncio.sleep(time);
  print(`end ${name}`);
  return `返回值${name}`;
}

async function func(): Promise<void> {
  print('执行协程函数内部代码');
  const task1 = asyncio.ensureFuture(others(2, 'task_1'));
  const task2 = asyncio.ensureFuture(others(3, 'task_2'));
  const response1 = await task1;
  print(`task_1的IO操作结果为: ${response1}`);
  const response2 = await task2;
  print(`task_2的IO操作结果为: ${response2}`);
}

asyncio.getEventLoop().runUntilComplete(func());
