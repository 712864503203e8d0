// 异步 HTTP 请求: twenty flags with one aiohttp session and gather; each saved as it arrives.
import * as aiohttp from 'aiohttp';
import * as asyncio from 'asyncio';
import * as fs from 'fs';
import * as sys from 'sys';
import * as time from 'time';

const POP20_CC = 'CN IN US ID BR PK NG BD RU JP MX PH VN ET EG DE IR TR CD FR'.split(' ').sort();
const BASE_URL = 'http://flupy.org/data/flags';

async function getFlag(session: aiohttp.ClientSession, cc: string): Promise<Uint8Array> {
  const url = `${BASE_URL}/${cc.toLowerCase()}/${cc.toLowerCase()}.gif`;
  const response = await session.get(url);
  return response.read();
}

async function downloadOne(session: aiohttp.ClientSession, cc: string): Promise<void> {
  const image = await getFlag(session, cc);
  sys.stdout.write(`${cc} `);
  fs.writeFileSync(`${cc.toLowerCase()}.gif`, image);
}

async function main(): Promise<number> {
  const session = new aiohttp.ClientSession();
  try {
    await asyncio.gather(...POP20_CC.map((cc) => downloadOne(session, cc)));
  } finally {
    await session.close();
  }
  return POP20_CC.length;
}

const start = time.time();
const count = asyncio.run(main());
print(`\n${count} flags downloaded in ${(time.time() - start).toFixed(2)}s`);
