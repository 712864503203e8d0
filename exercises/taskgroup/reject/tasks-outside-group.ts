// fails: output
// asyncio.createTask instead of tg.createTask: the group owns no task, exits at once, and cancels nothing.
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
  const tasks: asyncio.Task<void>[] = [];
  try {
    await asyncio.asyncWith(new asyncio.TaskGroup(), async () => {
      tasks.push(asyncio.createTask(worker('users', 1)));
      tasks.push(asyncio.createTask(worker('orders', 2, true)));
      tasks.push(asyncio.createTask(worker('stock', 3)));
      tasks.push(asyncio.createTask(worker('prices', 4)));
    });
    await asyncio.wait(tasks);
  } catch (error) {
    for (const exc of (error as ExceptionGroup).exceptions) print(`error: ${exc.message}`);
  }
}

asyncio.run(main());
