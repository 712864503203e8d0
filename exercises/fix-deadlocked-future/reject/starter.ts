// fails: output
// The starter as is: the future is never resolved, so the program deadlocks.
import * as asyncio from 'asyncio';

async function main(): Promise<void> {
  const loop = asyncio.getRunningLoop();
  const fut = loop.createFuture<string>();
  const value = await fut;
  print('got:', value);
}

const loop = asyncio.getEventLoop();
loop.runUntilComplete(main());
