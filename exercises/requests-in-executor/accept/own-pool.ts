// An explicit ThreadPoolExecutor shared by the downloads; the file name comes from path.basename.
import * as asyncio from 'asyncio';
import * as fs from 'fs';
import * as path from 'path';
import * as requests from 'requests';
import { ThreadPoolExecutor } from 'concurrent.futures';

async function downloadImage(pool: ThreadPoolExecutor, url: string): Promise<string> {
  print('开始下载:', url);
  const response = await asyncio.getRunningLoop().runInExecutor(pool, (u: string) => requests.get(u), url);
  print('下载完成');
  const name = path.basename(url);
  fs.writeFileSync(name, response.content);
  return name;
}

async function main(): Promise<void> {
  using pool = new ThreadPoolExecutor({ maxWorkers: 4 });
  const urls = [
    'http://pic.bizhi360.com/bbpic/98/10798.jpg',
    'http://pic.bizhi360.com/bbpic/92/10792.jpg',
    'http://pic.bizhi360.com/bbpic/86/10386.jpg',
  ];
  const tasks = urls.map((url) => asyncio.createTask(downloadImage(pool, url)));
  for (const task of tasks) await task;
}

asyncio.run(main());
