// fails: output
// asyncio.wait with a timeout does not cancel: the task is only cancelled when asyncio.run cleans up, after main.
import * as asyncio from 'asyncio';

async function fetchReport(): Promise<string> {
  print('report: started');
  try {
    await asyncio.sleep(5);
  } catch (error) {
    if (error instanceof asyncio.CancelledError) print('report: got CancelledError');
    throw error;
  }
  print('report: finished');
  return 'report';
}

async function main(): Promise<void> {
  const loop = asyncio.getRunningLoop();
  const start = loop.time();
  const task = asyncio.createTask(fetchReport());
  const [done] = await asyncio.wait([task], { timeout: 2 });
  if (done.size === 0) print(`timed out after ${(loop.time() - start).toFixed(1)} s`);
  else print(`got ${task.result()}`);
}

asyncio.run(main());
