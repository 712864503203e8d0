// A generic async iterator over any "read one item or null" function.
import * as asyncio from 'asyncio';

class Reader<T> {
  constructor(private readonly read: () => Promise<T | null>) {}

  __aiter__(): Reader<T> {
    return this;
  }

  __anext__ = async (): Promise<T> => {
    const item = await this.read();
    if (item === null) {
      throw new StopAsyncIteration();
    }
    return item;
  };
}

function slowSource(): () => Promise<number | null> {
  let count = 0;
  return async () => {
    await asyncio.sleep(0.1);
    count++;
    return count === 5 ? null : count;
  };
}

async function main(): Promise<void> {
  const reader = new Reader(slowSource());
  for await (const value of reader as unknown as AsyncIterable<number>) {
    print(value);
  }
}

asyncio.run(main());
