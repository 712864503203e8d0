// An aiomysql pool of two connections shared by three queries: the third waits for a release.
import * as aiomysql from 'aiomysql';
import * as asyncio from 'asyncio';

async function lookup(pool: aiomysql.Pool, id: number): Promise<void> {
  const loop = asyncio.getRunningLoop();
  const conn = await pool.acquire();
  print('acquired', id, `size=${pool.size} free=${pool.freesize}`, loop.time());
  try {
    const cur = await conn.cursor();
    await cur.execute('SELECT id, name FROM users WHERE id = %s', [id]);
    print('row', id, JSON.stringify(await cur.fetchone()), loop.time());
  } finally {
    await pool.release(conn);
  }
}

async function main(): Promise<void> {
  const loop = asyncio.getRunningLoop();
  const pool = await aiomysql.createPool({ host: 'db.example', user: 'app', db: 'shop', maxsize: 2 });
  print('pool', `size=${pool.size} free=${pool.freesize}`, loop.time());
  await asyncio.gather(lookup(pool, 1), lookup(pool, 2), lookup(pool, 3));
  await asyncio.asyncWith(pool.acquire(), async (conn) => {
    await asyncio.asyncWith(conn.cursor(), async (cur) => {
      try {
        await cur.execute('DELETE FROM users');
      } catch (error) {
        print(error.constructor.name, error.message, loop.time());
      }
    });
  });
  print('after release', `size=${pool.size} free=${pool.freesize}`);
  pool.close();
  await pool.waitClosed();
}

asyncio.run(main());
