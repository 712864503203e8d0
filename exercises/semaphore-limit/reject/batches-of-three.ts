// fails: timing
// Three batches of three: a batch waits for its slowest file before the next batch starts.
// Right on the visible data (every file takes 1 s), wrong when the files take different times.
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
  const slots = new asyncio.Semaphore(3); // made, but the batches do the limiting
  await asyncio.asyncWith(new aiohttp.ClientSession(), async (session: aiohttp.ClientSession) => {
    for (let i = 0; i < URLS.length; i += 3) {
      await asyncio.gather(...URLS.slice(i, i + 3).map((url) => download(session, url)));
    }
  });
  print(`${URLS.length} files in ${(loop.time() - started).toFixed(2)} s`);
}

asyncio.run(main());
