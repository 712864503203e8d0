// fails: style
// Reproduces the trace with sleeps and prints, without any time-out.
import * as asyncio from 'asyncio';

async function main(): Promise<void> {
  print('report: started');
  await asyncio.sleep(2);
  print('report: got CancelledError');
  print('timed out after 2.0 s');
}

asyncio.run(main());
