// Writes the PostgreSQL schema from the one schema source (prisma/schema.prisma): the same
// models with PostgreSQL's provider and its own generated client.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const SOURCE = resolve(import.meta.dirname, 'schema.prisma');
export const POSTGRESQL = resolve(import.meta.dirname, 'postgresql/schema.prisma');

export function postgresqlSchema(source: string): string {
  return source
    .replace('provider = "sqlite"', 'provider = "postgresql"')
    .replace('url      = "file:./unused.db"', 'url      = "postgresql://unused"')
    .replace('output     = "../server/db/generated/sqlite"', 'output     = "../../server/db/generated/postgresql"')
    .replace(
      /^\/\/ The one schema source[^\n]*\n\/\/[^\n]*\n/,
      '// Written by `npm run db:derive` from prisma/schema.prisma: edit that file, not this one.\n',
    );
}

if (import.meta.main) {
  mkdirSync(resolve(import.meta.dirname, 'postgresql'), { recursive: true });
  writeFileSync(POSTGRESQL, postgresqlSchema(readFileSync(SOURCE, 'utf8')));
}
