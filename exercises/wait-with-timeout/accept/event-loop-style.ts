// The lesson's explicit event loop, with named tasks made on that loop and timed by loop.time().
import * as asyncio from 'asyncio';
import * as requests from 'requests';

interface Plan {
  durations: number[];
  timeout: number;
}

const response = requests.get('http://jobs.asynclab.test/plan.json');
const { durations, timeout } = response.json() as Plan;

const loop = asyncio.getEventLoop();

async function doWork(x: number): Promise<string> {
  print(`waiting: ${x}`);
  await asyncio.sleep(x);
  return `Done after ${x}s`;
}

async function main(): Promise<void> {
  const tasks: asyncio.Task<string>[] = [];
  durations.forEach((x, i) => {
    tasks.push(loop.createTask(doWork(x), { name: 'MY_COROUTINE_' + (i + 1) }));
  });
  const [dones, pendings] = await asyncio.wait(tasks, { timeout });
  dones.forEach((task) => print(`task result: ${task.result()}`));
  pendings.forEach((task) => {
    print(`pending: ${task.getName()}`);
    task.cancel();
  });
}

const start = loop.time();
loop.runUntilComplete(main());
print(`Time: ${(loop.time() - start).toFixed(1)}`);
