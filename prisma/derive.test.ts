import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { POSTGRESQL, postgresqlSchema, SOURCE } from './derive.ts';

test('the PostgreSQL schema is the one schema source with its own provider (run npm run db:derive)', () => {
  const derived = postgresqlSchema(readFileSync(SOURCE, 'utf8'));
  expect(derived).toContain('provider = "postgresql"');
  expect(derived).not.toContain('sqlite');
  expect(readFileSync(POSTGRESQL, 'utf8')).toBe(derived);
});
