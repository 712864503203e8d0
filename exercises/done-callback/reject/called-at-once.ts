// fails: output
// The callback is called while attaching it (its result, not the function, is passed), before the task has run: InvalidStateError at 0 s.
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
task.addDoneCallback(callback('job-A', task));
loop.runUntilComplete(task);
