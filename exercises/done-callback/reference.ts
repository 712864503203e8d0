// 绑定回调: functools.partial fixes the callback's first argument; the task comes last.
import * as asyncio from 'asyncio';
import * as functools from 'functools';

async function doWork(x: number): Promise<string> {
  print('waiting:', x);
  await asyncio.sleep(x);
  return `Done after ${x} s`;
}

function callback(name: string, future: asyncio.Task<string>): void {
  print(`callback ${name}:`, future.result());
}

const loop = asyncio.getEventLoop();
const task = loop.createTask(doWork(3));
task.addDoneCallback(functools.partial(callback, 'job-A'));
loop.runUntilComplete(task);
