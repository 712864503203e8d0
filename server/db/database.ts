import { resolve } from 'node:path';
import { PrismaLibSQL } from '@prisma/adapter-libsql';
import { PrismaPg } from '@prisma/adapter-pg';

const ROOT = resolve(import.meta.dirname, '../..');

/** The database a URL names: its Prisma schema and migrations, and a driver adapter for it. */
export interface Database {
  provider: 'sqlite' | 'postgresql';
  url: string;
  schema: string;
  migrations: string;
  adapter: () => PrismaLibSQL | PrismaPg;
}

/** `file:./data/asynclab.db` (SQLite) unless the URL says `postgres://` or `postgresql://`. */
export function databaseFor(url = 'file:./data/asynclab.db'): Database {
  if (/^postgres(ql)?:\/\//.test(url)) {
    return {
      provider: 'postgresql',
      url,
      schema: resolve(ROOT, 'prisma/postgresql/schema.prisma'),
      migrations: resolve(ROOT, 'prisma/postgresql/migrations'),
      adapter: () => new PrismaPg({ connectionString: url }),
    };
  }
  if (!url.startsWith('file:')) {
    throw new Error(`DATABASE_URL must start with file: (SQLite) or postgresql:// (PostgreSQL), not '${url}'`);
  }
  return {
    provider: 'sqlite',
    url,
    schema: resolve(ROOT, 'prisma/schema.prisma'),
    migrations: resolve(ROOT, 'prisma/migrations'),
    // Writers wait up to 5 s for each other rather than failing with SQLITE_BUSY.
    adapter: () => new PrismaLibSQL({ url, timeout: 5000 }),
  };
}
