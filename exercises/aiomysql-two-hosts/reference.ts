// 异步MySQL: both hosts queried at once; a host that cannot be reached is reported, not fatal.
import * as aiomysql from 'aiomysql';
import * as asyncio from 'asyncio';

async function execute(host: string, password: string): Promise<void> {
  let conn: aiomysql.Connection;
  try {
    conn = await aiomysql.connect({ host, port: 3306, user: 'root', password, db: 'mysql', connectTimeout: 2 });
  } catch (error) {
    if (!(error instanceof aiomysql.OperationalError)) throw error;
    print(`${host}: connect failed`);
    return;
  }
  const cur = await conn.cursor();
  await cur.execute('SELECT Host,User FROM user');
  const result = await cur.fetchall();
  print(`${host}: ${JSON.stringify(result)}`);
  await cur.close();
  conn.close();
}

async function main(): Promise<void> {
  await asyncio.gather(execute('127.0.0.1', 'root'), execute('40.0.0.1', 'root'));
}

asyncio.run(main());
