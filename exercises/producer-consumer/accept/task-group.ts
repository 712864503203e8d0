// Producers and consumers in one TaskGroup; a watcher cancels the consumers after join().
import * as asyncio from 'asyncio';

async function producer(queue: asyncio.Queue<string>, name: string): Promise<void> {
  for (const i of [1, 2, 3, 4, 5]) {
    await asyncio.sleep(0.5);
    await queue.put(`${name}${i}`);
    print(`produced ${name}${i}`);
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
  await asyncio.asyncWith(new asyncio.TaskGroup(), async (tg) => {
    const producers = [tg.createTask(producer(queue, 'A')), tg.createTask(producer(queue, 'B'))];
    const consumers = [0, 1, 2].map((i) => tg.createTask(consumer(queue), { name: `consumer-${i}` }));
    await asyncio.wait(producers);
    await queue.join();
    consumers.forEach((c) => c.cancel());
  });
  print('all 10 items consumed');
}

asyncio.run(main());
