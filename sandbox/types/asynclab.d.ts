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
/** What a TaskGroup raises when its tasks fail: the errors are in both `exceptions` (Python's
 * name) and `errors` (JavaScript's); the message ends with their count, '… (1 sub-exception)'. */
declare class ExceptionGroup<E = any> extends AggregateError {
  constructor(message: string, exceptions: Iterable<E>);
  readonly exceptions: E[];
  errors: E[];
}

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
    /** `func(...args)` on a pool worker (`null`: the default ThreadPoolExecutor); the Future
     * completes at the worker's finish time. */
    runInExecutor<A extends unknown[], R>(
      executor: import('concurrent.futures').Executor | null,
      func: (...args: A) => R,
      ...args: A
    ): Future<R>;
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
  /** Runs `func(...args)` on the default executor's worker thread. */
  export function toThread<A extends unknown[], R>(func: (...args: A) => R, ...args: A): Promise<R>;
  /** An asyncio Future that completes, on the loop, when the concurrent one does. */
  export function wrapFuture<T>(
    future: import('concurrent.futures').Future<T> | Future<T>,
    options?: { loop?: AbstractEventLoop },
  ): Future<T>;
  export const FIRST_COMPLETED: 'FIRST_COMPLETED';
  export const FIRST_EXCEPTION: 'FIRST_EXCEPTION';
  export const ALL_COMPLETED: 'ALL_COMPLETED';

  // ---- async with, synchronisation primitives, queues, TaskGroup, timeout -----------------

  /** What `asyncWith` accepts: Python's asynchronous context manager protocol. */
  interface AsyncContextManager<T> {
    __aenter__(): PromiseLike<T> | T;
    __aexit__(excType: any, exc: any, tb: null): unknown;
  }
  /**
   * Python's `async with cm as value: body`: awaits `cm.__aenter__()`, runs `body(value)`, then
   * awaits `cm.__aexit__(null, null, null)`, or `cm.__aexit__(ErrorClass, error, null)` when the
   * body raised, which raises the error again unless `__aexit__` returns something truthy.
   * Resolves to the body's result, or to undefined when `__aexit__` suppressed an error.
   */
  export function asyncWith<T, R>(
    cm: AsyncContextManager<T> & { __aexit__(...args: any[]): NeverSuppresses | PromiseLike<NeverSuppresses> },
    body: (value: T) => R | PromiseLike<R>,
  ): Promise<R>;
  export function asyncWith<T, R>(
    cm: AsyncContextManager<T>,
    body: (value: T) => R | PromiseLike<R>,
  ): Promise<R | undefined>;
  /** What an `__aexit__` that never suppresses an error returns. */
  type NeverSuppresses = void | null | undefined | false;

  /** A lock held by at most one task; waiters get it in the order they asked. */
  export class Lock implements AsyncContextManager<void> {
    locked(): boolean;
    acquire(): Promise<true>;
    /** RuntimeError('Lock is not acquired.') when it is not held. */
    release(): void;
    __aenter__(): Promise<void>;
    __aexit__(excType: unknown, exc: unknown, tb: unknown): Promise<void>;
  }
  /** A flag tasks can wait for. */
  export class Event {
    isSet(): boolean;
    set(): void;
    clear(): void;
    wait(): Promise<true>;
  }
  /** A condition variable over a Lock (a new one unless given). */
  export class Condition implements AsyncContextManager<void> {
    constructor(lock?: Lock | null | { lock?: Lock | null });
    locked(): boolean;
    acquire(): Promise<true>;
    release(): void;
    /** Releases the lock until notified, then takes it back. */
    wait(): Promise<true>;
    waitFor<T>(predicate: () => T): Promise<T>;
    notify(n?: number): void;
    notifyAll(): void;
    __aenter__(): Promise<void>;
    __aexit__(excType: unknown, exc: unknown, tb: unknown): Promise<void>;
  }
  /** At most `value` holders at once (default 1). */
  export class Semaphore implements AsyncContextManager<void> {
    constructor(value?: number | { value?: number });
    locked(): boolean;
    acquire(): Promise<true>;
    release(): void;
    __aenter__(): Promise<void>;
    __aexit__(excType: unknown, exc: unknown, tb: unknown): Promise<void>;
  }
  /** A Semaphore whose `release` raises ValueError past the initial value. */
  export class BoundedSemaphore extends Semaphore {}

  /** Raised by `getNowait()` on an empty queue. */
  export class QueueEmpty extends Error {}
  /** Raised by `putNowait()` on a full queue. */
  export class QueueFull extends Error {}
  /** A first-in, first-out queue; `maxsize` 0 (the default) is unbounded. */
  export class Queue<T = unknown> {
    constructor(maxsize?: number | { maxsize?: number });
    readonly maxsize: number;
    qsize(): number;
    empty(): boolean;
    full(): boolean;
    /** Waits while the queue is full. */
    put(item: T): Promise<void>;
    putNowait(item: T): void;
    /** Waits while the queue is empty. */
    get(): Promise<T>;
    getNowait(): T;
    /** Marks an item taken with `get()` as processed. */
    taskDone(): void;
    /** Waits until every item put has been marked done. */
    join(): Promise<void>;
  }
  /** A queue that gives the item put last first. */
  export class LifoQueue<T = unknown> extends Queue<T> {}
  /** A queue that gives the smallest item first; arrays compare like Python tuples. */
  export class PriorityQueue<T = unknown> extends Queue<T> {}

  /** Runs tasks as a group: leaving `asyncWith` waits for all of them; if one fails, the rest
   * are cancelled and an ExceptionGroup is raised. */
  export class TaskGroup implements AsyncContextManager<TaskGroup> {
    createTask<T>(coro: PromiseLike<T>, options?: { name?: string | null }): Task<T>;
    __aenter__(): Promise<TaskGroup>;
    __aexit__(excType: unknown, exc: unknown, tb: unknown): Promise<void>;
  }

  /** A deadline for a block, as `asyncWith(asyncio.timeout(s), async (cm) => …)` gives it. */
  export class Timeout implements AsyncContextManager<Timeout> {
    constructor(when: number | null);
    /** The deadline in loop time (`loop.time()`), or null. */
    when(): number | null;
    reschedule(when: number | null): void;
    expired(): boolean;
    __aenter__(): Promise<Timeout>;
    __aexit__(excType: unknown, exc: unknown, tb: unknown): Promise<null>;
  }
  /** A Timeout `delay` seconds from now (null: none); expiring raises TimeoutError. */
  export function timeout(delay: number | null): Timeout;
  /** A Timeout at loop time `when` (null: none). */
  export function timeoutAt(when: number | null): Timeout;

  /** Awaitables in completion order: the first awaited gives the first result to arrive. */
  export function asCompleted<T>(
    fs: Iterable<Awaitable<T>>,
    options?: { timeout?: number | null },
  ): Generator<Promise<T>, void, unknown>;
  /** A future with `aw`'s outcome; cancelling it does not cancel `aw`. */
  export function shield<T>(aw: Awaitable<T>): Future<T>;
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

