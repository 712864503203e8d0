// 异步上下文管理器: asyncWith awaits __aenter__, runs the body, and always awaits __aexit__.
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
    await asyncio.sleep(1);
    print(`closed ${excVal === null ? 'None' : excVal.message}`);
    return false;
  }
}

async function func(): Promise<void> {
  await asyncio.asyncWith(new AsyncContextManager(), async (fp) => {
    const result = await fp.doSomething();
    print(result);
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
