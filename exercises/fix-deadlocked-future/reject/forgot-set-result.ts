// fails: output
// The task sleeps 1.5 s but never sets the result: once it ends, nothing can wake main (deadlock at 1.5 s).
import * as asyncio from 'asyncio';

async function resolveLater(fut: asyncio.Future<string>): Promise<string> {
  await asyncio.sleep(1.5);
  return 'ready';
}

async function main(): Promise<void> {
  const loop = asyncio.getRunningLoop();
  const fut = loop.createFuture<string>();
  loop.createTask(resolveLater(fut));
  const value = await fut;
  print('got:', value);
}

const loop = asyncio.getEventLoop();
loop.runUntilComplete(main());
