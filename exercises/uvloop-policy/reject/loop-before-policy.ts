// fails: output
// The loop is made before the policy changes, so it is still asyncio's default loop.
import * as asyncio from 'asyncio';
import * as uvloop from 'uvloop';

async function main(): Promise<void> {
  const loop = asyncio.getRunningLoop();
  print(`loop: ${String(loop).slice(1).split(' ')[0]}`);
}

const loop = asyncio.getEventLoop();
asyncio.setEventLoopPolicy(new uvloop.EventLoopPolicy());
loop.runUntilComplete(main());
