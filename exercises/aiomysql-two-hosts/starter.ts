// 异步MySQL: the same query on two hosts at once — the lesson's version, bugs included.
import * as aiomysql from 'aiomysql';
import * as asyncio from 'asyncio';

async function execute(host: string, password: string): Promise<void> {
  // Network I/O: connect to MySQL (give up after 2 s).
  const conn = await aiomysql.connect({ host, port: 3306, user: 'root', password, db: 'mysql', connectTimeout: 2 });
  // Network I/O: create a cursor.
  const cur = await conn.cursor();
  // Network I/O: run the statement.
  await cur.execute('SELECT Host,User FROM user');
  // Network I/O: fetch the rows.
  const result = cur.fetchall();
  print(`${host}: ${JSON.stringify(result)}`);
  // Network I/O: close the connection.
  await cur.close();
  conn.close();
}

async function main(): Promise<void> {
  const taskList = [
    asyncio.ensureFuture(execute('127.0.0.1', 'root')),
    asyncio.ensureFuture(execute('40.0.0.1', 'root')),
  ];
  await asyncio.wait(taskList);
}

const loop = asyncio.getEventLoop();
loop.runUntilComplete(main);
