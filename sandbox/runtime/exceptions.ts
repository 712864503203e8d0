/**
 * Python's exceptions under their Python names and messages (SPEC §2.1). Each sets `name` on
 * its prototype so `String(error)` and tracebacks read as they do in CPython.
 */

export function named<T extends { prototype: Error }>(cls: T, name: string): T {
  Object.defineProperty(cls.prototype, 'name', { value: name, writable: true, configurable: true });
  // The bundler renames classes whose names collide (`ValueError2`); `excType.name` must not.
  Object.defineProperty(cls, 'name', { value: name });
  return cls;
}

export const CancelledError = named(class CancelledError extends Error {}, 'CancelledError');
export const InvalidStateError = named(class InvalidStateError extends Error {}, 'InvalidStateError');
export const RuntimeError = named(class RuntimeError extends Error {}, 'RuntimeError');
export const ValueError = named(class ValueError extends Error {}, 'ValueError');
export const StopAsyncIteration = named(class StopAsyncIteration extends Error {}, 'StopAsyncIteration');
export const ModuleNotFoundError = named(class ModuleNotFoundError extends Error {}, 'ModuleNotFoundError');
export const NotImplementedError = named(class NotImplementedError extends Error {}, 'NotImplementedError');
/** asyncio.TimeoutError is the builtin TimeoutError since Python 3.11. */
export const TimeoutError = named(class TimeoutError extends Error {}, 'TimeoutError');
/** Python's `assert` failing: an asyncio invariant broken (e.g. a Timeout's `__aexit__` called twice). */
export const AssertionError = named(class AssertionError extends Error {}, 'AssertionError');

/**
 * Python's ExceptionGroup, what a TaskGroup raises (SPEC §2.1): an AggregateError with its
 * children in both `errors` (JavaScript's name) and `exceptions` (Python's). Its message is
 * what `str()` of one gives in CPython: 'unhandled errors in a TaskGroup (1 sub-exception)'.
 */
export const ExceptionGroup = named(
  class ExceptionGroup extends AggregateError {
    readonly exceptions: unknown[];

    constructor(message: string, exceptions: Iterable<unknown>) {
      if (typeof message !== 'string') {
        throw new TypeError(`BaseExceptionGroup.__new__() argument 1 must be str, not ${typeof message}`);
      }
      if (typeof (exceptions as { [Symbol.iterator]?: unknown } | null)?.[Symbol.iterator] !== 'function') {
        throw new TypeError('second argument (exceptions) must be a sequence');
      }
      const children = [...exceptions];
      if (children.length === 0) throw new ValueError('second argument (exceptions) must be a non-empty sequence');
      const count = `${children.length} sub-exception${children.length === 1 ? '' : 's'}`;
      super(children, `${message} (${count})`);
      this.exceptions = this.errors;
    }
  },
  'ExceptionGroup',
);
