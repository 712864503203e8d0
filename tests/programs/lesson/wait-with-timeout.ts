// 协程并发: asyncio.wait with a timeout; unfinished tasks are reported and cancelled.
import * as asyncio from 'asyncio';
import * as time from 'time';

async function doWork(x: number): Promise<string> {
  print('waiting:', x);
  await asyncio.sleep(x);
  return `Done after ${x}s`;
}

async function main(): Promise<void> {
  const tasks = [1, 2, 3].map((x) => asyncio.createTask(doWork(x), { name: `MY_COROUTINE_${x}` }));
  const [done, pending] = await asyncio.wait(tasks, { timeout: 2.5 });
  for (const task of done) print('task result:', task.result());
  for (const task of pending) {
    print('pending:', task.getName());
    task.cancel();
  }
}

const start = time.time();
asyncio.run(main());
print(`Time: ${(time.time() - start).toFixed(1)}`);
