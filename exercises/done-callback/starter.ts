// 绑定回调: a callback that runs when the task is done.
import * as asyncio from 'asyncio';
import * as functools from 'functools';

async function doWork(x: number): Promise<string> {
  print('waiting:', x);
  await asyncio.sleep(x);
  return `Done after ${x} s`;
}

// TODO: write callback(name, future): it prints `callback <name>: <the future's result>`.

const loop = asyncio.getEventLoop();
const task = loop.createTask(doWork(3));
// TODO: build the callback with functools.partial (name 'job-A') and attach it to the task.
loop.runUntilComplete(task);