declare module 'concurrent.futures' {
  export { CancelledError, TimeoutError } from 'asyncio';

  /** A job's future; its state is what the observing thread sees at its own time. */
  export class Future<T = unknown> {
    /** Blocks the calling thread until the job is done, or raises TimeoutError after `timeout` s. */
    result(timeout?: number | null): T;
    exception(timeout?: number | null): unknown;
    done(): boolean;
    running(): boolean;
    cancelled(): boolean;
    /** Cancels a job no worker has started yet; false once it runs. */
    cancel(): boolean;
    addDoneCallback(fn: (future: this) => unknown): void;
  }

  export class Executor {
    submit<A extends unknown[], R>(fn: (...args: A) => R, ...args: A): Future<R>;
    /** Submits every call at once; yields the results in order, waiting for each in turn. */
    map<T, R>(fn: (item: T) => R, items: Iterable<T>): Generator<R, void, undefined>;
    map<R>(fn: (...args: never[]) => R, ...iterables: Iterable<unknown>[]): Generator<R, void, undefined>;
    shutdown(options?: { wait?: boolean; cancelFutures?: boolean }): void;
    /** `using pool = new ThreadPoolExecutor()`: shuts down and waits at the end of the block. */
    [Symbol.dispose](): void;
  }

  export class ThreadPoolExecutor extends Executor {
    constructor(options?: { maxWorkers?: number; threadNamePrefix?: string });
  }

