// 快速上手: what calling a coroutine function gives you, and when its body runs.
import * as asyncio from 'asyncio';

async function doWork(): Promise<void> {
  print('学习协程中...');
}

const result = doWork();
print('协程对象已创建');
asyncio.run(result);
