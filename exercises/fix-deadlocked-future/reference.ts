// asyncio的future对象, fixed: a task resolves the future after 1.5 seconds.
import * as asyncio from 'asyncio';

async function resolveLater(fut: asyncio.Future<string>): Promise<void> {
  await asyncio.sleep(1.5);
  fut.setResult('ready');
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
