// fails: files
// Downloads and shows every flag but never saves one.
import * as aiohttp from 'aiohttp';
import * as asyncio from 'asyncio';
import * as fs from 'fs';
import * as sys from 'sys';
import * as time from 'time';

const POP20_CC = 'CN IN US ID BR PK NG BD RU JP MX PH VN ET EG DE IR TR CD FR'.split(' ');
const BASE_URL = 'http://flupy.org/data/flags';

async function saveFlag(img: Uint8Array, filename: string): Promise<void> {
  fs.writeFileSync(filename, img);
}

async function show(text: string): Promise<void> {
  sys.stdout.write(`${text} `);
  sys.stdout.flush();
}

async function getFlag(session: aiohttp.ClientSession, cc: string): Promise<Uint8Array> {
  const url = `${BASE_URL}/${cc.toLowerCase()}/${cc.toLowerCase()}.gif`;
  const response = await session.get(url);
  return response.read();
}

async function downloadFlag(cc: string, session: aiohttp.ClientSession): Promise<void> {
  await getFlag(session, cc);
  await show(cc);
}

async function downloadMany(): Promise<number> {
  await asyncio.asyncWith(new aiohttp.ClientSession(), async (session: aiohttp.ClientSession) => {
    await asyncio.gather(...[...POP20_CC].sort().map((cc) => downloadFlag(cc, session)));
  });
  return POP20_CC.length;
}

function main(): void {
  const t0 = time.time();
  const count = asyncio.run(downloadMany());
  const elapsed = time.time() - t0;
  print(`\n${count} flags downloaded in ${elapsed.toFixed(2)}s`);
}

main();
