import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

/** Processes of a distributed deployment on this machine, and an HTTP client for it. */

const CLI = fileURLToPath(new URL('../../cli/asynclab.ts', import.meta.url));

export interface Started {
  child: ChildProcess;
  /** Everything it printed, for messages when something goes wrong. */
  output: () => string;
}

/** Starts `asynclab serve` (resolving once it listens, with its address) or `asynclab worker`. */
export async function start(
  command: 'serve' | 'worker',
  env: Record<string, string>,
): Promise<Started & { address: string }> {
  const child = spawn(process.execPath, ['--no-node-snapshot', CLI, command], {
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const address = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const listening = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (listening) resolve(listening[1] as string);
      if (command === 'worker' && output.includes('grading worker started')) resolve('');
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`asynclab ${command} exited with ${code}:\n${output}`)));
  });
  // Keep reading, so a full pipe never blocks the process.
  return { child, address, output: () => output };
}

/** Stops a process (SIGTERM by default) and waits for it to exit. */
export async function stop(started: Started, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  if (started.child.exitCode !== null || started.child.signalCode !== null) return started.child.exitCode;
  const exited = once(started.child, 'exit') as Promise<[number | null]>;
  started.child.kill(signal);
  return (await exited)[0];
}

/** Polls until `check` holds, or fails after `ms` with the description. */
export async function until(what: string, check: () => Promise<boolean>, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** A learner's browser over real HTTP: cookies, and the CSRF token on state-changing requests. */
export class HttpClient {
  private readonly base: string;
  private readonly cookies = new Map<string, string>();
  private csrf: string | undefined;

  constructor(base: string) {
    this.base = base;
  }

  async request(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; json: any; headers: Headers }> {
    const headers: Record<string, string> = {};
    if (method !== 'GET') {
      this.csrf ??= ((await this.request('GET', '/api/auth/csrf')).json as { token: string }).token;
      headers['x-csrf-token'] = this.csrf;
    }
    headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${this.base}${path}`, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = ''] = cookie.split(';');
      const eq = pair.indexOf('=');
      this.cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    const text = await response.text();
    return { status: response.status, json: text ? (JSON.parse(text) as unknown) : null, headers: response.headers };
  }

  /** Registers (the first account on a database becomes its admin). */
  async signUp(name: string): Promise<string> {
    const email = `${name}@example.com`;
    const answer = await this.request('POST', '/api/auth/register', { email, name, password: 'correct horse battery' });
    if (answer.status !== 201) throw new Error(`sign-up of ${name} failed: ${JSON.stringify(answer.json)}`);
    return (answer.json as { id: string }).id;
  }
}
