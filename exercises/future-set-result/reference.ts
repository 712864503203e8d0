// asyncio的future对象: a task sets the future's result after two seconds.
import * as asyncio from 'asyncio';

async function setAfter(fut: asyncio.Future<string>): Promise<void> {
  await asyncio.sleep(2);
  fut.setResult('666');
}

async function main(): Promise<void> {
  const loop = asyncio.getRunningLoop();
  const fut = loop.createFuture<string>();
  const task = loop.createTask(setAfter(fut));
  const data = await fut;
  print(data);
  await task;
}

asyncio.run(main());
