// concurrent中的future对象: four jobs on a pool of two threads; each blocks its thread for one second.
import * as time from 'time';
import { ThreadPoolExecutor } from 'concurrent.futures';

function func(value: number): number {
  time.sleep(1);
  print(value);
  return 123;
}

const pool = new ThreadPoolExecutor({ maxWorkers: 2 });
for (let i = 0; i < 4; i++) {
  // submit returns a concurrent.futures.Future at once; fut.result() would wait for 123.
  const fut = pool.submit(func, i);
  print(fut);
}
