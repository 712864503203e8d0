import type { ResponseFixture } from '../fixture.ts';
import { blockingCall } from './blocking.ts';
import { utf8Decode } from './bytes.ts';
import { Coroutine, coroutineFunction } from './coroutines.ts';
import { named, RuntimeError, TimeoutError } from './exceptions.ts';
import { clock, secondsToNs, threadNowNs } from './state.ts';
import { type ParsedUrl, bodyBytes, latencySeconds, parseUrl, requestSpan, responseFor, wait } from './world.ts';

/**
 * HTTP on the virtual clock: `aiohttp` (asynchronous) and `requests` (blocking), answered by
 * the exercise's fixture. Everything is deterministic, so each request's outcome and time are
 * known when it starts: the client's time-out, the server's latency or its failure.
 */

/** Gives an error class its Python name, on instances and on the class itself (the bundler
 * may rename the class: `ClientError2`). */

/** What a request comes to: a response after `seconds`, or an error after `seconds`. */
interface Outcome {
  seconds: number;
  response?: ResponseFixture;
  error?: () => Error;
}

interface Failures {
  unknownHost: (target: ParsedUrl) => Error;
  refused: (target: ParsedUrl) => Error;
  reset: () => Error;
  serverTimeout: () => Error;
  clientTimeout: (target: ParsedUrl, seconds: number) => Error;
}

/** Decides a request's outcome from the fixture and the client's time-out (seconds). */
function outcomeOf(url: string, timeout: number | null, failures: Failures, invalid: () => Error): Outcome {
  const target = parseUrl(url);
  if (!target) return { seconds: 0, error: invalid };
  const spec = responseFor(url, target.host);
  if (!spec) return { seconds: 0, error: () => failures.unknownHost(target) };
  const latency = latencySeconds(spec.latency, url);
  const answersAt = spec.failure === 'never' ? Infinity : latency;
  if (timeout !== null && timeout < answersAt) {
    return { seconds: timeout, error: () => failures.clientTimeout(target, timeout) };
  }
  if (answersAt === Infinity) return { seconds: Infinity };
  switch (spec.failure) {
    case 'refused':
      return { seconds: latency, error: () => failures.refused(target) };
    case 'reset':
      return { seconds: latency, error: failures.reset };
    case 'timeout':
      return { seconds: latency, error: failures.serverTimeout };
    default:
      return { seconds: latency, response: spec };
  }
}

// ---- aiohttp ----------------------------------------------------------------------------------

export const ClientError = named(class ClientError extends Error {}, 'ClientError');
export const ClientConnectionError = named(class ClientConnectionError extends ClientError {}, 'ClientConnectionError');
export const ClientConnectorError = named(
  class ClientConnectorError extends ClientConnectionError {},
  'ClientConnectorError',
);
export const ServerDisconnectedError = named(
  class ServerDisconnectedError extends ClientConnectionError {},
  'ServerDisconnectedError',
);
export const ServerTimeoutError = named(
  class ServerTimeoutError extends ClientConnectionError {},
  'ServerTimeoutError',
);
export const InvalidURL = named(class InvalidURL extends ClientError {}, 'InvalidURL');
export const ClientResponseError = named(
  class ClientResponseError extends ClientError {
    status: number;
    constructor(status: number, message: string, url: string) {
      super(`${status}, message='${message}', url='${url}'`);
      this.status = status;
    }
  },
  'ClientResponseError',
);

const aiohttpFailures: Failures = {
  unknownHost: ({ host, port }) =>
    new ClientConnectorError(`Cannot connect to host ${host}:${port} ssl:default [Name or service not known]`),
  refused: ({ host, port }) =>
    new ClientConnectorError(
      `Cannot connect to host ${host}:${port} ssl:default [Connect call failed ('${host}', ${port})]`,
    ),
  reset: () => new ServerDisconnectedError('Server disconnected'),
  serverTimeout: () => new ServerTimeoutError('Timeout on reading data from socket'),
  clientTimeout: () => new TimeoutError(),
};

/** aiohttp.ClientTimeout({ total, connect, sockRead, sockConnect }); the default is 5 minutes total. */
export class ClientTimeout {
  total: number | null;
  connect: number | null;
  sockRead: number | null;
  sockConnect: number | null;
  constructor(
    options: {
      total?: number | null;
      connect?: number | null;
      sockRead?: number | null;
      sockConnect?: number | null;
    } = {},
  ) {
    this.total = options.total ?? null;
    this.connect = options.connect ?? null;
    this.sockRead = options.sockRead ?? null;
    this.sockConnect = options.sockConnect ?? null;
  }
}

