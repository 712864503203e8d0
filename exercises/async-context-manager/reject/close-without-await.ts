// fails: timing
// The sleep in __aexit__ is not awaited: closing takes no time and a coroutine is never awaited.
import * as asyncio from 'asyncio';

class AsyncContextManager {
  async doSomething(): Promise<string> {
    return '模拟增删改查数据库并返回操作结果...';
  }

  async __aenter__(): Promise<this> {
    await asyncio.sleep(1);
    print('connected');
    return this;
  }

  async __aexit__(excType: unknown, excVal: Error | null, excTb: unknown): Promise<boolean> {
    asyncio.sleep(1);
    print(`closed ${excVal === null ? 'None' : excVal.message}`);
    return false;
  }
}

async function func(): Promise<void> {
  await asyncio.asyncWith(new AsyncContextManager(), async (fp: AsyncContextManager) => {
    print(await fp.doSomething());
  });
  try {
    await asyncio.asyncWith(new AsyncContextManager(), async () => {
      throw new Error('boom');
    });
  } catch (error) {
    print(`caught ${(error as Error).message}`);
  }
}

asyncio.run(func());
