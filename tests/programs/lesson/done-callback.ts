// 绑定回调: a done callback receives the finished task.
import * as asyncio from 'asyncio';

async function doWork(x: number): Promise<string> {
  print('waiting:', x);
  await asyncio.sleep(x);
  return `Done after ${x} s`;
}

function callback(name: string, task: asyncio.Task<string>): void {
  print(`callback ${name}:`, task.result());
}

const loop = asyncio.getEventLoop();
const task = loop.createTask(doWork(3));
task.addDoneCallback((t: asyncio.Task<string>) => callback('job-A', t));
loop.runUntilComplete(task);
