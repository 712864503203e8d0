// 异步迭代器: Reader is its own async iterator; for await drives __anext__ until StopAsyncIteration.
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
    if (value === null) throw new StopAsyncIteration();
    return value;
  }
}

async function main(): Promise<void> {
  for await (const value of new Reader() as unknown as AsyncIterable<number>) {
    print(value);
  }
}

asyncio.run(main());
