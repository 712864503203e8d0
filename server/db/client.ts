import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
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

/** What `prisma migrate deploy` prints when the database is up to date. */
const MIGRATED = /All migrations have been successfully applied|No pending migrations to apply/;

/**
 * Applies the migrations the database has not had yet (`prisma migrate deploy`). The CLI's
 * WebAssembly schema engine leaves a 10-second timer behind on PostgreSQL, so the process is
 * stopped once it has said that the migrations are applied.
 */
export async function migrate(url: string): Promise<void> {
  const database = databaseFor(url);
  if (database.provider === 'sqlite') mkdirSync(dirname(sqlitePath(url)), { recursive: true });
  const child = spawn(process.execPath, [PRISMA_CLI, 'migrate', 'deploy'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: url, CHECKPOINT_DISABLE: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer): void => {
    output += chunk.toString();
    if (MIGRATED.test(output)) child.kill();
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const [code] = (await once(child, 'exit')) as [number | null];
  if (!MIGRATED.test(output))
    throw new Error(`migrating the ${database.provider} database failed (exit ${code}):\n${output.trim()}`);
}

/** Connects to the database the URL names (SQLite in WAL mode, or PostgreSQL). */
export async function openDatabase(url: string): Promise<Db> {
  const database = databaseFor(url);
  if (database.provider === 'postgresql') {
    return new PostgresqlClient({ adapter: database.adapter() }) as unknown as Db;
  }
  const db = new PrismaClient({ adapter: database.adapter() });
  // WAL lets readers go on while a submission's grade is written (the mode is kept in the file).
  await db.$queryRawUnsafe('PRAGMA journal_mode = WAL');
  return db;
}

function sqlitePath(url: string): string {
  const path = url.slice('file:'.length);
  return path.startsWith('//') ? fileURLToPath(url) : resolve(path);
}
