// 异步 HTTP 请求: download the twenty flags concurrently with aiohttp.
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
  // Python's print(text, end=' '): no newline.
  sys.stdout.write(`${text} `);
  sys.stdout.flush();
}

async function getFlag(session: aiohttp.ClientSession, cc: string): Promise<Uint8Array> {
  // TODO: GET `${BASE_URL}/<cc>/<cc>.gif` (lower case) with the session and return the body.
  return new Uint8Array();
}

async function downloadFlag(cc: string, session: aiohttp.ClientSession): Promise<void> {
  // TODO: get the flag, show its code, save it as <cc>.gif (lower case).
}

async function downloadMany(): Promise<number> {
  // TODO: one ClientSession for all downloads; run every downloadFlag concurrently
  // (in sorted order of the codes) and wait for all of them.
  return POP20_CC.length;
}

function main(): void {
  const t0 = time.time();
  const count = asyncio.run(downloadMany());
  const elapsed = time.time() - t0;
  print(`\n${count} flags downloaded in ${elapsed.toFixed(2)}s`);
}

main();
