// acquire/release by hand (release in finally), one task per URL, awaited with asyncio.wait.
import * as aiohttp from 'aiohttp';
import * as asyncio from 'asyncio';

const MAX_IN_FLIGHT = 3;
const slots = new asyncio.Semaphore({ value: MAX_IN_FLIGHT });

async function fetchPart(session: aiohttp.ClientSession, i: number): Promise<number> {
  const name = `part-${i}.bin`;
  await slots.acquire();
  try {
    print('start', name);
    const response = await session.get(`http://mirror.example.org/data/${name}`);
    const body = await response.read();
    print('done', name);
    return body.length;
  } finally {
    slots.release();
  }
}

async function main(): Promise<void> {
  const t0 = asyncio.getRunningLoop().time();
  const session = new aiohttp.ClientSession();
  try {
    const tasks = [];
    for (let i = 1; i <= 9; i++) tasks.push(asyncio.createTask(fetchPart(session, i)));
    await asyncio.wait(tasks);
    print(`${tasks.length} files in ${(asyncio.getRunningLoop().time() - t0).toFixed(2)} s`);
  } finally {
    await session.close();
  }
}

asyncio.run(main());
