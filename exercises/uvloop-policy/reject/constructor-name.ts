// fails: output
// constructor.name is only 'Loop': the module part of the class name is missing.
import * as asyncio from 'asyncio';
import * as uvloop from 'uvloop';

async function main(): Promise<void> {
  print(`loop: ${asyncio.getRunningLoop().constructor.name}`);
}

uvloop.install();
asyncio.run(main());
