// The same with JavaScript's Promise.all, which also schedules each coroutine as a task.
import * as asyncio from 'asyncio';
import * as time from 'time';

async function fun(): Promise<void> {
  await asyncio.sleep(1);
  print('我是async任务...');
}

const start = time.time();
asyncio.run(
  (async () => {
    await Promise.all([fun(), fun(), fun(), fun(), fun()]);
  })(),
);
print(`异步所花费的时间: ${(time.time() - start).toFixed(6)} s`);
