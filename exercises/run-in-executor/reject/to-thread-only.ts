// fails: style
// Right output and time, but everything runs on the default executor via asyncio.toThread.
import * as asyncio from 'asyncio';
import * as time from 'time';

function func1(): string {
  time.sleep(2);
  return '这是一个任务的返回值...';
}

async function main(): Promise<void> {
  const results = await asyncio.gather(asyncio.toThread(func1), asyncio.toThread(func1), asyncio.toThread(func1));
  print('default:', results[0]);
  print('thread:', results[1]);
  print('process:', results[2]);
}

asyncio.run(main());
