import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { PrismaClient as PostgresqlClient } from './generated/postgresql/client.ts';
import { PrismaClient } from './generated/sqlite/client.ts';
import { databaseFor } from './database.ts';

export type { Exercise, Prisma } from './generated/sqlite/client.ts';

/**
 * The database client. Both providers' clients are generated from one schema and have the
 * same models, so the service is written against one of them.
 */
export type Db = PrismaClient;

const ROOT = resolve(import.meta.dirname, '../..');
const PRISMA_CLI = createRequire(import.meta.url).resolve('prisma/build/index.js');

/** Applies the migrations the database has not had yet (`prisma migrate deploy`). */
export async function migrate(url: string): Promise<void> {
  const database = databaseFor(url);
  if (database.provider === 'sqlite') mkdirSync(dirname(sqlitePath(url)), { recursive: true });
  await promisify(execFile)(process.execPath, [PRISMA_CLI, 'migrate', 'deploy'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: url },
  }).catch((error: Error & { stdout?: string; stderr?: string }) => {
    throw new Error(`migrating ${url} failed: ${error.stderr || error.stdout || error.message}`);
  });
}

/** Connects to the database the URL names (SQLite in WAL mode, or PostgreSQL). */
export async function openDatabase(url: string): Promise<Db> {
  const database = databaseFor(url);
  if (database.provider === 'postgresql') {
    return new PostgresqlClient({ adapter: database.adapter() }) as unknown as Db;
  }
  const db = new PrismaClient({ adapter: database.adapter() });
  // WAL lets readers go on while a submission's grade is written.
  await db.$queryRawUnsafe('PRAGMA journal_mode = WAL');
  await db.$queryRawUnsafe('PRAGMA busy_timeout = 5000');
  return db;
}

function sqlitePath(url: string): string {
  const path = url.slice('file:'.length);
  return path.startsWith('//') ? fileURLToPath(url) : resolve(path);
}
