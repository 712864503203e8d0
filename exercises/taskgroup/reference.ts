// TaskGroup: when one child fails, the group cancels the others, waits for them, then raises.
import * as asyncio from 'asyncio';

async function worker(name: string, seconds: number, fails = false): Promise<void> {
  print(`${name}: start`);
  try {
    await asyncio.sleep(seconds);
  } catch (error) {
    if (error instanceof asyncio.CancelledError) print(`${name}: cancelled`);
    throw error; // a cancelled task must stay cancelled
  }
  if (fails) throw new ValueError(`${name} failed`);
  print(`${name}: done`);
}

async function main(): Promise<void> {
  try {
    await asyncio.asyncWith(new asyncio.TaskGroup(), async (tg) => {
      tg.createTask(worker('users', 1));
      tg.createTask(worker('orders', 2, true));
      tg.createTask(worker('stock', 3));
      tg.createTask(worker('prices', 4));
    });
  } catch (error) {
    if (!(error instanceof ExceptionGroup)) throw error;
    for (const exc of error.exceptions) print(`error: ${exc.message}`);
  }
}

asyncio.run(main());
