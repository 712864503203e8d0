// fails: output
// 协程并发: three jobs run concurrently and asyncio.wait waits for them.
import * as asyncio from 'asyncio';
import * as requests from 'requests';
import * as time from 'time';

// The job server's plan: how long each job takes, and how long main may wait for them.
const plan: { durations: number[]; timeout: number } = requests.get('http://jobs.asynclab.test/plan.json').json();

async function doWork(x: number): Promise<string> {
  print('waiting:', x);
  await asyncio.sleep(x); // stands for an I/O operation
  return `Done after ${x}s`;
}

async function main(): Promise<void> {
  const tasks = plan.durations.map((x) => asyncio.ensureFuture(doWork(x)));

  // timeout: null waits until every task has finished.
  const [done, pending] = await asyncio.wait(tasks, { timeout: null });

  for (const task of done) {
    print('task result:', task.result());
  }
}

const start = time.time();
asyncio.run(main());
print(`Time: ${(time.time() - start).toFixed(1)}`);
