// A helper opens a fresh connection per use; the failing use is collected with gather's returnExceptions.
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

  async __aexit__(excType: Function | null, excVal: Error | null, excTb: null): Promise<false> {
    await asyncio.sleep(1);
    const reason = excType === null ? 'None' : excVal!.message;
    print(`closed ${reason}`);
    return false; // let the error propagate
  }
}

function withConnection<T>(body: (fp: AsyncContextManager) => Promise<T>): Promise<T> {
  return asyncio.asyncWith(new AsyncContextManager(), body);
}

async function func(): Promise<void> {
  await withConnection(async (fp) => {
    print(await fp.doSomething());
  });
  const [outcome] = await asyncio.gather(
    withConnection(async () => {
      throw new Error('boom');
    }),
    { returnExceptions: true },
  );
  if (outcome instanceof Error) print(`caught ${outcome.message}`);
}

asyncio.run(func());
