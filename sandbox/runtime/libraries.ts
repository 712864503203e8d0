import { isCoroutineFunction, markCoroutineFunction } from './coroutines.ts';
import { EventLoop, EventLoopPolicy, setEventLoopPolicy } from './events.ts';
import { repr } from './inspect.ts';

/** uvloop.Loop: the same virtual loop, reporting itself as uvloop's. */
export class Loop extends EventLoop {
  override _className = 'uvloop.Loop';
}

/** uvloop.EventLoopPolicy: makes uvloop loops. */
class UvloopPolicy extends EventLoopPolicy {
  override newEventLoop(): EventLoop {
    return new Loop();
  }
}
// Python's message for `asyncio.set_event_loop(uvloop.EventLoopPolicy())` names the class.
Object.defineProperty(UvloopPolicy, 'name', { value: 'EventLoopPolicy' });

export const uvloop = {
  Loop,
  EventLoopPolicy: UvloopPolicy,
  install: (): void => setEventLoopPolicy(new UvloopPolicy()),
  newEventLoop: (): EventLoop => new Loop(),
};

/** functools.partial(fn, ...args): `fn` with its first arguments fixed. */
function partial(fn: (...args: unknown[]) => unknown, ...fixed: unknown[]): (...args: unknown[]) => unknown {
  if (typeof fn !== 'function') throw new TypeError('the first argument must be callable');
  const bound = (...rest: unknown[]): unknown => fn(...fixed, ...rest);
  Object.defineProperty(bound, 'name', { value: fn.name });
  Object.defineProperty(bound, 'toString', {
    value: () => `functools.partial(<function ${fn.name || 'lambda'}>${fixed.map((a) => `, ${repr(a)}`).join('')})`,
  });
  if (isCoroutineFunction(fn)) markCoroutineFunction(bound);
  return bound;
}

export const functools = { partial };
