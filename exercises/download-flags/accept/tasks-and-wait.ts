// One task per flag, awaited together with asyncio.wait; the session is closed in finally.
import * as aiohttp from 'aiohttp';
import * as asyncio from 'asyncio';
import * as fs from 'fs';
import * as sys from 'sys';
import * as time from 'time';

const CODES = 'CN IN US ID BR PK NG BD RU JP MX PH VN ET EG DE IR TR CD FR'.split(' ').sort();

async function fetchFlag(session: aiohttp.ClientSession, cc: string): Promise<void> {
  const code = cc.toLowerCase();
  const response = await session.get(`http://flupy.org/data/flags/${code}/${code}.gif`);
  const image = await response.read();
  sys.stdout.write(cc + ' ');
  fs.writeFileSync(code + '.gif', image);
}

async function downloadAll(): Promise<number> {
  const session = new aiohttp.ClientSession();
  try {
    const tasks = CODES.map((cc) => asyncio.createTask(fetchFlag(session, cc), { name: cc }));
    await asyncio.wait(tasks);
    for (const task of tasks) task.result(); // re-raise a failed download, if any
  } finally {
    await session.close();
  }
  return CODES.length;
}

const started = time.perfCounter();
const count = asyncio.run(downloadAll());
print(`\n${count} flags downloaded in ${(time.perfCounter() - started).toFixed(2)}s`);
