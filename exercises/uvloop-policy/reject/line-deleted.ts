// fails: output
// Deleting the failing line makes the program run, but on asyncio's own loop.
import * as asyncio from 'asyncio';

async function main(): Promise<void> {
  const loop = asyncio.getRunningLoop();
  print(`loop: ${String(loop).slice(1).split(' ')[0]}`);
}

asyncio.run(main());
