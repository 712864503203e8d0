// fails: timing
// The producers run one after the other, so the last item only appears at 5 s.
import * as asyncio from 'asyncio';

async function producer(queue: asyncio.Queue<string>, name: string): Promise<void> {
  for (let i = 1; i <= 5; i++) {
    await asyncio.sleep(0.5);
    const item = `${name}${i}`;
    await queue.put(item);
    print(`produced ${item}`);
  }
}

async function consumer(queue: asyncio.Queue<string>): Promise<void> {
  for (;;) {
    const item = await queue.get();
    await asyncio.sleep(1);
    print(`consumed ${item}`);
    queue.taskDone();
  }
}

async function main(): Promise<void> {
  const queue = new asyncio.Queue<string>();
  const consumers = [1, 2, 3].map(() => asyncio.createTask(consumer(queue)));
  await producer(queue, 'A');
  await producer(queue, 'B');
  await queue.join();
  for (const task of consumers) task.cancel();
  print('all 10 items consumed');
}

asyncio.run(main());
