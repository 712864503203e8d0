import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { z } from 'zod';

const Count = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** The service's settings, from the environment (SPEC §7). Every value is checked at start. */
export const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  /** SQLite (`file:…`, default `file:<DATA_DIR>/asynclab.db`) or PostgreSQL (`postgresql://…`). */
  DATABASE_URL: z
    .string()
    .regex(/^(file:|postgres(ql)?:\/\/)/, 'must start with file: (SQLite) or postgresql:// (PostgreSQL)')
    .optional(),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  /** With Redis: how often the web service looks for stored submissions no queue holds (after a Redis restart). */
  QUEUE_SWEEP_SECONDS: Count(15),
  /** Names the queue's keys in Redis, so several deployments (or test runs) can share one server. */
  QUEUE_PREFIX: z
    .string()
    .regex(/^[\w-]{1,40}$/, 'letters, digits, - and _')
    .default('asynclab'),
  /** Signs cookies; generated and kept in DATA_DIR when unset. */
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Sandbox workers grading at once (at most the number of cores). */
  GRADING_CONCURRENCY: Count(availableParallelism()),
  /** Submissions waiting for a grader before new ones get 429. */
  GRADING_QUEUE_LIMIT: Count(500),
  /** Requests per minute per account (or address, before logging in). */
  RATE_LIMIT_AUTH: Count(20),
  RATE_LIMIT_RUN: Count(60),
  RATE_LIMIT_SUBMIT: Count(60),
  SESSION_DAYS: Count(14),
  /** Behind a reverse proxy: trust its X-Forwarded-For (for rate limits and logs). */
  TRUST_PROXY: z.stringbool().default(false),
  /** Load the exercise packs in this folder on start (default: the course's `exercises/`). */
  EXERCISES_DIR: z.string().min(1).optional(),
});

export interface Config extends Omit<z.infer<typeof ConfigSchema>, 'DATABASE_URL' | 'SESSION_SECRET'> {
  DATABASE_URL: string;
  SESSION_SECRET: string;
}

/** A setting that cannot be used; the message names every bad variable. */
export class ConfigError extends Error {}

/** Parses the environment; creates DATA_DIR and the session secret kept there when needed. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`invalid configuration:\n${problems.join('\n')}`);
  }
  const config = parsed.data;
  const dataDir = resolve(config.DATA_DIR);
  mkdirSync(dataDir, { recursive: true });
  return {
    ...config,
    DATA_DIR: dataDir,
    DATABASE_URL: absoluteSqlite(config.DATABASE_URL ?? `file:${join(dataDir, 'asynclab.db')}`),
    SESSION_SECRET: config.SESSION_SECRET ?? keptSecret(join(dataDir, 'session-secret')),
  };
}

/** SQLite paths are made absolute, so the migrator and the service open the same file from any folder. */
function absoluteSqlite(url: string): string {
  return url.startsWith('file:') && !url.startsWith('file://') ? `file:${resolve(url.slice('file:'.length))}` : url;
}

function keptSecret(file: string): string {
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
