// 协程嵌套: a coroutine that awaits another coroutine, twice.
import * as asyncio from 'asyncio';

async function others(): Promise<string> {
  print('start');
  await asyncio.sleep(2);
  print('end');
  return '返回值';
}

async function func(): Promise<void> {
  print('执行协程函数内部代码');
  // Awaiting a coroutine runs it; func is suspended until it returns its value.
  const response1 = await others();
  print('response_1的IO操作结果为:', response1);

  const response2 = await others();
  print('response_2的IO操作结果为:', response2);
}

const loop = asyncio.getEventLoop();
loop.runUntilComplete(func());
