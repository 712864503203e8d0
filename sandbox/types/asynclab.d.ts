/**
 * The API learner programs are written against (SPEC §2): Python's asyncio, time and sys
 * in camelCase, plus the globals the sandbox provides. Editors and `tsc` check programs with
 * these declarations; the implementation is sandbox/runtime/.
 */

/** Writes the values joined by one space, as one output event. */
declare function print(...values: unknown[]): void;

declare class StopAsyncIteration extends Error {}
declare class RuntimeError extends Error {}
declare class ValueError extends Error {}
declare class ModuleNotFoundError extends Error {}
declare class NotImplementedError extends Error {}

declare module 'asyncio' {
  /** What `async` functions return: a lazy coroutine, typed as a promise of its result. */
  type Awaitable<T> = PromiseLike<T> | Future<T>;

  export class CancelledError extends Error {}
  export class InvalidStateError extends Error {}
  export { TimeoutError };
  const TimeoutError: TimeoutErrorConstructor;
  interface TimeoutErrorConstructor {
    new (message?: string): Error;
    readonly prototype: Error;
  }

  export class Future<T = unknown> implements PromiseLike<T> {
    constructor(options?: { loop?: AbstractEventLoop });
    result(): T;
    exception(): unknown;
    done(): boolean;
    cancelled(): boolean;
    cancel(msg?: string): boolean;
    setResult(result: T): void;
    setException(exception: unknown): void;
    addDoneCallback(fn: (future: this) => unknown): void;
    removeDoneCallback(fn: (future: this) => unknown): number;
    getLoop(): AbstractEventLoop;
    then<R1 = T, R2 = never>(
      onFulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
      onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
    ): PromiseLike<R1 | R2>;
  }

  export class Task<T = unknown> extends Future<T> {
    getName(): string;
    setName(name: unknown): void;
    getCoro(): unknown;
    cancelling(): number;
    uncancel(): number;
  }

  export class Handle {
    cancel(): void;
    cancelled(): boolean;
  }

  export class TimerHandle extends Handle {
    when(): number;
  }

  export class AbstractEventLoop {
    time(): number;
    callSoon<A extends unknown[]>(callback: (...args: A) => unknown, ...args: A): Handle;
    callLater<A extends unknown[]>(delay: number, callback: (...args: A) => unknown, ...args: A): TimerHandle;
    callAt<A extends unknown[]>(when: number, callback: (...args: A) => unknown, ...args: A): TimerHandle;
    createFuture<T = unknown>(): Future<T>;
    createTask<T>(coro: PromiseLike<T>, options?: { name?: string }): Task<T>;
    runUntilComplete<T>(future: Awaitable<T>): T;
    runForever(): void;
    stop(): void;
    close(): void;
    isRunning(): boolean;
    isClosed(): boolean;
    getDebug(): boolean;
    setDebug(enabled: boolean): void;
    setExceptionHandler(handler: ((loop: AbstractEventLoop, context: Record<string, unknown>) => void) | null): void;
    callExceptionHandler(context: { message: string; exception?: unknown }): void;
  }
  export { AbstractEventLoop as BaseEventLoop };

  export class AbstractEventLoopPolicy {
    getEventLoop(): AbstractEventLoop;
    setEventLoop(loop: AbstractEventLoop | null): void;
    newEventLoop(): AbstractEventLoop;
  }
  export { AbstractEventLoopPolicy as DefaultEventLoopPolicy };

  export function run<T>(main: PromiseLike<T>, options?: { debug?: boolean }): T;
  export function sleep(delay: number): Promise<void>;
  export function sleep<T>(delay: number, result: T): Promise<T>;
  export function createTask<T>(coro: PromiseLike<T>, options?: { name?: string }): Task<T>;
  export function ensureFuture<T>(coroOrFuture: Awaitable<T>, options?: { loop?: AbstractEventLoop }): Future<T>;
  export function gather<T extends readonly unknown[]>(
    ...aws: [...{ [K in keyof T]: Awaitable<T[K]> }]
  ): Future<{ -readonly [K in keyof T]: T[K] }>;
  export function gather(...aws: unknown[]): Future<unknown[]>;
  export function wait<T>(
    fs: Iterable<Task<T>>,
    options?: { timeout?: number | null; returnWhen?: string },
  ): Promise<[Set<Task<T>>, Set<Task<T>>]>;
  export function wait<T>(
    fs: Iterable<Future<T>>,
    options?: { timeout?: number | null; returnWhen?: string },
  ): Promise<[Set<Future<T>>, Set<Future<T>>]>;
  export function waitFor<T>(aw: Awaitable<T>, timeout: number | null): Promise<T>;
  export function currentTask(loop?: AbstractEventLoop): Task | null;
  export function allTasks(loop?: AbstractEventLoop): Set<Task>;
  export function getEventLoop(): AbstractEventLoop;
  export function getRunningLoop(): AbstractEventLoop;
  export function newEventLoop(): AbstractEventLoop;
  export function setEventLoop(loop: AbstractEventLoop | null): void;
  export function getEventLoopPolicy(): AbstractEventLoopPolicy;
  export function setEventLoopPolicy(policy: AbstractEventLoopPolicy | null): void;
  export function iscoroutine(value: unknown): boolean;
  export function iscoroutinefunction(value: unknown): boolean;
  export function isfuture(value: unknown): value is Future;
  export const FIRST_COMPLETED: 'FIRST_COMPLETED';
  export const FIRST_EXCEPTION: 'FIRST_EXCEPTION';
  export const ALL_COMPLETED: 'ALL_COMPLETED';
}

declare module 'time' {
  /** Seconds since the epoch on the virtual clock (starts at 1700000000). */
  export function time(): number;
  /** Blocks the calling thread: the clock advances and nothing else runs meanwhile. */
  export function sleep(seconds: number): void;
  export function monotonic(): number;
  export function perfCounter(): number;
}

declare module 'sys' {
  interface TextStream {
    write(text: string): number;
    flush(): void;
  }
  export const stdout: TextStream;
  export const stderr: TextStream;
  export const platform: string;
  export const argv: string[];
  export const version: string;
}
