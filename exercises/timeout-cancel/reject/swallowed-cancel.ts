// fails: output
// The slow call catches CancelledError and returns: the time-out never learns it fired.
import * as asyncio from 'asyncio';

async function fetchReport(): Promise<string> {
  print('report: started');
  try {
    await asyncio.sleep(5);
  } catch (error) {
    if (error instanceof asyncio.CancelledError) {
      print('report: got CancelledError');
      return 'nothing';
    }
    throw error;
  }
  print('report: finished');
  return 'report';
}

async function main(): Promise<void> {
  const loop = asyncio.getRunningLoop();
  const start = loop.time();
  try {
    await asyncio.asyncWith(asyncio.timeout(2), async () => {
      print(`got ${await fetchReport()}`);
    });
  } catch (error) {
    if (!(error instanceof asyncio.TimeoutError)) throw error;
    print(`timed out after ${(loop.time() - start).toFixed(1)} s`);
  }
}

asyncio.run(main());
