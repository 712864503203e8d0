import { defineConfig } from 'vitest/config';

const HTTP_SUITE = 'tests/http/**/*.test.ts';
const SCALE_SUITE = 'tests/scale/**/*.test.ts';
const BROWSER_SUITE = 'tests/e2e/**/*.test.ts';

export default defineConfig({
  test: {
    exclude: ['node_modules/**', 'dist/**', '.node/**'],
    // Each test file starts its own sandbox workers; two files at a time fit two cores.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 30_000,
    globalSetup: ['tests/global-setup.ts'],
    // The HTTP suite runs once on SQLite and once on the local PostgreSQL; the scale suite
    // runs a distributed deployment.
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['**/*.test.ts'],
          exclude: [HTTP_SUITE, SCALE_SUITE, BROWSER_SUITE, 'node_modules/**', '.node/**'],
        },
      },
      { extends: true, test: { name: 'http-sqlite', include: [HTTP_SUITE] } },
      {
        extends: true,
        test: { name: 'http-postgresql', include: [HTTP_SUITE], env: { TEST_DATABASE: 'postgresql' } },
      },
      // Web and worker processes on the local PostgreSQL and Redis (restarts Redis once).
      { extends: true, test: { name: 'scale', include: [SCALE_SUITE] } },
      // The built front end in Debian's Chromium, against the real service on SQLite.
      { extends: true, test: { name: 'browser', include: [BROWSER_SUITE] } },
    ],
  },
});
