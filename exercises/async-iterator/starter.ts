// 异步迭代器: make `for await` read every line from the slow source.
import * as asyncio from 'asyncio';

class Reader {
  count = 0;

  /** Reads one "line" from a slow source: 1, 2, 3, … and null once the source is exhausted. */
  async readline(): Promise<number | null> {
    await asyncio.sleep(0.1);
    this.count += 1;
    if (this.count === 5) return null;
    return this.count;
  }

  __aiter__(): this {
    // TODO: what does `for await` need from this method?
    return this;
  }

  async __anext__(): Promise<number> {
    // TODO: read the next line; end the iteration when there is none.
    throw new StopAsyncIteration();
  }
}

async function main(): Promise<void> {
  // TypeScript does not know Python's protocol, hence the cast.
  for await (const value of new Reader() as unknown as AsyncIterable<number>) {
    print(value);
  }
}

asyncio.run(main());
