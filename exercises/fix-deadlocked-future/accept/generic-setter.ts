// A reusable setter taking the delay and the value; the task is created with asyncio.createTask.
import * as asyncio from 'asyncio';

async function setAfter<T>(fut: asyncio.Future<T>, delay: number, value: T): Promise<void> {
  await asyncio.sleep(delay);
  if (!fut.done()) fut.setResult(value);
}

async function main(): Promise<void> {
  const loop = asyncio.getRunningLoop();
  const fut = loop.createFuture<string>();
  const setter = asyncio.createTask(setAfter(fut, 1.5, 'ready'));
  const value = await fut;
  print('got:', value);
  await setter;
}

asyncio.run(main());
