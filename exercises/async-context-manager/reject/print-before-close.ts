// fails: timing
// 'closed' is printed before the 1 s close has happened.
import * as asyncio from 'asyncio';

class AsyncContextManager {
  async doSomething(): Promise<string> {
    return '模拟增删改查数据库并返回操作结果...';
  }

  async __aenter__(): Promise<this> {
    print('connected');
    await asyncio.sleep(1);
    return this;
  }

  async __aexit__(excType: unknown, excVal: Error | null, excTb: unknown): Promise<boolean> {
    print(`closed ${excVal === null ? 'None' : excVal.message}`);
    await asyncio.sleep(1);
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
