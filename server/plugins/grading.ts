import { EventEmitter, once } from 'node:events';
import fp from 'fastify-plugin';
import { Grader, type Runner } from '../../grader/grade.ts';
import { SandboxPool } from '../../sandbox/host/index.ts';
import { InProcessQueue } from '../grading/in-process.ts';
import { submissionGrader } from '../grading/grade-submission.ts';
import type { GradingQueue } from '../grading/queue.ts';

export interface Grading {
  /** Runs a program in the sandbox (free runs and grading share it). */
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

/**
 * Grading in this process: a sandbox pool, the grader (reference runs cached per exercise
 * version), and a bounded queue. Submissions left queued or half-graded by a previous
 * process are queued again on start.
 */
export default fp<GradingOptions>(
  (fastify, options, done) => {
    const pool = options.runner ? undefined : new SandboxPool({ size: fastify.config.GRADING_CONCURRENCY });
    const run: Runner = options.runner ?? ((source, runOptions) => (pool as SandboxPool).run(source, runOptions));
    const grader = new Grader(run);
    const events = new EventEmitter().setMaxListeners(0);
    const grade = submissionGrader({
      db: fastify.db,
      grader,
      log: fastify.log,
      onSettled: (id) => events.emit(id),
    });
    // Twice the pool: a grading also waits on the database, and the pool queues runs itself.
    const queue = new InProcessQueue(grade, {
      concurrency: 2 * (pool?.size ?? fastify.config.GRADING_CONCURRENCY),
      limit: fastify.config.GRADING_QUEUE_LIMIT,
    });

    const settled = (submissionId: string, ms: number): Promise<void> =>
      once(events, submissionId, { signal: AbortSignal.timeout(ms) }).then(
        () => undefined,
        (error: unknown) => {
          if (!(error instanceof Error && error.name === 'AbortError')) throw error;
        },
      );
    fastify.decorate('grading', { run, grader, queue, settled });

    fastify.addHook('onReady', async () => {
      await pool?.warm();
      const unfinished = await fastify.db.submission.findMany({
        where: { status: { in: ['queued', 'grading'] } },
        select: { id: true },
        orderBy: { createdAt: 'asc' },
      });
      if (unfinished.length > 0) {
        await fastify.db.submission.updateMany({ where: { status: 'grading' }, data: { status: 'queued' } });
        fastify.log.info({ count: unfinished.length }, 'queueing submissions a previous process left ungraded');
        for (const { id } of unfinished) await queue.enqueue(id);
      }
    });
    fastify.addHook('onClose', async () => {
      await queue.close();
      await pool?.close();
    });
    done();
  },
  { name: 'grading', dependencies: ['config', 'database'] },
);
