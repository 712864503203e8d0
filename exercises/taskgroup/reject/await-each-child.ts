// fails: timing
// Each child is awaited as soon as it is created: they run one after another.
import * as asyncio from 'asyncio';

async function worker(name: string, seconds: number, fails = false): Promise<void> {
  print(`${name}: start`);
  try {
    await asyncio.sleep(seconds);
  } catch (error) {
    if (error instanceof asyncio.CancelledError) print(`${name}: cancelled`);
    throw error;
  }
  if (fails) throw new ValueError(`${name} failed`);
  print(`${name}: done`);
}

async function main(): Promise<void> {
  try {
    await asyncio.asyncWith(new asyncio.TaskGroup(), async (tg) => {
      await tg.createTask(worker('users', 1));
      await tg.createTask(worker('orders', 2, true));
      await tg.createTask(worker('stock', 3));
      await tg.createTask(worker('prices', 4));
    });
  } catch (error) {
    const errors = error instanceof ExceptionGroup ? error.exceptions : [error];
    for (const exc of errors) print(`error: ${exc.message}`);
  }
}

asyncio.run(main());
