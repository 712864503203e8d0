import pino from 'pino';
import { Grader } from '../../grader/grade.ts';
import { SandboxPool } from '../../sandbox/host/index.ts';
import { type Config, ConfigError } from '../config.ts';
import { migrate, openDatabase } from '../db/client.ts';
import { startWorker } from './redis.ts';

/**
 * `asynclab worker`: grades submissions from the Redis queue (SPEC §7) on this machine's
 * cores, storing grades in the shared database. Any number may run, on any machine that
 * reaches the database and Redis. SIGTERM or SIGINT finishes the gradings under way (jobs not
 * yet started stay in the queue for the other workers), then exits.
 */
export async function runWorker(config: Config): Promise<void> {
  if (!config.REDIS_URL) throw new ConfigError('asynclab worker needs REDIS_URL: the queue it takes submissions from');
  const log = pino({ level: config.LOG_LEVEL, base: { role: 'worker', pid: process.pid } });
  await migrate(config.DATABASE_URL);
  const db = await openDatabase(config.DATABASE_URL);
  const pool = new SandboxPool({ size: config.GRADING_CONCURRENCY });
  await pool.warm();
  const grader = new Grader((source, options) => pool.run(source, options));
  // Twice the pool, as in-process: a grading also waits on the database.
  const worker = startWorker(config.REDIS_URL, config.QUEUE_PREFIX, { db, grader, log }, 2 * pool.size);
  log.info({ concurrency: 2 * pool.size }, 'grading worker started');

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'finishing the gradings under way, then stopping');
    worker
      .close()
      .then(() => pool.close())
      .then(() => db.$disconnect())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          log.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
