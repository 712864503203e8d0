// 异步上下文管理器: the connection is opened and closed by hand — and an error skips the close.
import * as asyncio from 'asyncio';

class AsyncContextManager {
  async doSomething(): Promise<string> {
    // Stands for an asynchronous database query.
    return '模拟增删改查数据库并返回操作结果...';
  }

  async __aenter__(): Promise<this> {
    // TODO: "connect": wait 1 s, print 'connected', hand the manager to the body.
    return this;
  }

  async __aexit__(excType: unknown, excVal: Error | null, excTb: unknown): Promise<boolean> {
    // TODO: "close": wait 1 s, print 'closed <the error's message, or None>'.
    return false;
  }
}

async function failingWork(): Promise<void> {
  throw new Error('boom');
}

async function func(): Promise<void> {
  // TODO: use asyncio.asyncWith(manager, async (fp) => { … }) for both uses.
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
