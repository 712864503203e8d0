// fails: output
// Outside the block the error is TimeoutError, not CancelledError: it is not caught and escapes.
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
  try {
    await asyncio.asyncWith(asyncio.timeout(2), async () => {
      print(`got ${await fetchReport()}`);
    });
  } catch (error) {
    if (!(error instanceof asyncio.CancelledError)) throw error;
    print(`timed out after ${(loop.time() - start).toFixed(1)} s`);
  }
}

asyncio.run(main());
