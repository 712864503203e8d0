// uvloop.install() sets uvloop's policy in one call.
import * as asyncio from 'asyncio';
import * as uvloop from 'uvloop';

async function main(): Promise<void> {
  const repr = String(asyncio.getRunningLoop()); // <uvloop.Loop running=true …>
  const match = /^<([\w.]+)/.exec(repr);
  print('loop:', match ? match[1] : repr);
}

uvloop.install();
asyncio.run(main());
