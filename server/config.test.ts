import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

const dataDir = () => mkdtempSync(join(tmpdir(), 'asynclab-config-'));

describe('configuration from the environment', () => {
  test('defaults: SQLite in DATA_DIR, a session secret generated once and kept', () => {
    const dir = dataDir();
    const config = loadConfig({ DATA_DIR: dir });
    expect(config).toMatchObject({ PORT: 3000, HOST: '127.0.0.1', DATABASE_URL: `file:${join(dir, 'asynclab.db')}` });
    expect(config.SESSION_SECRET).toHaveLength(43);
    expect(readFileSync(join(dir, 'session-secret'), 'utf8').trim()).toBe(config.SESSION_SECRET);
    expect(loadConfig({ DATA_DIR: dir }).SESSION_SECRET).toBe(config.SESSION_SECRET);
  });

  test('a relative SQLite path is made absolute; PostgreSQL URLs are kept', () => {
    expect(loadConfig({ DATA_DIR: dataDir(), DATABASE_URL: 'file:rel/x.db' }).DATABASE_URL).toBe(
      `file:${join(process.cwd(), 'rel/x.db')}`,
    );
    const url = 'postgresql://app:secret@db:5432/asynclab';
    expect(loadConfig({ DATA_DIR: dataDir(), DATABASE_URL: url }).DATABASE_URL).toBe(url);
  });

  test('every bad value is named in one error, and nothing is created', () => {
    const dir = join(dataDir(), 'never');
    const load = () =>
      loadConfig({
        DATA_DIR: dir,
        PORT: '70000',
        SESSION_SECRET: 'short',
        REDIS_URL: 'http://localhost',
        GRADING_CONCURRENCY: '0',
        LOG_LEVEL: 'loud',
      });
    expect(load).toThrow(ConfigError);
    let message = '';
    try {
      load();
    } catch (error) {
      message = (error as Error).message;
    }
    for (const name of ['PORT', 'SESSION_SECRET', 'REDIS_URL', 'GRADING_CONCURRENCY', 'LOG_LEVEL']) {
      expect(message).toMatch(new RegExp(`^ {2}${name}: `, 'm'));
    }
    expect(existsSync(dir)).toBe(false);
  });
});
