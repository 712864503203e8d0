// The jobs come from a table; cancellation is reported in a finally block; errors read from `errors`.
import * as asyncio from 'asyncio';

const JOBS: [string, number, boolean][] = [
  ['users', 1, false],
  ['orders', 2, true],
  ['stock', 3, false],
  ['prices', 4, false],
];

async function job(name: string, seconds: number, fails: boolean): Promise<string> {
  print(`${name}: start`);
  let finished = false;
  try {
    await asyncio.sleep(seconds);
    finished = true;
  } finally {
    if (!finished) print(`${name}: cancelled`);
  }
  if (fails) throw new ValueError(`${name} failed`);
  print(`${name}: done`);
  return name;
}

async function main(): Promise<void> {
  const group = new asyncio.TaskGroup();
  try {
    await asyncio.asyncWith(group, async (tg) => {
      for (const [name, seconds, fails] of JOBS) tg.createTask(job(name, seconds, fails), { name });
    });
  } catch (error) {
    if (error instanceof ExceptionGroup) {
      error.errors.forEach((e: Error) => print('error:', e.message));
    } else {
      throw error;
    }
  }
}

asyncio.run(main());
