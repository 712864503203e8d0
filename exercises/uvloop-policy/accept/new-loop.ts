// The lesson's 3.6 style done right: set a uvloop *loop* as the current loop and run it.
import * as asyncio from 'asyncio';
import * as uvloop from 'uvloop';

async function main(): Promise<void> {
  const loop = asyncio.getEventLoop(); // inside a coroutine: the running loop
  const name = String(loop).replace(/^</, '').split(' ')[0];
  print(`loop: ${name}`);
}

const loop = uvloop.newEventLoop();
asyncio.setEventLoop(loop);
loop.runUntilComplete(main());
loop.close();
