// fails: output
// The future is the callback's first parameter, so partial puts 'job-A' where the future should be.
import * as asyncio from 'asyncio';
import * as functools from 'functools';

async function doWork(x: number): Promise<string> {
  print('waiting:', x);
  await asyncio.sleep(x);
  return `Done after ${x} s`;
}

function callback(future: any, name: string): void {
  print(`callback ${name}:`, future.result());
}

const loop = asyncio.getEventLoop();
const task = loop.createTask(doWork(3));
task.addDoneCallback(functools.partial(callback, 'job-A'));
loop.runUntilComplete(task);
