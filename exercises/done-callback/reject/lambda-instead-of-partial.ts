// fails: style
// Right output, but the name is bound with an arrow function instead of functools.partial.
import * as asyncio from 'asyncio';

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
task.addDoneCallback((future) => callback('job-A', future));
loop.runUntilComplete(task);
