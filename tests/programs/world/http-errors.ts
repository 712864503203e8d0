// How aiohttp and requests fail: unknown host, refused, reset, a server that never answers
// (ended by the client's time-out), an error status; and JSON bodies.
import * as aiohttp from 'aiohttp';
import * as asyncio from 'asyncio';
import * as requests from 'requests';

async function fetch(session: aiohttp.ClientSession, url: string, timeout?: aiohttp.ClientTimeout): Promise<void> {
  const loop = asyncio.getRunningLoop();
  try {
    const response = await session.get(url, { timeout });
    response.raiseForStatus();
    print(url, response.status, JSON.stringify(await response.json()), loop.time());
  } catch (error) {
    const kind = error instanceof asyncio.TimeoutError ? 'asyncio.TimeoutError' : error.constructor.name;
    print(url, kind, JSON.stringify(error.message), loop.time());
  }
}

async function main(): Promise<void> {
  const session = new aiohttp.ClientSession({ timeout: new aiohttp.ClientTimeout({ total: 3 }) });
  await fetch(session, 'http://nowhere.example/');
  await fetch(session, 'http://refused.example/');
  await fetch(session, 'http://reset.example/');
  await fetch(session, 'http://never.example/');
  await fetch(session, 'http://never.example/', new aiohttp.ClientTimeout({ total: 1 }));
  await fetch(session, 'http://api.example/missing');
  await fetch(session, 'http://api.example/items');
  await session.close();
  await asyncio.asyncWith(new aiohttp.ClientSession(), async (client) => {
    const length = await asyncio.asyncWith(
      client.get('http://api.example/items'),
      async (r) => (await r.read()).length,
    );
    print('read', length, 'bytes');
  });
}

asyncio.run(main());
try {
  requests.get('http://never.example/slow', { timeout: 2 });
} catch (error) {
  print(error.constructor.name, error instanceof requests.Timeout, error.message);
}
print(requests.get('http://api.example/items').json().items.length);
