// concurrent.futures.Future seen from the main thread: cancel, result with a time-out, repr,
// done callbacks, map, wait and asCompleted, shutdown, and `using`.
import * as time from 'time';
import * as cf from 'concurrent.futures';

function work(seconds: number): number {
  time.sleep(seconds);
  return seconds;
}

function fail(): never {
  time.sleep(0.5);
  throw new ValueError('bad input');
}

const pool = new cf.ThreadPoolExecutor({ maxWorkers: 1 });
const first = pool.submit(work, 1);
const second = pool.submit(work, 1);
print('cancel queued:', second.cancel(), String(second));
print('cancel running:', first.cancel(), String(first));
try {
  first.result(0.25);
} catch (error) {
  print('result(0.25):', error instanceof cf.TimeoutError, time.monotonic());
}
print('result():', first.result(), String(first), time.monotonic());

const failing = pool.submit(fail);
failing.addDoneCallback((f) => print('callback:', String(f.exception()), time.monotonic()));
print('exception():', String(failing.exception()), String(failing), time.monotonic());
failing.addDoneCallback(() => print('late callback', time.monotonic()));

const results = pool.map(work, [0.3, 0.1, 0.2]);
time.sleep(1);
print('map:', [...results].join(' '), time.monotonic());
pool.shutdown();

const wide = new cf.ThreadPoolExecutor({ maxWorkers: 3 });
const futures = [3, 1, 2].map((s) => wide.submit(work, s));
const [done, notDone] = cf.wait(futures, { returnWhen: cf.FIRST_COMPLETED });
print('wait:', [...done].map((f) => f.result()).join(' '), notDone.size, time.monotonic());
for (const future of cf.asCompleted(futures)) print('asCompleted:', future.result(), time.monotonic());
try {
  for (const future of cf.asCompleted([wide.submit(work, 5), wide.submit(work, 9)], { timeout: 6 })) {
    print('asCompleted:', future.result(), time.monotonic());
  }
} catch (error) {
  print(String(error), time.monotonic());
}
{
  using scoped = new cf.ThreadPoolExecutor();
  scoped.submit(work, 1.5);
}
print('after using:', time.monotonic());
