/**
 * Python's `async with`, which TypeScript has no syntax for (SPEC §2.1):
 *
 *     async with cm as value:          await asyncio.asyncWith(cm, async (value) => {
 *         body                            body
 *                                       });
 */
import { coroutineFunction } from './coroutines.ts';
import { typeName } from './mixins.ts';
import { RunAborted } from './state.ts';

type Method = (this: unknown, ...args: unknown[]) => unknown;

/**
 * asyncio.asyncWith(cm, body): awaits `cm.__aenter__()`, runs `body` with what it returned,
 * then awaits `cm.__aexit__(null, null, null)`, or on an exception
 * `cm.__aexit__(ErrorClass, error, null)` and raises the error again unless that returned
 * something truthy (PEP 492's `async with`). Returns what the body returned.
 */
export const asyncWith = coroutineFunction('asyncWith', function* (cm: unknown, body: (value: unknown) => unknown) {
  const aenter = protocolMethod(cm, '__aenter__');
  const aexit = protocolMethod(cm, '__aexit__');
  if (aenter === undefined) {
    throw new TypeError(`'${typeName(cm)}' object does not support the asynchronous context manager protocol`);
  }
  if (aexit === undefined) {
    throw new TypeError(
      `'${typeName(cm)}' object does not support the asynchronous context manager protocol (missed __aexit__ method)`,
    );
  }
  if (typeof body !== 'function') throw new TypeError(`asyncWith() body must be a function, not ${typeName(body)}`);
  const value: unknown = yield aenter.call(cm);
  let result: unknown;
  try {
    result = yield body(value);
  } catch (exc) {
    // A limit or deadlock ends the run: nothing of the program's may run for it.
    if (exc instanceof RunAborted) throw exc;
    if (yield aexit.call(cm, errorClass(exc), exc, null)) return undefined;
    throw exc;
  }
  yield aexit.call(cm, null, null, null);
  return result;
});

function protocolMethod(cm: unknown, name: '__aenter__' | '__aexit__'): Method | undefined {
  if (cm === null || cm === undefined) return undefined;
  const method = (cm as Record<string, unknown>)[name];
  return typeof method === 'function' ? (method as Method) : undefined;
}

/** Python's `type(exc)`: the class of what was thrown. */
function errorClass(exc: unknown): Function {
  if (exc === null || exc === undefined) return Object;
  const ctor = (Object(exc) as { constructor?: unknown }).constructor;
  return typeof ctor === 'function' ? ctor : Object;
}
