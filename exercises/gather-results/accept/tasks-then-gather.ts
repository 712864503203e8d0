// Create the tasks on an explicit loop first, then gather them; loop.time() measures the run.
import * as asyncio from 'asyncio';
import * as requests from 'requests';

const { durations } = requests.get('http://jobs.asynclab.test/plan.json').json() as { durations: number[] };

const doWork = async (x: number): Promise<string> => {
  print(`waiting: ${x}`);
  await asyncio.sleep(x);
  return 'Done after ' + x + 's';
};

const loop = asyncio.getEventLoop();

async function main(): Promise<string[]> {
  const tasks = durations.map((x, i) => loop.createTask(doWork(x), { name: `MY_COROUTINE_${i + 1}` }));
  return asyncio.gather(...tasks);
}

const start = loop.time();
const results = loop.runUntilComplete(main());
print(JSON.stringify(results));
print(`Time: ${(loop.time() - start).toFixed(1)}`);
