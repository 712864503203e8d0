// Queue: two producers, three consumers; join() waits until every item put has been processed.
import * as asyncio from 'asyncio';

async function producer(queue: asyncio.Queue<string>, name: string): Promise<void> {
  for (let i = 1; i <= 5; i++) {
    await asyncio.sleep(0.5); // making an item takes 0.5 s
    const item = `${name}${i}`;
    await queue.put(item);
    print(`produced ${item}`);
  }
}

async function consumer(queue: asyncio.Queue<string>): Promise<void> {
  for (;;) {
    const item = await queue.get();
    await asyncio.sleep(1); // processing an item takes 1 s
    print(`consumed ${item}`);
    queue.taskDone();
  }
}

async function main(): Promise<void> {
  const queue = new asyncio.Queue<string>();
  const consumers = [1, 2, 3].map(() => asyncio.createTask(consumer(queue)));
  await asyncio.gather(producer(queue, 'A'), producer(queue, 'B'));
  await queue.join(); // every item taken has been marked done
  for (const task of consumers) task.cancel();
  await asyncio.gather(...consumers, { returnExceptions: true });
  print('all 10 items consumed');
}

asyncio.run(main());
