// Connection and cursor as async context managers; each job reports its own failed connect.
import * as aiomysql from 'aiomysql';
import * as asyncio from 'asyncio';

const HOSTS = ['127.0.0.1', '40.0.0.1'];

async function query(host: string): Promise<void> {
  const conn = await aiomysql.connect({ host, user: 'root', password: 'root', db: 'mysql', connectTimeout: 2 });
  await asyncio.asyncWith(conn, async () => {
    await asyncio.asyncWith(conn.cursor(), async (cur: aiomysql.Cursor) => {
      await cur.execute('SELECT Host,User FROM user');
      print(`${host}: ${JSON.stringify(await cur.fetchall())}`);
    });
  });
}

async function main(): Promise<void> {
  const jobs = HOSTS.map(async (host) => {
    try {
      await query(host);
    } catch (error) {
      if (!(error instanceof aiomysql.OperationalError)) throw error;
      print(`${host}: connect failed`);
    }
  });
  await asyncio.gather(...jobs);
}

asyncio.run(main());
