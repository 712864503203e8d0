// A reusable helper: run any coroutine factories with at most `limit` running at once.
import * as aiohttp from 'aiohttp';
import * as asyncio from 'asyncio';
import * as time from 'time';

function limited<T>(limit: number, jobs: (() => Promise<T>)[]): asyncio.Future<T[]> {
  const semaphore = new asyncio.Semaphore(limit);
  return asyncio.gather(...jobs.map((job) => asyncio.asyncWith(semaphore, job)));
}

async function main(): Promise<void> {
  const start = time.monotonic();
  const names = Array.from({ length: 9 }, (_, i) => `part-${i + 1}.bin`);
  await asyncio.asyncWith(new aiohttp.ClientSession(), (session: aiohttp.ClientSession) =>
    limited(
      3,
      names.map((name) => async () => {
        print(`start ${name}`);
        await (await session.get('http://mirror.example.org/data/' + name)).read();
        print(`done ${name}`);
      }),
    ),
  );
  print(`${names.length} files in ${(time.monotonic() - start).toFixed(2)} s`);
}

asyncio.run(main());