const DEFAULT_TIMEOUT = new ClientTimeout({ total: 300, sockConnect: 30 });

/** aiohttp.ClientResponse: the whole body arrives with the response. */
export class ClientResponse {
  readonly method: string;
  readonly url: string;
  readonly status: number;
  readonly reason: string;
  readonly headers: Record<string, string>;
  readonly _body: Uint8Array;

  constructor(method: string, url: string, spec: ResponseFixture) {
    this.method = method;
    this.url = url;
    this.status = spec.status;
    this.reason = REASONS[spec.status] ?? '';
    this.headers = { ...spec.headers };
    this._body = bodyBytes(spec.body);
  }

  get ok(): boolean {
    return this.status < 400;
  }

  /** The body as bytes (a coroutine, as in aiohttp). */
  read(): Coroutine {
    return readBody(this);
  }

  text(): Coroutine {
    return readText(this);
  }

  json(): Coroutine {
    return readJson(this);
  }

  raiseForStatus(): void {
    if (!this.ok) throw new ClientResponseError(this.status, this.reason, this.url);
  }

  release(): void {}

  toString(): string {
    return `<ClientResponse(${this.url}) [${this.status} ${this.reason}]>`;
  }
}

const readBody = coroutineFunction('read', function* (response: ClientResponse) {
  return response._body;
});
const readText = coroutineFunction('text', function* (response: ClientResponse) {
  return utf8Decode(response._body);
});
const readJson = coroutineFunction('json', function* (response: ClientResponse) {
  return JSON.parse(utf8Decode(response._body)) as unknown;
});

const REASONS: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  204: 'No Content',
  301: 'Moved Permanently',
  302: 'Found',
  304: 'Not Modified',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** One aiohttp request: a coroutine resolving to the response. */
const request = coroutineFunction(
  '_request',
  function* (session: ClientSession, method: string, url: string, timeout: ClientTimeout | undefined) {
    if (session.closed) throw new RuntimeError('Session is closed');
    const limit = (timeout ?? session._timeout).total;
    const outcome = outcomeOf(String(url), limit, aiohttpFailures, () => new InvalidURL(String(url)));
    const startNs = clock.nowNs;
    yield* wait(outcome.seconds, `a response to ${method} ${url}, which never comes (no time-out is set)`);
    requestSpan('network', `${method} ${url}`, startNs, !outcome.response);
    if (!outcome.response) throw (outcome.error as () => Error)();
    return new ClientResponse(method, String(url), outcome.response);
  },
);

/**
 * What `session.get(url)` returns: awaitable (the request coroutine) and an async context
 * manager (`asyncWith(session.get(url), async (resp) => …)`), as aiohttp's
 * _RequestContextManager is.
 */
function requestContext(coro: Coroutine): Coroutine & { __aenter__(): Coroutine; __aexit__(): Coroutine } {
  return Object.assign(coro, {
    __aenter__: () => coro,
    __aexit__: () => noop(),
    [Symbol.asyncDispose]: () => noop(),
  });
}

const noop = coroutineFunction('__aexit__', function* () {
  return false;
});

interface RequestOptions {
  timeout?: ClientTimeout;
  data?: unknown;
  json?: unknown;
  params?: Record<string, unknown>;
}

/** aiohttp.ClientSession: one session, many requests; an async context manager. */
export class ClientSession {
  closed = false;
  _timeout: ClientTimeout;

  constructor(options: { timeout?: ClientTimeout } = {}) {
    this._timeout = options.timeout ?? DEFAULT_TIMEOUT;
  }

  request(method: string, url: string, options: RequestOptions = {}): Coroutine {
    return requestContext(request(this, method.toUpperCase(), url, options.timeout));
  }

  get(url: string, options?: RequestOptions): Coroutine {
    return this.request('GET', url, options);
  }

  post(url: string, options?: RequestOptions): Coroutine {
    return this.request('POST', url, options);
  }

  put(url: string, options?: RequestOptions): Coroutine {
    return this.request('PUT', url, options);
  }

  delete(url: string, options?: RequestOptions): Coroutine {
    return this.request('DELETE', url, options);
  }

  close(): Coroutine {
    return closeSession(this);
  }

  __aenter__(): Coroutine {
    return enterSession(this);
  }

