import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, InjectOptions } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import type { Runner } from '../../grader/grade.ts';
import { loadConfig } from '../../server/config.ts';
import { buildServer } from '../../server/server.ts';

/**
 * The HTTP suites run against a fresh database each: SQLite by default, PostgreSQL when
 * TEST_DATABASE=postgresql (a new database on the local server, dropped afterwards).
 */
const POSTGRES_ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgresql://postgres@localhost:5432/postgres';

export const onPostgresql = process.env.TEST_DATABASE === 'postgresql';

/** A new empty database for a test file: a SQLite file in `dataDir`, or a PostgreSQL database. */
export async function freshDatabase(dataDir: string): Promise<{ url: string; drop: () => Promise<void> }> {
  if (!onPostgresql) return { url: `file:${join(dataDir, 'test.db')}`, drop: () => Promise.resolve() };
  const name = `asynclab_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

export interface TestApp {
  app: FastifyInstance;
  /** A client with no session yet. */
  client(): Client;
  /** Registers an account (the first one becomes the admin), gives it `role` when named, and returns its logged-in client. */
  signUp(name: string, role?: 'learner' | 'teacher' | 'admin'): Promise<Client>;
  dataDir: string;
  /** The database's URL, for a second process on the same data. */
  url: string;
}

export interface AppSetup {
  env?: Record<string, string>;
  runner?: Runner;
}

/** The real service on the given database, quiet and without rate limits unless `setup.env` sets them. */
export function startApp(dataDir: string, url: string, setup: AppSetup = {}): Promise<FastifyInstance> {
  const config = loadConfig({
    DATA_DIR: dataDir,
    DATABASE_URL: url,
    LOG_LEVEL: 'silent',
    GRADING_CONCURRENCY: '1',
    RATE_LIMIT_AUTH: '10000',
    RATE_LIMIT_RUN: '10000',
    RATE_LIMIT_SUBMIT: '10000',
    ...setup.env,
  });
  return buildServer({ config, ...(setup.runner ? { runner: setup.runner } : {}) });
}

/** Builds the real service on a fresh database for the test file; closes and removes it after. */
export function useApp(setup: AppSetup = {}): TestApp {
  const test = {} as TestApp;
  let drop = (): Promise<void> => Promise.resolve();
  let admin: Client | undefined;
  beforeAll(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'asynclab-http-'));
    const database = await freshDatabase(dataDir);
    drop = database.drop;
    const app = await startApp(dataDir, database.url, setup);
    Object.assign(test, {
      app,
      dataDir,
      url: database.url,
      client: () => new Client(app),
      signUp: async (name: string, role?: 'learner' | 'teacher' | 'admin') => {
        const client = new Client(app);
        const email = `${name.toLowerCase().replaceAll(' ', '.')}@example.com`;
        const created = await client.post('/api/auth/register', { email, name, password: 'correct horse battery' });
        if (created.statusCode !== 201) throw new Error(`sign-up failed: ${created.body}`);
        client.userId = created.json<{ id: string }>().id;
        if (created.json<{ role: string }>().role === 'admin') admin ??= client;
        if (role !== undefined && role !== created.json<{ role: string }>().role) {
          if (!admin) throw new Error('the first account is the admin; sign it up first');
          const changed = await admin.put(`/api/users/${client.userId}/role`, { role });
          if (changed.statusCode !== 200) throw new Error(`setting the role failed: ${changed.body}`);
        }
        return client;
      },
    });
  }, 60_000);
  afterAll(async () => {
    await test.app?.close();
    await drop();
    if (test.dataDir) rmSync(test.dataDir, { recursive: true, force: true });
  });
  return test;
}

type Response = Awaited<ReturnType<FastifyInstance['inject']>>;

/** A browser-like client: keeps cookies, and sends the CSRF token on state-changing requests. */
export class Client {
  readonly app: FastifyInstance;
  userId = '';
  private readonly cookies = new Map<string, string>();
  private csrf: string | undefined;

  constructor(app: FastifyInstance) {
    this.app = app;
  }

  async request(options: InjectOptions & { csrf?: boolean }): Promise<Response> {
    const method = (options.method ?? 'GET').toUpperCase();
    const headers: Record<string, string> = { ...(options.headers as Record<string, string> | undefined) };
    if (method !== 'GET' && options.csrf !== false) headers['x-csrf-token'] = await this.csrfToken();
    const response = await this.app.inject({ ...options, headers, cookies: Object.fromEntries(this.cookies) });
    for (const cookie of response.cookies as { name: string; value: string; maxAge?: number }[]) {
      if (cookie.value === '' || cookie.maxAge === 0) this.cookies.delete(cookie.name);
      else this.cookies.set(cookie.name, cookie.value);
    }
    return response;
  }

  private async csrfToken(): Promise<string> {
    if (!this.csrf) {
      const response = await this.request({ method: 'GET', url: '/api/auth/csrf' });
      this.csrf = response.json<{ token: string }>().token;
    }
    return this.csrf;
  }

  get(url: string): Promise<Response> {
    return this.request({ method: 'GET', url });
  }
  post(url: string, body?: unknown): Promise<Response> {
    return this.request({ method: 'POST', url, ...(body === undefined ? {} : { payload: body as object }) });
  }
  put(url: string, body?: unknown): Promise<Response> {
    return this.request({ method: 'PUT', url, ...(body === undefined ? {} : { payload: body as object }) });
  }
}
