// fails: output
// setAfter(fut) is called but neither awaited nor made a task: nothing ever sets the result.
import * as asyncio from 'asyncio';

async function setAfter(fut: asyncio.Future<string>): Promise<void> {
  await asyncio.sleep(2);
  fut.setResult('666');
}

async function main(): Promise<void> {
  const loop = asyncio.getRunningLoop();
  const fut = loop.createFuture<string>();
  setAfter(fut);
  print(await fut);
}

asyncio.run(main());
