// fails: timing
// Resolves the future directly before awaiting it, without a task: 'got: ready' comes at 0 s, not 1.5 s.
import * as asyncio from 'asyncio';

async function main(): Promise<void> {
  const loop = asyncio.getRunningLoop();
  const fut = loop.createFuture<string>();
  fut.setResult('ready');
  const value = await fut;
  print('got:', value);
}

const loop = asyncio.getEventLoop();
loop.runUntilComplete(main());
