// 异步IO, the synchronous version: five blocking one-second sleeps in a row.
import * as time from 'time';

function foo(): void {
  time.sleep(1);
}

const start = time.time();
for (let i = 0; i < 5; i++) foo();
print(`同步所花费的时间: ${(time.time() - start).toFixed(6)} s`);
