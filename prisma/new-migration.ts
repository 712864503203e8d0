// Writes a migration for each database from the change to prisma/schema.prisma since the last
// commit: `npm run db:migration -- add_hints`. (`prisma migrate dev` needs a shadow database,
// which the driver adapters cannot give; a diff of the two schema files needs none.)
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { POSTGRESQL, postgresqlSchema, SOURCE } from './derive.ts';

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  process.stderr.write('usage: npm run db:migration -- NAME (lower-case letters, digits and _)\n');
  process.exit(2);
}
const root = resolve(import.meta.dirname, '..');
const scratch = mkdtempSync(join(tmpdir(), 'asynclab-migration-'));
const committed = execFileSync('git', ['show', 'HEAD:prisma/schema.prisma'], { cwd: root, encoding: 'utf8' });
const current = readFileSync(SOURCE, 'utf8');
writeFileSync(POSTGRESQL, postgresqlSchema(current));
const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
const prisma = join(root, 'node_modules/prisma/build/index.js');

for (const [provider, schema, folder, url] of [
  // The CLI's adapter opens this database, though a diff of two schema files never reads it.
  ['sqlite', current, 'prisma/migrations', `file:${join(scratch, 'unused.db')}`],
  // Likewise for PostgreSQL, which must answer: the local server, or MIGRATION_POSTGRES_URL.
  [
    'postgresql',
    postgresqlSchema(current),
    'prisma/postgresql/migrations',
    process.env.MIGRATION_POSTGRES_URL ?? 'postgresql://postgres@localhost:5432/postgres',
  ],
] as const) {
  const before = join(scratch, `${provider}-before.prisma`);
  const after = join(scratch, `${provider}-after.prisma`);
  writeFileSync(before, provider === 'sqlite' ? committed : postgresqlSchema(committed));
  writeFileSync(after, schema);
  const sql = execFileSync(
    process.execPath,
    [prisma, 'migrate', 'diff', '--from-schema-datamodel', before, '--to-schema-datamodel', after, '--script'],
    { cwd: root, encoding: 'utf8', env: { ...process.env, DATABASE_URL: url } },
  );
  const dir = join(root, folder, `${stamp}_${name}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'migration.sql'), sql);
  process.stdout.write(`wrote ${join(folder, `${stamp}_${name}`, 'migration.sql')}\n`);
}