  export class ProcessPoolExecutor extends Executor {
    constructor(options?: { maxWorkers?: number });
  }

  export function wait<T>(
    fs: Iterable<Future<T>>,
    options?: { timeout?: number | null; returnWhen?: string },
  ): [Set<Future<T>>, Set<Future<T>>];
  export function asCompleted<T>(
    fs: Iterable<Future<T>>,
    options?: { timeout?: number | null },
  ): Generator<Future<T>, void, undefined>;
  export const FIRST_COMPLETED: 'FIRST_COMPLETED';
  export const FIRST_EXCEPTION: 'FIRST_EXCEPTION';
  export const ALL_COMPLETED: 'ALL_COMPLETED';
}

declare module 'aiohttp' {
  export class ClientError extends Error {}
  export class ClientConnectionError extends ClientError {}
  export class ClientConnectorError extends ClientConnectionError {}
  export class ServerDisconnectedError extends ClientConnectionError {}
  export class ServerTimeoutError extends ClientConnectionError {}
  export class InvalidURL extends ClientError {}
  export class ClientResponseError extends ClientError {
    readonly status: number;
  }

  /** Seconds; the default is 5 minutes in total. */
  export class ClientTimeout {
    constructor(options?: {
      total?: number | null;
      connect?: number | null;
      sockRead?: number | null;
      sockConnect?: number | null;
    });
    total: number | null;
    connect: number | null;
    sockRead: number | null;
    sockConnect: number | null;
  }

  export class ClientResponse {
    readonly method: string;
    readonly url: string;
    readonly status: number;
    readonly reason: string;
    readonly headers: Record<string, string>;
    readonly ok: boolean;
    read(): Promise<Uint8Array>;
    text(): Promise<string>;
    json(): Promise<any>;
    raiseForStatus(): void;
    release(): void;
  }

  /** What `session.get(url)` returns: awaitable, and an async context manager. */
  interface RequestContextManager extends Promise<ClientResponse> {
    __aenter__(): Promise<ClientResponse>;
    __aexit__(...exc: unknown[]): Promise<void>;
    [Symbol.asyncDispose](): Promise<void>;
  }

  interface RequestOptions {
    timeout?: ClientTimeout;
    data?: unknown;
    json?: unknown;
    params?: Record<string, unknown>;
  }

  export class ClientSession {
    constructor(options?: { timeout?: ClientTimeout });
    readonly closed: boolean;
    request(method: string, url: string, options?: RequestOptions): RequestContextManager;
    get(url: string, options?: RequestOptions): RequestContextManager;
    post(url: string, options?: RequestOptions): RequestContextManager;
    put(url: string, options?: RequestOptions): RequestContextManager;
    delete(url: string, options?: RequestOptions): RequestContextManager;
    close(): Promise<void>;
    __aenter__(): Promise<ClientSession>;
    __aexit__(...exc: unknown[]): Promise<void>;
    [Symbol.asyncDispose](): Promise<void>;
  }
}

declare module 'requests' {
  export class RequestException extends Error {}
  export class ConnectionError extends RequestException {}
  export class Timeout extends RequestException {}
  export class ReadTimeout extends Timeout {}
  export class HTTPError extends RequestException {}

  export class Response {
    readonly url: string;
    readonly statusCode: number;
    readonly reason: string;
    readonly headers: Record<string, string>;
    readonly ok: boolean;
    readonly content: Uint8Array;
    readonly text: string;
    json(): any;
    raiseForStatus(): void;
  }

  /** Blocking: the calling thread waits for the response (`timeout` in seconds). */
  export function get(url: string, options?: { timeout?: number | null }): Response;
  export function post(url: string, options?: { timeout?: number | null }): Response;
  export function put(url: string, options?: { timeout?: number | null }): Response;
  // `delete` is a reserved word: declared under another name and exported as `delete`.
  function delete_(url: string, options?: { timeout?: number | null }): Response;
  export { delete_ as delete };
}

