// fails: output
// The lesson's two bugs fixed, but the failed connection's OperationalError is not handled.
import * as aiomysql from 'aiomysql';
import * as asyncio from 'asyncio';

async function execute(host: string, password: string): Promise<void> {
  const conn = await aiomysql.connect({ host, port: 3306, user: 'root', password, db: 'mysql', connectTimeout: 2 });
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
