// The Prisma CLI on machines that reach the npm registry but not Prisma's binary CDN: the
// WebAssembly schema engine with a driver adapter, never a downloaded native engine.
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= 'unused';
process.env.PRISMA_QUERY_ENGINE_LIBRARY ??= 'unused';

import { defineConfig } from 'prisma/config';
import { databaseFor } from './server/db/database.ts';

const database = databaseFor(process.env.DATABASE_URL);

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: database.schema,
  migrations: { path: database.migrations },
  adapter: () => Promise.resolve(database.adapter()),
});
