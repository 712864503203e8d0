// fails: timing
// Awaiting the coroutines directly runs them one after the other: 5 s instead of 3 s.
import * as asyncio from 'asyncio';

async function others(seconds: number, name: string): Promise<string> {
  print(`start ${name}`);
  await asyncio.sleep(seconds);
  print(`end ${name}`);
  return `返回值${name}`;
}

async function func(): Promise<void> {
  print('执行协程函数内部代码');
  const response1 = await others(3, 'task_1');
  const response2 = await others(2, 'task_2');
  print(`task_1的IO操作结果为: ${response1}`);
  print(`task_2的IO操作结果为: ${response2}`);
}

asyncio.run(func());
