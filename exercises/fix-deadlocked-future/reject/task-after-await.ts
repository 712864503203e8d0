// fails: output
// The task that would resolve the future is created after `await fut`, which never returns: deadlock.
import * as asyncio from 'asyncio';

async function resolveLater(fut: asyncio.Future<string>): Promise<void> {
  await asyncio.sleep(1.5);
  fut.setResult('ready');
}

async function main(): Promise<void> {
  const loop = asyncio.getRunningLoop();
  const fut = loop.createFuture<string>();
  const value = await fut;
  loop.createTask(resolveLater(fut));
  print('got:', value);
}

const loop = asyncio.getEventLoop();
loop.runUntilComplete(main());
