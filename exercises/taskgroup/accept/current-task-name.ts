// Each child reads its own name from its task; main checks every sub-exception's type.
import * as asyncio from 'asyncio';

async function child(seconds: number, fails: boolean): Promise<void> {
  const name = asyncio.currentTask()!.getName();
  print(name + ': start');
  try {
    await asyncio.sleep(seconds);
  } catch (e) {
    if (e instanceof asyncio.CancelledError) {
      print(name + ': cancelled');
    }
    throw e;
  }
  if (fails) {
    throw new ValueError(name + ' failed');
  }
  print(name + ': done');
}

async function main(): Promise<void> {
  try {
    await asyncio.asyncWith(new asyncio.TaskGroup(), async (tg) => {
      tg.createTask(child(1, false), { name: 'users' });
      tg.createTask(child(2, true), { name: 'orders' });
      tg.createTask(child(3, false), { name: 'stock' });
      tg.createTask(child(4, false), { name: 'prices' });
    });
  } catch (group) {
    if (!(group instanceof ExceptionGroup)) throw group;
    for (const exc of group.exceptions) {
      if (exc instanceof ValueError) print(`error: ${exc.message}`);
    }
  }
}

asyncio.run(main());
