// fails: output
// 协程并发: three jobs as tasks, collected with asyncio.wait.
import * as asyncio from 'asyncio';
import * as requests from 'requests';
import * as time from 'time';

// The job server's plan: how long each job takes.
const plan: { durations: number[] } = requests.get('http://jobs.asynclab.test/plan.json').json();

async function doWork(x: number): Promise<string> {
  print('waiting:', x);
  await asyncio.sleep(x); // stands for an I/O operation
  return `Done after ${x}s`;
}

async function main(): Promise<void> {
  const tasks = plan.durations.map((x) => asyncio.ensureFuture(doWork(x)));

  // 用 gather() 方法也行
  const [done] = await asyncio.wait(tasks);

  for (const task of done) {
    print('task result:', task.result());
  }
}

const start = time.time();
asyncio.run(main());
print(`Time: ${(time.time() - start).toFixed(1)}`);
