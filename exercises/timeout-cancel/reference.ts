// asyncio.timeout: the deadline cancels the slow call, which sees CancelledError; the block raises TimeoutError.
import * as asyncio from 'asyncio';

async function fetchReport(): Promise<string> {
  print('report: started');
  try {
    await asyncio.sleep(5); // the slow call
  } catch (error) {
    if (error instanceof asyncio.CancelledError) print('report: got CancelledError');
    throw error; // let the cancellation finish
  }
  print('report: finished');
  return 'report';
}

async function main(): Promise<void> {
  const loop = asyncio.getRunningLoop();
  const start = loop.time();
  try {
    await asyncio.asyncWith(asyncio.timeout(2), async () => {
      const report = await fetchReport();
      print(`got ${report}`);
    });
  } catch (error) {
    if (!(error instanceof asyncio.TimeoutError)) throw error;
    print(`timed out after ${(loop.time() - start).toFixed(1)} s`);
  }
}

asyncio.run(main());
