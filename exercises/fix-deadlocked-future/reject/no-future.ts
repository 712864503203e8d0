// fails: style
// Right output, but the future is gone: the value comes from asyncio.sleep instead.
import * as asyncio from 'asyncio';

async function main(): Promise<void> {
  const value = await asyncio.sleep(1.5, 'ready');
  print('got:', value);
}

const loop = asyncio.getEventLoop();
loop.runUntilComplete(main());
