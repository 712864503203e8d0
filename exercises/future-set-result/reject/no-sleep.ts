// fails: timing
// The task sets the result at once, so 666 is printed at 0 s instead of 2 s.
import * as asyncio from 'asyncio';

async function setAfter(fut: asyncio.Future<string>): Promise<void> {
  fut.setResult('666');
}

async function main(): Promise<void> {
  const loop = asyncio.getRunningLoop();
  const fut = loop.createFuture<string>();
  loop.createTask(setAfter(fut));
  print(await fut);
}

asyncio.run(main());
