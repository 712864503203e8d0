// TaskGroup: four jobs started with gather — when one fails, the others are left running.
import * as asyncio from 'asyncio';

async function worker(name: string, seconds: number, fails = false): Promise<void> {
  print(`${name}: start`);
  await asyncio.sleep(seconds);
  if (fails) throw new ValueError(`${name} failed`);
  print(`${name}: done`);
}

async function main(): Promise<void> {
  try {
    await asyncio.gather(worker('users', 1), worker('orders', 2, true), worker('stock', 3), worker('prices', 4));
  } catch (error) {
    print(`error: ${(error as Error).message}`);
  }
}

asyncio.run(main());
