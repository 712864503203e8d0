// Queue: two producers, three consumers — so far only one consumer, and nobody waits for the work.
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
    // TODO: tell the queue this item is processed
  }
}

async function main(): Promise<void> {
  const queue = new asyncio.Queue<string>();
  // TODO: three consumers; wait until every item has been processed, then stop the consumers.
  asyncio.createTask(consumer(queue));
  await asyncio.gather(producer(queue, 'A'), producer(queue, 'B'));
  print('all 10 items consumed');
}

asyncio.run(main());
