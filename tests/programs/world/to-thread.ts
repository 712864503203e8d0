// asyncio.toThread and asyncio.wrapFuture: blocking functions awaited from coroutines.
import * as asyncio from 'asyncio';
import * as time from 'time';
import { ThreadPoolExecutor } from 'concurrent.futures';

function blocking(label: string, seconds: number): string {
  time.sleep(seconds);
  print('finished', label);
  return label;
}

async function ticker(): Promise<void> {
  for (let i = 1; i <= 3; i++) {
    await asyncio.sleep(0.5);
    print('tick', i);
  }
}

async function main(): Promise<void> {
  const loop = asyncio.getRunningLoop();
  const [result] = await asyncio.gather(asyncio.toThread(blocking, 'a', 1), ticker());
  print('toThread:', result, loop.time());

  const pool = new ThreadPoolExecutor({ maxWorkers: 1 });
  const future = pool.submit(blocking, 'b', 2);
  const wrapped = asyncio.wrapFuture(future);
  print('wrapped:', asyncio.isfuture(wrapped), wrapped.done(), asyncio.wrapFuture(wrapped) === wrapped);
  print('awaited:', await wrapped, loop.time());

  const slow = pool.submit(blocking, 'c', 3);
  try {
    await asyncio.waitFor(asyncio.wrapFuture(slow), 1);
  } catch (error) {
    print('waitFor:', error instanceof asyncio.TimeoutError, loop.time(), 'still running:', slow.running());
  }
  pool.shutdown({ wait: false });
}

asyncio.run(main());
print('end', time.monotonic());
