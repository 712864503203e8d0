// Consumers stop on a null sentinel, one per consumer, sent once the queue has been drained.
import * as asyncio from 'asyncio';

const CONSUMERS = 3;

async function produce(queue: asyncio.Queue<string | null>, prefix: string, count: number): Promise<void> {
  for (let n = 1; n <= count; n++) {
    await asyncio.sleep(0.5);
    queue.putNowait(prefix + n);
    print('produced', prefix + n);
  }
}

async function consume(queue: asyncio.Queue<string | null>): Promise<number> {
  let handled = 0;
  while (true) {
    const item = await queue.get();
    if (item === null) {
      queue.taskDone();
      return handled;
    }
    try {
      await asyncio.sleep(1);
      print('consumed', item);
      handled++;
    } finally {
      queue.taskDone();
    }
  }
}

async function main(): Promise<void> {
  const queue = new asyncio.Queue<string | null>();
  const workers = Array.from({ length: CONSUMERS }, () => asyncio.createTask(consume(queue)));
  await asyncio.gather(produce(queue, 'A', 5), produce(queue, 'B', 5));
  await queue.join();
  for (let i = 0; i < CONSUMERS; i++) await queue.put(null);
  const counts = await asyncio.gather(...workers);
  print(`all ${counts.reduce((a, b) => a + b, 0)} items consumed`);
}

asyncio.run(main());
