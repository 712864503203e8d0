// fails: timing
// No limit at all: all nine downloads start at once.
import * as aiohttp from 'aiohttp';
import * as asyncio from 'asyncio';

const URLS = [1, 2, 3, 4, 5, 6, 7, 8, 9].map((i) => `http://mirror.example.org/data/part-${i}.bin`);

async function download(session: aiohttp.ClientSession, url: string): Promise<void> {
  const name = url.split('/').pop();
  print(`start ${name}`);
  const response = await session.get(url);
  await response.read();
  print(`done ${name}`);
}

async function main(): Promise<void> {
  const loop = asyncio.getRunningLoop();
  const started = loop.time();
  await asyncio.asyncWith(new aiohttp.ClientSession(), async (session: aiohttp.ClientSession) => {
    await asyncio.gather(...URLS.map((url) => download(session, url)));
  });
  print(`${URLS.length} files in ${(loop.time() - started).toFixed(2)} s`);
}

asyncio.run(main());
