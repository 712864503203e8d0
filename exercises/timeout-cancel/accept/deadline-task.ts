// A separate task for the slow call, awaited under timeoutAt(now + 2); the task is checked afterwards.
import * as asyncio from 'asyncio';
import * as time from 'time';

async function fetchReport(): Promise<string> {
  print('report: started');
  let cancelled = false;
  try {
    await asyncio.sleep(5);
  } catch (error) {
    cancelled = error instanceof asyncio.CancelledError;
    throw error;
  } finally {
    if (cancelled) print('report: got CancelledError');
  }
  print('report: finished');
  return 'report';
}

async function main(): Promise<void> {
  const loop = asyncio.getRunningLoop();
  const begin = time.monotonic();
  const task = asyncio.createTask(fetchReport(), { name: 'report' });
  const deadline = asyncio.timeoutAt(loop.time() + 2);
  try {
    const result = await asyncio.asyncWith(deadline, () => task);
    print('got', result);
  } catch (error) {
    if (!deadline.expired()) throw error;
    print(`timed out after ${(time.monotonic() - begin).toFixed(1)} s`);
  }
}

asyncio.run(main());
