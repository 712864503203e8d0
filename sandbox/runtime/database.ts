import type { DatabaseFixture } from '../fixture.ts';
import { Coroutine, coroutineFunction } from './coroutines.ts';
import { getRunningLoop } from './events.ts';
import { type Future, internalFuture } from './futures.ts';
import { named, RuntimeError } from './exceptions.ts';
import { clock } from './state.ts';
import { currentFixture, latencySeconds, requestSpan, wait } from './world.ts';

/**
 * aiomysql on the virtual clock: database hosts, connect latencies, failures and canned
 * results for statements come from the exercise's fixture.
 */

/** Gives an error class its Python name, on instances and on the class itself (the bundler
 * may rename the class: `OperationalError2`). */

/** PyMySQL's errors carry (code, message) as their args; str() shows both. */
class MySQLError extends Error {
  args: [number, string];
  constructor(code: number, message: string) {
    super(`(${code}, "${message}")`);
    this.args = [code, message];
  }
}
export const OperationalError = named(class OperationalError extends MySQLError {}, 'OperationalError');
export const ProgrammingError = named(class ProgrammingError extends MySQLError {}, 'ProgrammingError');
export const InterfaceError = named(class InterfaceError extends MySQLError {}, 'InterfaceError');

/** aiomysql's default connect_timeout. */
const DEFAULT_CONNECT_TIMEOUT = 60;
const IP_ADDRESS = /^\d{1,3}(\.\d{1,3}){3}$/;

interface ConnectOptions {
  host?: string;
  port?: number;
  user?: string;
  password?: string;
  db?: string;
  connectTimeout?: number;
}

/** Normalises a statement for matching: whitespace and case do not matter, nor a final ';'. */
function normalise(sql: string): string {
  return sql
    .replace(/\s+/g, ' ')
    .replace(/\s*([,()=;])\s*/g, '$1')
    .trim()
    .replace(/;$/, '')
    .toLowerCase();
}

/** PyMySQL's `%s` interpolation of arguments, quoting strings; one value stands for itself. */
function interpolate(sql: string, args: unknown): string {
  const values = Array.isArray(args) ? args : [args];
  let i = 0;
  return sql.replace(/%s/g, () => {
    const value = values[i++];
    if (value === null || value === undefined) return 'NULL';
    return typeof value === 'string' ? `'${value.replace(/'/g, "\\'")}'` : String(value);
  });
}

const connect = coroutineFunction('connect', function* (options: ConnectOptions = {}) {
  const host = options.host ?? 'localhost';
  const port = options.port ?? 3306;
  const timeout = options.connectTimeout ?? DEFAULT_CONNECT_TIMEOUT;
  const spec = currentFixture().databases[host];
  const startNs = clock.nowNs;
  const fail = (seconds: number, code: number, message: string): Generator<unknown, never, unknown> =>
    (function* () {
      yield* wait(seconds);
      requestSpan('database', `connect ${host}:${port}`, startNs, true);
      throw new OperationalError(code, message);
    })();
  if (!spec) {
    // An address nobody answers at times out; a name nobody knows fails at once.
    if (IP_ADDRESS.test(host)) yield* fail(timeout, 2003, `Can't connect to MySQL server on '${host}' (timed out)`);
    yield* fail(0, 2005, `Unknown MySQL server host '${host}' (-2)`);
  }
  const fixture = spec as DatabaseFixture;
  const latency = latencySeconds(fixture.latency, `mysql://${host}:${port}`);
  if (fixture.failure === 'never' || latency > timeout) {
    yield* fail(timeout, 2003, `Can't connect to MySQL server on '${host}' (timed out)`);
  }
  if (fixture.failure === 'refused') {
    yield* fail(latency, 2003, `Can't connect to MySQL server on '${host}' ([Errno 111] Connection refused)`);
  }
  yield* wait(latency);
  requestSpan('database', `connect ${host}:${port}`, startNs, false);
  return new Connection(host, port, fixture, options.db ?? null);
});

/** aiomysql.Connection. */
export class Connection {
  readonly host: string;
  readonly port: number;
  readonly db: string | null;
  readonly _fixture: DatabaseFixture;
  _closed = false;

  constructor(host: string, port: number, fixture: DatabaseFixture, db: string | null) {
    this.host = host;
    this.port = port;
    this._fixture = fixture;
    this.db = db;
  }

  get closed(): boolean {
    return this._closed;
  }

  /** `await conn.cursor()`, or `asyncWith(conn.cursor(), async (cur) => …)`. */
  cursor(): Coroutine {
    return contextManager(openCursor(this), (cursor: Cursor) => cursor.close());
  }

  close(): void {
    this._closed = true;
  }

  ensureClosed(): Coroutine {
    return closeConnection(this);
  }

  commit(): Coroutine {
    return nothing();
  }

  rollback(): Coroutine {
    return nothing();
  }

  __aenter__(): Coroutine {
    return itself(this);
  }

  __aexit__(): Coroutine {
    return closeConnection(this);
  }

  toString(): string {
    return `<aiomysql.connection.Connection object host=${this.host} port=${this.port}>`;
  }
}

const openCursor = coroutineFunction('cursor', function* (connection: Connection) {
  if (connection._closed) throw new InterfaceError(0, 'Not connected');
  return new Cursor(connection);
});
const closeConnection = coroutineFunction('ensure_closed', function* (connection: Connection) {
  connection._closed = true;
});
const nothing = coroutineFunction('commit', function* () {});
const itself = coroutineFunction('__aenter__', function* (value: unknown) {
  return value;
});

/** aiomysql.Cursor: execute a statement, then fetch its rows. */
export class Cursor {
  readonly connection: Connection;
  rowcount = -1;
  _rows: unknown[][] = [];
  _next = 0;
  _closed = false;

