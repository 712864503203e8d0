// fails: style
// Prints the expected line without ever installing uvloop.
import * as asyncio from 'asyncio';

async function main(): Promise<void> {
  print('loop: uvloop.Loop');
}

asyncio.run(main());
