// Python 3.7+ style: createTask inside the coroutine asyncio.run runs.
import * as asyncio from 'asyncio';

async function others(time: number, name: string): Promise<string> {
  print('start', name);
  await asyncio.sleep(time);
  print('end', name);
  return '返回值' + name;
}

async function func(): Promise<void> {
  print('执行协程函数内部代码');
  const task1 = asyncio.createTask(others(3, 'task_1'));
  const task2 = asyncio.createTask(others(2, 'task_2'));
  print('task_1的IO操作结果为:', await task1);
  print('task_2的IO操作结果为:', await task2);
}

asyncio.run(func());
