// uvloop: install uvloop's event loop *policy*; asyncio.run then makes a uvloop loop.
import * as asyncio from 'asyncio';
import * as uvloop from 'uvloop';

async function main(): Promise<void> {
  const loop = asyncio.getRunningLoop();
  // The loop's repr looks like <uvloop.Loop running=true closed=false debug=false>.
  const className = String(loop).slice(1).split(' ')[0];
  print(`loop: ${className}`);
}

// A policy decides which loops asyncio makes: set it with setEventLoopPolicy, not setEventLoop.
asyncio.setEventLoopPolicy(new uvloop.EventLoopPolicy());
asyncio.run(main());
