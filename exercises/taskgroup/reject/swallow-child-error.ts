// fails: output
// The failing child catches its own error: the group never learns of it and nothing is cancelled.
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

async function guarded(name: string, seconds: number, fails = false): Promise<void> {
  try {
    await worker(name, seconds, fails);
  } catch (error) {
    if (error instanceof asyncio.CancelledError) throw error;
    print(`error: ${(error as Error).message}`);
  }
}

async function main(): Promise<void> {
  await asyncio.asyncWith(new asyncio.TaskGroup(), async (tg) => {
    tg.createTask(guarded('users', 1));
    tg.createTask(guarded('orders', 2, true));
    tg.createTask(guarded('stock', 3));
    tg.createTask(guarded('prices', 4));
  });
}

asyncio.run(main());
