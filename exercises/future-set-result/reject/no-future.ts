// fails: style
// Right output, but no future at all: the value never travels through a future.
import * as asyncio from 'asyncio';

async function main(): Promise<void> {
  const data = await asyncio.sleep(2, '666');
  print(data);
}

asyncio.run(main());
