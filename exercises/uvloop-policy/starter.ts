// uvloop: swap asyncio's event loop for uvloop's — the lesson's way, which fails.
import * as asyncio from 'asyncio';
import * as uvloop from 'uvloop';

async function main(): Promise<void> {
  const loop = asyncio.getRunningLoop();
  // The loop's repr looks like <uvloop.Loop running=true closed=false debug=false>.
  const className = String(loop).slice(1).split(' ')[0];
  print(`loop: ${className}`);
}

// Replace asyncio's event loop with uvloop's.
asyncio.setEventLoop(new uvloop.EventLoopPolicy());
asyncio.run(main());
