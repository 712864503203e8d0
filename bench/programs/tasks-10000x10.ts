// Engine throughput: 10,000 tasks, each sleeping 10 times (0.1 s to 1.0 s per sleep, so the
// timer heap holds timers at ten different times). bench/cpython_virtual_loop.py runs the same.
import * as asyncio from 'asyncio';

async function worker(x: number): Promise<void> {
  for (let i = 0; i < 10; i++) await asyncio.sleep(x);
}

async function main(): Promise<void> {
  const tasks = [];
  for (let i = 0; i < 10_000; i++) tasks.push(asyncio.createTask(worker(0.1 * (1 + (i % 10)))));
  await asyncio.gather(...tasks);
}

asyncio.run(main());
