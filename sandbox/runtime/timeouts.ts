/**
 * asyncio.timeout / asyncio.timeoutAt, after CPython 3.11's timeouts.py:
 *
 *     await asyncio.asyncWith(asyncio.timeout(2), async (cm) => { … });
 *
 * At the deadline the task is cancelled; leaving the block turns that CancelledError into a
 * TimeoutError, unless the task was also cancelled by someone else (Task.cancelling()).
 */
import { type Coroutine, coroutineFunction, markCoroutineFunction } from './coroutines.ts';
import { type Handle, getRunningLoop } from './events.ts';
import { AssertionError, CancelledError, RuntimeError, TimeoutError } from './exceptions.ts';
import { keepNames } from './mixins.ts';
import { type Task, currentTask } from './tasks.ts';

/** CPython's `_State` values: CREATED, ENTERED, EXPIRING, EXPIRED, EXITED. */
type State = 'created' | 'active' | 'expiring' | 'expired' | 'finished';

/** asyncio.Timeout(when): an async context manager with a deadline in loop time, or none. */
export class Timeout {
  _state: State = 'created';
  _timeoutHandler: Handle | null = null;
  _task: Task | null = null;
  _when: number | null;
  /** How many cancellations the task had pending when the block was entered. */
  _cancelling = 0;

  constructor(when: number | null) {
    this._when = when ?? null;
  }

  /** The deadline, in loop time; null for none. */
  when(): number | null {
    return this._when;
  }

  /** Moves the deadline (null: none) of a timeout that is in effect. */
  reschedule(when: number | null): void {
    if (this._state !== 'active') {
      if (this._state === 'created') throw new RuntimeError('Timeout has not been entered');
      throw new RuntimeError(`Cannot change state of ${this._state} Timeout`);
    }
    this._when = when ?? null;
    this._timeoutHandler?.cancel();
    if (when === null || when === undefined) {
      this._timeoutHandler = null;
    } else {
      const loop = getRunningLoop();
      this._timeoutHandler = when <= loop.time() ? loop.callSoon(this._onTimeout) : loop.callAt(when, this._onTimeout);
    }
  }

  /** Whether the deadline passed while the block ran. */
  expired(): boolean {
    return this._state === 'expiring' || this._state === 'expired';
  }

  toString(): string {
    let info = '';
    if (this._state === 'active') {
      info = ` when=${this._when === null ? 'None' : Math.round(this._when * 1000) / 1000}`;
    }
    return `<Timeout [${this._state}]${info}>`;
  }

  __aenter__(): Coroutine {
    return timeoutEnter(this);
  }

  __aexit__(excType?: unknown, excValue?: unknown): Coroutine {
    return timeoutExit(this, excType ?? null, excValue ?? null);
  }

  // An arrow function: the loop calls it without a receiver.
  _onTimeout = (): void => {
    if (this._state !== 'active') throw new AssertionError();
    (this._task as Task).cancel();
    this._state = 'expiring';
    this._timeoutHandler = null;
  };
}

const timeoutEnter = coroutineFunction('Timeout.__aenter__', function* (cm: Timeout) {
  if (cm._state !== 'created') throw new RuntimeError('Timeout has already been entered');
  const task = currentTask();
  if (task === null) throw new RuntimeError('Timeout should be used inside a task');
  cm._state = 'active';
  cm._task = task;
  cm._cancelling = task.cancelling();
  cm.reschedule(cm._when);
  return cm;
});

const timeoutExit = coroutineFunction(
  'Timeout.__aexit__',
  function* (cm: Timeout, excType: unknown, excValue: unknown) {
    if (cm._state !== 'active' && cm._state !== 'expiring') throw new AssertionError();
    cm._timeoutHandler?.cancel();
    cm._timeoutHandler = null;
    if (cm._state === 'expiring') {
      cm._state = 'expired';
      // No other cancellation is pending: the CancelledError is the timeout's own.
      if ((cm._task as Task).uncancel() <= cm._cancelling && excType === CancelledError) {
        throw new TimeoutError('', { cause: excValue });
      }
    } else {
      cm._state = 'finished';
    }
    return null;
  },
);

for (const name of ['__aenter__', '__aexit__'] as const) markCoroutineFunction(Timeout.prototype[name]);

keepNames({ Timeout });

/** asyncio.timeout(delay): a Timeout `delay` seconds from now (null: no deadline). */
export function timeout(delay: number | null): Timeout {
  const loop = getRunningLoop();
  return new Timeout(delay === null || delay === undefined ? null : loop.time() + delay);
}

/** asyncio.timeoutAt(when): a Timeout at loop time `when` (null: no deadline). */
export function timeoutAt(when: number | null): Timeout {
  return new Timeout(when);
}
