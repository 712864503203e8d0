// asyncio.run + gather; asyncio.toThread runs requests.get on the default executor too.
import * as asyncio from 'asyncio';
import * as fs from 'fs';
import * as requests from 'requests';

const URLS = [
  'http://pic.bizhi360.com/bbpic/98/10798.jpg',
  'http://pic.bizhi360.com/bbpic/92/10792.jpg',
  'http://pic.bizhi360.com/bbpic/86/10386.jpg',
];

async function download(url: string): Promise<void> {
  print(`开始下载: ${url}`);
  const response = await asyncio.toThread(requests.get, url);
  print('下载完成');
  fs.writeFileSync(url.slice(url.lastIndexOf('/') + 1), response.content);
}

async function main(): Promise<void> {
  await asyncio.gather(...URLS.map(download));
}

asyncio.run(main());
