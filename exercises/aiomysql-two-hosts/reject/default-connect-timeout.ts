// fails: timing
// Without connectTimeout the unreachable host is given aiomysql's default 60 s.
import * as aiomysql from 'aiomysql';
import * as asyncio from 'asyncio';

async function execute(host: string, password: string): Promise<void> {
  try {
    const conn = await aiomysql.connect({ host, port: 3306, user: 'root', password, db: 'mysql' });
    const cur = await conn.cursor();
    await cur.execute('SELECT Host,User FROM user');
    print(`${host}: ${JSON.stringify(await cur.fetchall())}`);
    await cur.close();
    conn.close();
  } catch (error) {
    if (error instanceof aiomysql.OperationalError) print(`${host}: connect failed`);
    else throw error;
  }
}

async function main(): Promise<void> {
  await asyncio.gather(execute('127.0.0.1', 'root'), execute('40.0.0.1', 'root'));
}

asyncio.run(main());