  __aexit__(): Coroutine {
    return closeSession(this);
  }

  [Symbol.asyncDispose](): Coroutine {
    return closeSession(this);
  }
}

const enterSession = coroutineFunction('__aenter__', function* (session: ClientSession) {
  return session;
});
const closeSession = coroutineFunction('close', function* (session: ClientSession) {
  session.closed = true;
});

export const aiohttp = {
  ClientSession,
  ClientTimeout,
  ClientResponse,
  ClientError,
  ClientConnectionError,
  ClientConnectorError,
  ClientResponseError,
  ServerDisconnectedError,
  ServerTimeoutError,
  InvalidURL,
};

// ---- requests (blocking) ----------------------------------------------------------------------

export const RequestException = named(class RequestException extends Error {}, 'RequestException');
export const ConnectionError = named(class ConnectionError extends RequestException {}, 'ConnectionError');
export const Timeout = named(class Timeout extends RequestException {}, 'Timeout');
export const ReadTimeout = named(class ReadTimeout extends Timeout {}, 'ReadTimeout');
export const HTTPError = named(class HTTPError extends RequestException {}, 'HTTPError');

/** urllib3's pool name, which starts requests' messages. */
const connectionPool = ({ scheme, host, port }: ParsedUrl): string =>
  `${scheme === 'https' ? 'HTTPS' : 'HTTP'}ConnectionPool(host='${host}', port=${port})`;

const newConnection = (target: ParsedUrl, reason: string): Error =>
  new ConnectionError(
    `${connectionPool(target)}: Max retries exceeded with url: ${target.path} (Caused by NewConnectionError('Failed to establish a new connection: ${reason}'))`,
  );

const requestsFailures: Failures = {
  unknownHost: (target) => newConnection(target, '[Errno -2] Name or service not known'),
  refused: (target) => newConnection(target, '[Errno 111] Connection refused'),
  reset: () => new ConnectionError("('Connection aborted.', ConnectionResetError(104, 'Connection reset by peer'))"),
  serverTimeout: () =>
    new ConnectionError("('Connection aborted.', RemoteDisconnected('Remote end closed connection without response'))"),
  clientTimeout: (target, seconds) =>
    new ReadTimeout(`${connectionPool(target)}: Read timed out. (read timeout=${seconds})`),
};

/** requests.Response. */
export class Response {
  readonly url: string;
  readonly statusCode: number;
  readonly reason: string;
  readonly headers: Record<string, string>;
  readonly content: Uint8Array;

  constructor(url: string, spec: ResponseFixture) {
    this.url = url;
    this.statusCode = spec.status;
    this.reason = REASONS[spec.status] ?? '';
    this.headers = { ...spec.headers };
    this.content = bodyBytes(spec.body);
  }

  get ok(): boolean {
    return this.statusCode < 400;
  }

  get text(): string {
    return utf8Decode(this.content);
  }

  json(): unknown {
    return JSON.parse(this.text) as unknown;
  }

  raiseForStatus(): void {
    if (!this.ok) throw new HTTPError(`${this.statusCode} Error: ${this.reason} for url: ${this.url}`);
  }

  toString(): string {
    return `<Response [${this.statusCode}]>`;
  }
}

/** A blocking request: holds the calling thread until the response (or the failure). */
function blockingRequest(method: string, url: string, options: { timeout?: number | null } = {}): Response {
  const outcome = outcomeOf(
    String(url),
    options.timeout ?? null,
    requestsFailures,
    () => new RequestException(`Invalid URL '${url}'`),
  );
  const startNs = threadNowNs();
  blockingCall(
    `requests.${method.toLowerCase()}`,
    outcome.seconds === Infinity ? Infinity : secondsToNs(outcome.seconds),
    blockingRequest,
  );
  requestSpan('network', `${method} ${url}`, startNs, !outcome.response);
  if (!outcome.response) throw (outcome.error as () => Error)();
  return new Response(String(url), outcome.response);
}

export const requests = {
  get: (url: string, options?: { timeout?: number | null }) => blockingRequest('GET', url, options),
  post: (url: string, options?: { timeout?: number | null }) => blockingRequest('POST', url, options),
  put: (url: string, options?: { timeout?: number | null }) => blockingRequest('PUT', url, options),
  delete: (url: string, options?: { timeout?: number | null }) => blockingRequest('DELETE', url, options),
  Response,
  RequestException,
  ConnectionError,
  Timeout,
  ReadTimeout,
  HTTPError,
};
