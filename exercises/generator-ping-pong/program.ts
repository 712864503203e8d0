// 对生成器的回顾: a generator and a plain function hand control to each other.
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
