// asyncio.run style: the task is created and awaited inside main; the callback is an arrow function.
import * as asyncio from 'asyncio';
import { partial } from 'functools';

const doWork = async (x: number): Promise<string> => {
  print(`waiting: ${x}`);
  await asyncio.sleep(x);
  return `Done after ${x} s`;
};

const callback = (name: string, fut: asyncio.Future<string>): void => {
  print(`callback ${name}: ${fut.result()}`);
};

async function main(): Promise<void> {
  const task = asyncio.createTask(doWork(3));
  const onDone = partial(callback, 'job-A');
  task.addDoneCallback(onDone);
  await task;
}

asyncio.run(main());