  constructor(connection: Connection) {
    this.connection = connection;
  }

  /** Runs a statement after its latency; returns the number of rows. */
  execute(sql: string, args: unknown = []): Coroutine {
    return execute(this, sql, args);
  }

  fetchall(): Coroutine {
    return fetch(this, Infinity);
  }

  fetchone(): Coroutine {
    return fetchOne(this);
  }

  fetchmany(size = 1): Coroutine {
    return fetch(this, size);
  }

  close(): Coroutine {
    return closeCursor(this);
  }

  __aenter__(): Coroutine {
    return itself(this);
  }

  __aexit__(): Coroutine {
    return closeCursor(this);
  }
}

const execute = coroutineFunction('execute', function* (cursor: Cursor, sql: string, args: unknown) {
  if (cursor._closed || cursor.connection._closed) throw new ProgrammingError(0, 'Cursor closed');
  const statement = interpolate(String(sql), args);
  const query = cursor.connection._fixture.queries.find(
    (q) => normalise(q.sql) === normalise(statement) || normalise(q.sql) === normalise(String(sql)),
  );
  const startNs = clock.nowNs;
  if (!query) {
    throw new ProgrammingError(1064, `the exercise's database has no result for: ${statement}`);
  }
  yield* wait(latencySeconds(query.latency, `${cursor.connection.host}:${normalise(statement)}`));
  requestSpan('database', statement, startNs, query.error !== undefined);
  if (query.error) throw new OperationalError(query.error.code, query.error.message);
  cursor._rows = query.rows.map((row) => [...row]);
  cursor._next = 0;
  cursor.rowcount = cursor._rows.length;
  return cursor.rowcount;
});

const fetch = coroutineFunction('fetchall', function* (cursor: Cursor, size: number) {
  const rows = cursor._rows.slice(cursor._next, cursor._next + size);
  cursor._next += rows.length;
  return rows;
});
const fetchOne = coroutineFunction('fetchone', function* (cursor: Cursor) {
  return cursor._next < cursor._rows.length ? cursor._rows[cursor._next++] : null;
});
const closeCursor = coroutineFunction('close', function* (cursor: Cursor) {
  cursor._closed = true;
});

/** Makes a coroutine also an async context manager that runs `exit` on the value it gave. */
function contextManager<T>(coro: Coroutine, exit: (value: T) => Coroutine): Coroutine {
  let entered: T | undefined;
  const enter = coroutineFunction('__aenter__', function* () {
    entered = (yield coro) as T;
    return entered;
  });
  const leave = coroutineFunction('__aexit__', function* () {
    if (entered !== undefined) yield exit(entered);
    return false;
  });
  return Object.assign(coro, { __aenter__: enter, __aexit__: leave });
}

/** aiomysql.Pool: at most `maxsize` connections; `acquire` waits for a free one, FIFO. */
export class Pool {
  readonly _options: ConnectOptions;
  readonly maxsize: number;
  readonly minsize: number;
  _free: Connection[] = [];
  _used = new Set<Connection>();
  _waiters: Future[] = [];
  _closed = false;

  constructor(options: ConnectOptions & { minsize?: number; maxsize?: number }) {
    this._options = options;
    this.minsize = options.minsize ?? 1;
    this.maxsize = options.maxsize ?? 10;
  }

  get size(): number {
    return this._free.length + this._used.size;
  }

  get freesize(): number {
    return this._free.length;
  }

  acquire(): Coroutine {
    return contextManager(acquire(this), (connection: Connection) => release(this, connection));
  }

  release(connection: Connection): Coroutine {
    return release(this, connection);
  }

  close(): void {
    this._closed = true;
  }

  terminate(): void {
    this._closed = true;
  }

  waitClosed(): Coroutine {
    return nothing();
  }
}

const acquire = coroutineFunction('acquire', function* (pool: Pool) {
  for (;;) {
    if (pool._closed) throw new RuntimeError('Cannot acquire connection after closing pool');
    const free = pool._free.shift();
    if (free) {
      pool._used.add(free);
      return free;
    }
    if (pool.size < pool.maxsize) {
      // Count the connection as used while it is being made, so the pool never exceeds maxsize.
      const placeholder = new Connection('', 0, { latency: 0, queries: [] }, null);
      pool._used.add(placeholder);
      let connection: Connection | undefined;
      try {
        connection = (yield connect(pool._options)) as Connection;
      } finally {
        pool._used.delete(placeholder);
        // A failed connect frees its place: the next waiter tries in turn, as in aiomysql.
        if (!connection) wakeNextWaiter(pool);
      }
      pool._used.add(connection);
      return connection;
    }
    const waiter = internalFuture(getRunningLoop());
    (waiter as { _waitingFor?: string })._waitingFor = 'a free connection in the aiomysql pool';
    pool._waiters.push(waiter);
    yield waiter;
  }
});

const release = coroutineFunction('release', function* (pool: Pool, connection: Connection) {
  if (!pool._used.delete(connection)) return;
  pool._free.push(connection);
  wakeNextWaiter(pool);
});

function wakeNextWaiter(pool: Pool): void {
  const waiter = pool._waiters.shift();
  if (waiter && !waiter.done()) waiter.setResult(undefined);
}

const createPool = coroutineFunction(
  'create_pool',
  function* (options: ConnectOptions & { minsize?: number; maxsize?: number } = {}) {
    const pool = new Pool(options);
    for (let i = 0; i < pool.minsize; i++) pool._free.push((yield connect(options)) as Connection);
    return pool;
  },
);

export const aiomysql = {
  connect,
  createPool,
  Connection,
  Cursor,
  Pool,
  OperationalError,
  ProgrammingError,
  InterfaceError,
  Error: MySQLError,
};
