// fails: output
// Ends with an ordinary Error: for await only stops on StopAsyncIteration, so the error escapes.
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
    const value = await this.readline();
    if (value === null) throw new Error('no more lines');
    return value;
  }
}

async function main(): Promise<void> {
  for await (const value of new Reader() as unknown as AsyncIterable<number>) print(value);
}

asyncio.run(main());
