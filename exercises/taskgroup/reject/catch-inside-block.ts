// fails: output
// The try/catch is inside the block: the block only creates the tasks, and the ExceptionGroup is
// raised when the group exits, outside the try — it escapes from main.
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
  await asyncio.asyncWith(new asyncio.TaskGroup(), async (tg) => {
    try {
      tg.createTask(worker('users', 1));
      tg.createTask(worker('orders', 2, true));
      tg.createTask(worker('stock', 3));
      tg.createTask(worker('prices', 4));
    } catch (error) {
      for (const exc of (error as ExceptionGroup).exceptions) print(`error: ${exc.message}`);
    }
  });
}

asyncio.run(main());
