// fails: style
// Right output, but an async generator sidesteps the protocol the exercise is about.
import * as asyncio from 'asyncio';

class Reader {
  count = 0;

  async readline(): Promise<number | null> {
    await asyncio.sleep(0.1);
    this.count += 1;
    if (this.count === 5) return null;
    return this.count;
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<number> {
    for (;;) {
      const value = await this.readline();
      if (value === null) return;
      yield value;
    }
  }
}

async function main(): Promise<void> {
  for await (const value of new Reader()) print(value);
}

asyncio.run(main());
