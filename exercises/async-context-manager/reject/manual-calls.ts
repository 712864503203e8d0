// fails: output
// __aenter__/__aexit__ called by hand: when the block fails, __aexit__ is skipped and the connection stays open.
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

async function failingWork(): Promise<void> {
  throw new Error('boom');
}

async function func(): Promise<void> {
  const first = new AsyncContextManager();
  const fp = await first.__aenter__();
  print(await fp.doSomething());
  await first.__aexit__(null, null, null);

  try {
    const second = new AsyncContextManager();
    await second.__aenter__();
    await failingWork();
    await second.__aexit__(null, null, null);
  } catch (error) {
    print(`caught ${(error as Error).message}`);
  }
}

asyncio.run(func());
