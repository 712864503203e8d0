/**
 * Python's exceptions under their Python names and messages (SPEC §2.1). Each sets `name` on
 * its prototype so `String(error)` and tracebacks read as they do in CPython.
 */

function named<T extends { prototype: Error }>(cls: T, name: string): T {
  Object.defineProperty(cls.prototype, 'name', { value: name, writable: true, configurable: true });
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
