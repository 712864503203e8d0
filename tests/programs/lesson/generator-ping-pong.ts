// 对生成器的回顾: two generators hand control back and forth; funcA blocks 0.5 s per turn.
import * as time from 'time';

function* funcA(): Generator<void> {
  for (;;) {
    print('-------A-------');
    yield;
    time.sleep(0.5);
  }
}

function funcB(gen: Generator<void>, rounds: number): void {
  for (let i = 0; i < rounds; i++) {
    print('---------B------------');
    gen.next();
  }
}

funcB(funcA(), 3);
