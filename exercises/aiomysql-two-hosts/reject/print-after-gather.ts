// fails: timing
// Results are printed only after both hosts are done, so the fast host's line comes at 2 s.
import * as aiomysql from 'aiomysql';
import * as asyncio from 'asyncio';

async function fetchRows(host: string): Promise<unknown[][]> {
  const conn = await aiomysql.connect({
    host,
    port: 3306,
    user: 'root',
    password: 'root',
    db: 'mysql',
    connectTimeout: 2,
  });
  const cur = await conn.cursor();
  await cur.execute('SELECT Host,User FROM user');
  const rows = await cur.fetchall();
  await cur.close();
  conn.close();
  return rows;
}

async function main(): Promise<void> {
  const hosts = ['127.0.0.1', '40.0.0.1'];
  const results = await asyncio.gather(...hosts.map(fetchRows), { returnExceptions: true });
  results.forEach((rows, i) => {
    print(rows instanceof Error ? `${hosts[i]}: connect failed` : `${hosts[i]}: ${JSON.stringify(rows)}`);
  });
}

asyncio.run(main());
