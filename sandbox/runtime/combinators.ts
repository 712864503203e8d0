/**
 * asyncio.as_completed and asyncio.shield, after CPython 3.11's tasks.py (the other waiting
 * functions, gather, wait and wait_for, are in tasks.ts).
 */
import { Coroutine, coroutineFunction } from './coroutines.ts';
import { type TimerHandle, getEventLoop } from './events.ts';
import { TimeoutError } from './exceptions.ts';
import { type Future, isFuture } from './futures.ts';
import { typeName, waiterFuture } from './mixins.ts';
import { Queue } from './queues.ts';
import { captureSite } from './state.ts';
import { Task, ensureFuture } from './tasks.ts';

/** The queue `asCompleted` hands finished futures through. */
class CompletionQueue extends Queue {
  override _getterWaitingFor(): string {
    return 'asCompleted(): the next of its futures to finish';
  }
}

/**
 * asyncio.asCompleted(fs, { timeout }): an iterator of coroutines, one per future; the n-th
 * awaited gives the result (or raises the exception) of the n-th to finish. After `timeout`
 * seconds the ones not finished raise TimeoutError. A generator, as in CPython 3.11: nothing
 * happens until the first coroutine is taken.
 */
export function* asCompleted(
  fs: Iterable<unknown>,
  options: { timeout?: number | null } = {},
): Generator<Coroutine, void, unknown> {
  if (isFuture(fs) || fs instanceof Coroutine) {
    throw new TypeError(`expect an iterable of futures, not ${fs instanceof Coroutine ? 'coroutine' : typeName(fs)}`);
  }
  const done = new CompletionQueue();
  const loop = getEventLoop();
  const todo = new Set([...new Set(fs)].map((f) => ensureFuture(f, { loop })));
  const timeout = options.timeout ?? null;
  let timeoutHandle: TimerHandle | null = null;

  const onTimeout = (): void => {
    for (const f of todo) {
      f.removeDoneCallback(onCompletion);
      // A stand-in that makes one waiting coroutine raise TimeoutError.
      done.putNowait(null);
    }
    todo.clear();
  };
  const onCompletion = (f: Future): void => {
    // After the time-out, nothing is waited for any more.
    if (todo.size === 0) return;
    todo.delete(f);
    done.putNowait(f);
    if (todo.size === 0) timeoutHandle?.cancel();
  };
  const waitForOne = coroutineFunction('_wait_for_one', function* () {
    const f = (yield done.get()) as Future | null;
    if (f === null) throw new TimeoutError();
    return f.result();
  });

  for (const f of todo) f.addDoneCallback(onCompletion);
  if (todo.size > 0 && timeout !== null) timeoutHandle = loop.callLater(timeout, onTimeout);
  for (let i = 0, n = todo.size; i < n; i++) yield waitForOne();
}

/**
 * asyncio.shield(aw): a future with aw's outcome that can be cancelled without cancelling aw;
 * cancelling aw itself still cancels it. A future already done is returned as it is.
 */
export function shield(arg: unknown): Future {
  const inner = ensureFuture(arg);
  if (inner.done()) return inner;
  const loop = inner.getLoop();
  const what = inner instanceof Task ? `shield(Task '${inner.getName()}')` : 'shield(a Future)';
  const outer = waiterFuture(loop, what, captureSite(shield));

  const onInnerDone = (done: Future): void => {
    if (outer.cancelled()) {
      // Nobody waits for it any more: its exception is not "never retrieved".
      if (!done.cancelled()) done.exception();
      return;
    }
    if (done.cancelled()) {
      outer.cancel();
    } else {
      const exc = done.exception();
      if (exc !== null) outer.setException(exc);
      else outer.setResult(done.result());
    }
  };
  const onOuterDone = (): void => {
    if (!inner.done()) inner.removeDoneCallback(onInnerDone);
  };
  inner.addDoneCallback(onInnerDone);
  outer.addDoneCallback(onOuterDone);
  return outer;
}
