// asyncio的future对象: this program hangs — it awaits a future nobody resolves.
import * as asyncio from 'asyncio';

async function main(): Promise<void> {
  // The running event loop (Python 3.7+).
  const loop = asyncio.getRunningLoop();
  // A future that does nothing by itself.
  const fut = loop.createFuture<string>();
  // Waits for the future's result — forever, since nobody sets it.
  const value = await fut;
  print('got:', value);
}

const loop = asyncio.getEventLoop();
loop.runUntilComplete(main());
