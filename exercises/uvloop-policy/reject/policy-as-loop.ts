// fails: output
// The lesson's line as is: a policy is not a loop, so setEventLoop raises TypeError.
import * as asyncio from 'asyncio';
import * as uvloop from 'uvloop';

async function main(): Promise<void> {
  const loop = asyncio.getRunningLoop();
  print(`loop: ${String(loop).slice(1).split(' ')[0]}`);
}

asyncio.setEventLoop(new uvloop.EventLoopPolicy() as unknown as asyncio.AbstractEventLoop);
asyncio.run(main());
