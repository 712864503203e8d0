// fails: output
// Nobody gives up: the program waits the full 5 s for the report.
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
  const report = await fetchReport();
  print(`got ${report}`);
}

asyncio.run(main());
