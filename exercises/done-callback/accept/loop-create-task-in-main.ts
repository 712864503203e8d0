// The callback checks the future's state; the loop is taken with getRunningLoop inside main.
import * as asyncio from 'asyncio';
import * as functools from 'functools';

async function doWork(x: number): Promise<string> {
  print('waiting:', x);
  await asyncio.sleep(x);
  return 'Done after ' + x + ' s';
}

function report(label: string, future: asyncio.Task<string>): void {
  if (future.cancelled()) print(`callback ${label}: cancelled`);
  else print(`callback ${label}:`, future.result());
}

async function main(): Promise<string> {
  const loop = asyncio.getRunningLoop();
  const task = loop.createTask(doWork(3));
  task.addDoneCallback(functools.partial(report, 'job-A'));
  return await task;
}

asyncio.run(main());
