// 阻塞与await: the main coroutine awaits a task; the program measures how long asyncio.run takes.
import * as asyncio from 'asyncio';
import * as time from 'time';

async function doWork(x: number): Promise<string> {
  print('waiting:', x);
  await asyncio.sleep(x);
  return `Done after ${x} s`;
}

async function main(): Promise<void> {
  const task = asyncio.createTask(doWork(3));
  print('task result:', await task);
}

const start = time.time();
asyncio.run(main());
print('Time:', time.time() - start);
