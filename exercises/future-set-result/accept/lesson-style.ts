// As the lesson writes it: await the setter task first, then the (already done) future.
import * as asyncio from 'asyncio';

async function setAfter(fut: asyncio.Future<string>): Promise<void> {
  await asyncio.sleep(2);
  fut.setResult('666');
}

async function main(): Promise<void> {
  const loop = asyncio.getRunningLoop();
  const fut = loop.createFuture<string>();
  await loop.createTask(setAfter(fut));
  const data = await fut;
  print(data);
}

const loop = asyncio.getEventLoop();
loop.runUntilComplete(main());
