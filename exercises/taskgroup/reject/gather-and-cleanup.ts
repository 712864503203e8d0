// fails: output
// gather reports the error at once; stock and prices are only cancelled when asyncio.run cleans up, after main.
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
    await asyncio.gather(worker('users', 1), worker('orders', 2, true), worker('stock', 3), worker('prices', 4));
  } catch (error) {
    print(`error: ${(error as Error).message}`);
  }
}

asyncio.run(main());
