// 异步与非异步模块混合使用案例: requests.get does not support coroutines — it blocks the event loop.
import * as asyncio from 'asyncio';
import * as fs from 'fs';
import * as requests from 'requests';

async function downloadImage(url: string): Promise<void> {
  print('开始下载:', url);
  // A blocking call: nothing else runs until the response is here.
  const response = requests.get(url);
  print('下载完成');
  // Save the image under the URL's last path segment.
  const fileName = url.split('/').pop() as string;
  fs.writeFileSync(fileName, response.content);
}

const urlList = [
  'http://pic.bizhi360.com/bbpic/98/10798.jpg',
  'http://pic.bizhi360.com/bbpic/92/10792.jpg',
  'http://pic.bizhi360.com/bbpic/86/10386.jpg',
];

const loop = asyncio.getEventLoop();
const tasks = urlList.map((url) => loop.createTask(downloadImage(url)));
loop.runUntilComplete(asyncio.wait(tasks));
