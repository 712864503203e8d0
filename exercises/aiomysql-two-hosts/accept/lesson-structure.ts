// The lesson's structure kept (ensureFuture, wait, runUntilComplete), with its bugs fixed.
import * as aiomysql from 'aiomysql';
import * as asyncio from 'asyncio';

async function execute(host: string, password: string): Promise<void> {
  try {
    const conn = await aiomysql.connect({ host, port: 3306, user: 'root', password, db: 'mysql', connectTimeout: 2 });
    const cur = await conn.cursor();
    await cur.execute('SELECT Host,User FROM user');
    const result = await cur.fetchall();
    print(`${host}: ${JSON.stringify(result)}`);
    await cur.close();
    conn.close();
  } catch (error) {
    if (error instanceof aiomysql.OperationalError) print(`${host}: connect failed`);
    else throw error;
  }
}

async function main(): Promise<void> {
  const taskList = [
    asyncio.ensureFuture(execute('127.0.0.1', 'root')),
    asyncio.ensureFuture(execute('40.0.0.1', 'root')),
  ];
  await asyncio.wait(taskList);
}

const loop = asyncio.getEventLoop();
loop.runUntilComplete(main());
