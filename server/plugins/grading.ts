import { EventEmitter, once } from 'node:events';
import fp from 'fastify-plugin';
import { Grader, type Runner } from '../../grader/grade.ts';
import { SandboxPool } from '../../sandbox/host/index.ts';
import { gradeSubmission } from '../grading/grade-submission.ts';
import { InProcessQueue } from '../grading/in-process.ts';
import type { GradingQueue, Settled } from '../grading/queue.ts';
import { producerConnection, RedisQueue, subscribeSettled } from '../grading/redis.ts';

export interface Grading {
  /** Runs a program in the sandbox (free runs, publishing's self-test and in-process grading share it). */
  run: Runner;
  grader: Grader;
  queue: GradingQueue;
  /** Resolves when the submission's grade (or grading error) is stored, or after `ms`. */
  settled(submissionId: string, ms: number): Promise<void>;
}

declare module 'fastify' {
  interface FastifyInstance {
    grading: Grading;
  }
}

export interface GradingOptions {
  /** Runs programs instead of a sandbox pool of the configured size (tests inject faults here). */
  runner?: Runner;
}

/** A claimed submission is counted as lost when its grader has not stored a grade after this long. */
const GRADING_GRACE_MS = 120_000;

/**
 * Grading: in this process (a sandbox pool and a bounded queue), or, when REDIS_URL is set,
 * through a BullMQ queue that `asynclab worker` processes consume. Either way, submissions
 * that the database holds as queued or half-graded but no queue holds (a process stopped,
 * Redis lost its data) are queued again: on start, and in Redis mode every QUEUE_SWEEP_SECONDS
 * (queueing one the queue holds costs one Redis read and changes nothing).
 */
export default fp<GradingOptions>(
  (fastify, options, done) => {
    const { config, db, log } = fastify;
    const pool = options.runner ? undefined : new SandboxPool({ size: config.GRADING_CONCURRENCY });
    const run: Runner = options.runner ?? ((source, runOptions) => (pool as SandboxPool).run(source, runOptions));
    const grader = new Grader(run);
    const events = new EventEmitter().setMaxListeners(0);
    const onSettled = (settled: Settled): void => {
      fastify.metrics.observe(settled);
      events.emit(settled.submissionId);
    };

    let queue: GradingQueue;
    let subscription: { close(): Promise<void> } | undefined;
    if (config.REDIS_URL) {
      queue = new RedisQueue(
        producerConnection(config.REDIS_URL),
        { limit: config.GRADING_QUEUE_LIMIT, prefix: config.QUEUE_PREFIX },
        log,
      );
      subscription = subscribeSettled(config.REDIS_URL, config.QUEUE_PREFIX, log, onSettled);
    } else {
      const deps = { db, grader, log, onSettled };
      queue = new InProcessQueue(
        (id) =>
          gradeSubmission(deps, id, { reclaim: false, lastAttempt: true }).catch((error: unknown) => {
            // The claim itself failed (the database did not answer): the submission stays queued.
            log.error({ err: error, submissionId: id }, 'grading could not start');
          }),
        // Twice the pool: a grading also waits on the database, and the pool queues runs itself.
        { concurrency: 2 * (pool?.size ?? config.GRADING_CONCURRENCY), limit: config.GRADING_QUEUE_LIMIT },
      );
    }

    const settled = (submissionId: string, ms: number): Promise<void> =>
      once(events, submissionId, { signal: AbortSignal.timeout(ms) }).then(
        () => undefined,
        (error: unknown) => {
          if (!(error instanceof Error && error.name === 'AbortError')) throw error;
        },
      );
    fastify.decorate('grading', { run, grader, queue, settled });

    /** Queues again what the database holds as waiting but no queue may hold. */
    const sweep = async (startup: boolean): Promise<void> => {
      const now = Date.now();
      const lost = await db.submission.findMany({
        where: startup
          ? { status: { in: ['queued', 'grading'] } }
          : {
              OR: [
                { status: 'queued', createdAt: { lt: new Date(now - config.QUEUE_SWEEP_SECONDS * 1000) } },
                { status: 'grading', startedAt: { lt: new Date(now - GRADING_GRACE_MS) } },
              ],
            },
        select: { id: true, status: true, batchId: true },
        orderBy: { createdAt: 'asc' },
      });
      if (lost.length === 0) return;
      if (startup && queue.kind === 'in-process') {
        // Only this process grades: a half-graded submission was this process's before a restart.
        await db.submission.updateMany({ where: { status: 'grading' }, data: { status: 'queued' } });
      }
      log.info({ count: lost.length }, 'queueing stored submissions the queue may have lost');
      for (const { id, batchId } of lost) await queue.enqueue(id, { background: batchId !== null });
    };
    let sweeper: NodeJS.Timeout | undefined;
    let sweeping = false;

    fastify.addHook('onReady', async () => {
      await pool?.warm();
      await sweep(true).catch((error: unknown) => log.warn({ err: error }, 'start-up sweep failed'));
      if (queue.kind === 'redis') {
        sweeper = setInterval(() => {
          if (sweeping) return;
          sweeping = true;
          sweep(false)
            .catch((error: unknown) => log.warn({ err: error }, 'sweep failed'))
            .finally(() => (sweeping = false));
        }, config.QUEUE_SWEEP_SECONDS * 1000);
      }
    });
    fastify.addHook('onClose', async () => {
      clearInterval(sweeper);
      await queue.close();
      await subscription?.close();
      await pool?.close();
    });
    done();
  },
  { name: 'grading', dependencies: ['config', 'database', 'metrics'] },
);
