// fails: timing
// Stops on the count before reading: the fifth read (and its 0.1 s) never happens, so it ends at 0.4 s.
import * as asyncio from 'asyncio';

class Reader {
  count = 0;

  async readline(): Promise<number | null> {
    await asyncio.sleep(0.1);
    this.count += 1;
    if (this.count === 5) return null;
    return this.count;
  }

  __aiter__(): this {
    return this;
  }

  async __anext__(): Promise<number> {
    if (this.count === 4) throw new StopAsyncIteration();
    return (await this.readline()) as number;
  }
}

async function main(): Promise<void> {
  for await (const value of new Reader() as unknown as AsyncIterable<number>) print(value);
}

asyncio.run(main());
