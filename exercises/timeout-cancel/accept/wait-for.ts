// asyncio.waitFor: the slow call runs as an inner task that waitFor cancels at the deadline.
import * as asyncio from 'asyncio';

async function fetchReport(): Promise<string> {
  print('report: started');
  try {
    await asyncio.sleep(5);
    print('report: finished');
    return 'report';
  } catch (e) {
    if (e instanceof asyncio.CancelledError) {
      print('report: got CancelledError');
    }
    throw e;
  }
}

async function main(): Promise<void> {
  const t0 = asyncio.getRunningLoop().time();
  try {
    print(`got ${await asyncio.waitFor(fetchReport(), 2)}`);
  } catch (e) {
    if (e instanceof asyncio.TimeoutError) {
      const waited = asyncio.getRunningLoop().time() - t0;
      print(`timed out after ${waited.toFixed(1)} s`);
    } else {
      throw e;
    }
  }
}

asyncio.run(main());
