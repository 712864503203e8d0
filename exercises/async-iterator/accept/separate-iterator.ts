// The iterable and its iterator are two objects: __aiter__ hands out a fresh LineIterator.
import * as asyncio from 'asyncio';

class Reader {
  count = 0;

  async readline(): Promise<number | null> {
    await asyncio.sleep(0.1);
    this.count += 1;
    if (this.count === 5) return null;
    return this.count;
  }

  __aiter__(): LineIterator {
    return new LineIterator(this);
  }
}

class LineIterator {
  constructor(private readonly reader: Reader) {}

  __aiter__(): this {
    return this;
  }

  async __anext__(): Promise<number> {
    const line = await this.reader.readline();
    if (line !== null) return line;
    throw new StopAsyncIteration();
  }
}

async function main(): Promise<void> {
  const lines = new Reader() as unknown as AsyncIterable<number>;
  for await (const line of lines) print(line);
}

asyncio.run(main());
