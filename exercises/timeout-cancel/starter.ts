// Time-outs: the report takes 5 s, but we can only wait 2 s for it.
import * as asyncio from 'asyncio';

async function fetchReport(): Promise<string> {
  print('report: started');
  // TODO: when this await is cancelled, print 'report: got CancelledError' (and let it propagate).
  await asyncio.sleep(5); // the slow call
  print('report: finished');
  return 'report';
}

async function main(): Promise<void> {
  const loop = asyncio.getRunningLoop();
  const start = loop.time();
  // TODO: give up after 2 s and print `timed out after <seconds, one decimal> s`.
  const report = await fetchReport();
  print(`got ${report}`);
}

asyncio.run(main());
