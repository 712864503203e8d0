// uvloop: install its policy, and the running loop is a uvloop.Loop; functools.partial binds
// a done callback's first argument.
import * as asyncio from 'asyncio';
import * as functools from 'functools';
import * as uvloop from 'uvloop';

function report(label: string, future: asyncio.Future<number>): void {
  print(label, future.result(), asyncio.getEventLoop().time());
}

async function main(): Promise<void> {
  const loop = asyncio.getRunningLoop();
  print('loop:', String(loop).split(' ')[0].slice(1), loop instanceof uvloop.Loop);
  const future = loop.createFuture<number>();
  const callback = functools.partial(report, 'settled:');
  print(String(callback));
  future.addDoneCallback(callback);
  loop.callLater(1.5, () => future.setResult(42));
  await future;
}

uvloop.install();
asyncio.run(main());
