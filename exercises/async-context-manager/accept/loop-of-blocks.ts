// One asyncWith in a loop over the two blocks; each use gets its own connection.
import * as asyncio from 'asyncio';

class AsyncContextManager {
  conn: string | null = null;

  async doSomething(): Promise<string> {
    return '模拟增删改查数据库并返回操作结果...';
  }

  async __aenter__(): Promise<AsyncContextManager> {
    await asyncio.sleep(1);
    this.conn = 'open';
    print('connected');
    return this;
  }

  async __aexit__(excType: unknown, excVal: unknown, excTb: unknown): Promise<void> {
    await asyncio.sleep(1);
    this.conn = null;
    print('closed', excVal instanceof Error ? excVal.message : 'None');
  }
}

type Block = (db: AsyncContextManager) => Promise<void>;

const blocks: Block[] = [
  async (db) => print(await db.doSomething()),
  async () => {
    throw new Error('boom');
  },
];

async function func(): Promise<void> {
  for (const block of blocks) {
    try {
      await asyncio.asyncWith(new AsyncContextManager(), block);
    } catch (error) {
      print('caught', error instanceof Error ? error.message : String(error));
    }
  }
}

asyncio.run(func());