declare module 'aiomysql' {
  /** PyMySQL's errors: `args` is [code, message]. */
  class MySQLError extends Error {
    args: [number, string];
  }
  export { MySQLError as Error };
  export class OperationalError extends MySQLError {}
  export class ProgrammingError extends MySQLError {}
  export class InterfaceError extends MySQLError {}

  interface ConnectOptions {
    host?: string;
    port?: number;
    user?: string;
    password?: string;
    db?: string;
    /** Seconds (aiomysql's default is 60). */
    connectTimeout?: number;
  }

  /** Awaitable for the value, and an async context manager that releases it. */
  interface AsyncContextManager<T> extends Promise<T> {
    __aenter__(): Promise<T>;
    __aexit__(...exc: unknown[]): Promise<void>;
  }

  export class Connection {
    private constructor();
    readonly host: string;
    readonly port: number;
    readonly db: string | null;
    readonly closed: boolean;
    cursor(): AsyncContextManager<Cursor>;
    close(): void;
    ensureClosed(): Promise<void>;
    commit(): Promise<void>;
    rollback(): Promise<void>;
    __aenter__(): Promise<Connection>;
    __aexit__(...exc: unknown[]): Promise<void>;
  }

  export class Cursor {
    private constructor();
    readonly connection: Connection;
    readonly rowcount: number;
    /** Runs a statement (`%s` placeholders take `args`, a list or one value); resolves to the
     * number of rows. */
    execute(sql: string, args?: unknown): Promise<number>;
    fetchall(): Promise<any[][]>;
    fetchone(): Promise<any[] | null>;
    fetchmany(size?: number): Promise<any[][]>;
    close(): Promise<void>;
    __aenter__(): Promise<Cursor>;
    __aexit__(...exc: unknown[]): Promise<void>;
  }

  /** At most `maxsize` connections; `acquire` waits for a free one. */
  export class Pool {
    private constructor();
    readonly minsize: number;
    readonly maxsize: number;
    readonly size: number;
    readonly freesize: number;
    acquire(): AsyncContextManager<Connection>;
    release(connection: Connection): Promise<void>;
    close(): void;
    terminate(): void;
    waitClosed(): Promise<void>;
  }

  export function connect(options?: ConnectOptions): Promise<Connection>;
  export function createPool(options?: ConnectOptions & { minsize?: number; maxsize?: number }): Promise<Pool>;
}

declare module 'fs' {
  type Data = string | Uint8Array | ArrayBuffer;
  /** The in-memory file system; RunResult.files reports what the program saved. */
  export function writeFileSync(path: string, data: Data): void;
  export function appendFileSync(path: string, data: Data): void;
  export function readFileSync(path: string): Uint8Array;
  export function readFileSync(path: string, options: string | { encoding: string }): string;
  export function existsSync(path: string): boolean;
  /** With `recursive`, returns the first directory it created. */
  export function mkdirSync(path: string, options?: { recursive?: boolean }): string | undefined;
  export function readdirSync(path: string): string[];
  export function unlinkSync(path: string): void;
}

declare module 'path' {
  export const sep: '/';
  export function join(...parts: string[]): string;
  export function normalize(path: string): string;
  export function dirname(path: string): string;
  export function basename(path: string, ext?: string): string;
  export function extname(path: string): string;
}

declare module 'functools' {
  /** `fn` with its first arguments fixed. */
  export function partial<P extends unknown[], Rest extends unknown[], R>(
    fn: (...args: [...P, ...Rest]) => R,
    ...fixed: P
  ): (...rest: Rest) => R;
}

declare module 'uvloop' {
  import { AbstractEventLoop, AbstractEventLoopPolicy } from 'asyncio';
  /** The same virtual loop; its class reports itself as `uvloop.Loop`. */
  export class Loop extends AbstractEventLoop {}
  export class EventLoopPolicy extends AbstractEventLoopPolicy {}
  /** Sets uvloop's policy: loops made from now on are uvloop loops. */
  export function install(): void;
  export function newEventLoop(): Loop;
}
