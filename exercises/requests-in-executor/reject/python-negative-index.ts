// fails: files
// Python's url.split('/')[-1] does not work in TypeScript: [-1] is undefined, so every image is saved as 'undefined'.
import * as asyncio from 'asyncio';
import * as fs from 'fs';
import * as requests from 'requests';

async function downloadImage(url: string): Promise<void> {
  print('开始下载:', url);
  const loop = asyncio.getRunningLoop();
  const response = await loop.runInExecutor(null, requests.get, url);
  print('下载完成');
  const parts: string[] = url.split('/');
  fs.writeFileSync(String(parts[-1]), response.content);
}

const urlList = [
  'http://pic.bizhi360.com/bbpic/98/10798.jpg',
  'http://pic.bizhi360.com/bbpic/92/10792.jpg',
  'http://pic.bizhi360.com/bbpic/86/10386.jpg',
];

const loop = asyncio.getEventLoop();
const tasks = urlList.map((url) => loop.createTask(downloadImage(url)));
loop.runUntilComplete(asyncio.wait(tasks));
