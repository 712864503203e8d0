// asyncio的future对象: awaiting a future nobody resolves waits forever (卡死).
import * as asyncio from 'asyncio';

async function main(): Promise<void> {
  const loop = asyncio.getRunningLoop();
  const fut = loop.createFuture();
  const value = await fut;
  print('got:', value);
}

const loop = asyncio.getEventLoop();
loop.runUntilComplete(main());
