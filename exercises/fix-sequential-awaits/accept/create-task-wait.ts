// Tasks made with asyncio.createTask, waited for together with asyncio.wait; the old loop style kept.
import * as asyncio from 'asyncio';
import * as time from 'time';

async function func(): Promise<void> {
  const tasks = [asyncio.createTask(asyncio.sleep(1)), asyncio.createTask(asyncio.sleep(1))];
  await asyncio.wait(tasks);
}

const start = time.time();
const loop = asyncio.getEventLoop();
for (let i = 0; i < 5; i++) {
  loop.runUntilComplete(func());
}
const spent = time.time() - start;
print('异步所花费的时间: ' + spent.toFixed(6) + ' s');
