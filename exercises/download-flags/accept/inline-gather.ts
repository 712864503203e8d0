// Everything inside one session block; each download is an inline arrow function.
import * as aiohttp from 'aiohttp';
import * as asyncio from 'asyncio';
import * as fs from 'fs';
import * as path from 'path';
import * as sys from 'sys';

const POP20_CC = 'CN,IN,US,ID,BR,PK,NG,BD,RU,JP,MX,PH,VN,ET,EG,DE,IR,TR,CD,FR'.split(',');

async function downloadMany(): Promise<number> {
  const loop = asyncio.getRunningLoop();
  const start = loop.time();
  const sizes = await asyncio.asyncWith(new aiohttp.ClientSession(), (session: aiohttp.ClientSession) =>
    asyncio.gather(
      ...[...POP20_CC].sort().map(async (cc) => {
        const name = cc.toLowerCase();
        const url = ['http://flupy.org/data/flags', name, `${name}.gif`].join('/');
        return asyncio.asyncWith(session.get(url), async (resp: aiohttp.ClientResponse) => {
          const body = await resp.read();
          sys.stdout.write(`${cc} `);
          fs.writeFileSync(path.join('.', `${name}.gif`), body);
          return body.length;
        });
      }),
    ),
  );
  print(`\n${sizes.length} flags downloaded in ${(loop.time() - start).toFixed(2)}s`);
  return sizes.length;
}

asyncio.run(downloadMany());
