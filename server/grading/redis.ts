import { Queue, Worker } from 'bullmq';
import type { FastifyBaseLogger } from 'fastify';
import { Redis } from 'ioredis';
import { QueueFull } from '../errors.ts';
import { type GradingDeps, gradeSubmission } from './grade-submission.ts';
import type { GradingQueue, QueueDepth, Settled } from './queue.ts';

/** The BullMQ queue graders consume (its keys under the deployment's prefix), and the channel they report settled submissions on. */
export const QUEUE_NAME = 'grading';
const settledChannel = (prefix: string): string => `${prefix}:settled`;

/**
 * Infrastructure failures (a sandbox that crashed, a database that did not answer) are
 * retried with back-off; a learner's failing program is a grade, never a failure.
 */
const JOB_OPTIONS = {
  attempts: 4,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: true,
  // Jobs that failed every attempt stay in BullMQ's failed set for inspection; their
  // submissions are stored with status error, which the admins' dead-letter view lists.
  removeOnFail: 1000,
} as const;

/** A connection for a producer: commands fail at once while Redis is away instead of piling up. */
export function producerConnection(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: false });
}

/**
 * The distributed queue (SPEC §7): the job id is the submission id, so queueing a submission
 * that is already waiting or being graded changes nothing.
 */
export class RedisQueue implements GradingQueue {
  readonly kind = 'redis';
  readonly queue: Queue;
  private readonly limit: number;

  constructor(connection: Redis, options: { limit: number; prefix: string }, log: FastifyBaseLogger) {
    this.queue = new Queue(QUEUE_NAME, { connection, prefix: options.prefix, defaultJobOptions: JOB_OPTIONS });
    this.queue.on('error', (error) => log.warn({ err: error }, 'grading queue: Redis error'));
    this.limit = options.limit;
  }

  async assertRoom(): Promise<void> {
    const counts = await this.queue.getJobCounts('waiting', 'prioritized');
    if ((counts.waiting ?? 0) + (counts.prioritized ?? 0) >= this.limit) throw new QueueFull();
  }

  async enqueue(submissionId: string, options: { background?: boolean } = {}): Promise<void> {
    // A job with this id that has not finished (waiting, active, or delayed for a retry)
    // holds the submission already. One that finished (failed every attempt, kept in BullMQ's
    // failed set) is replaced: the submission is being queued again, as by a re-grade.
    const previous = await this.queue.getJob(submissionId);
    if (previous) {
      if (!previous.finishedOn) return;
      await previous.remove();
    }
    await this.queue.add(
      'grade',
      { submissionId },
      { jobId: submissionId, ...(options.background ? { priority: 1 } : {}) },
    );
  }

  async depth(): Promise<QueueDepth> {
    const [counts, workers] = await Promise.all([
      this.queue.getJobCounts('waiting', 'prioritized', 'delayed', 'active'),
      this.queue.getWorkers(),
    ]);
    return {
      waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0) + (counts.delayed ?? 0),
      active: counts.active ?? 0,
      workers: workers.length,
    };
  }

  close(): Promise<void> {
    return this.queue.close();
  }
}

/**
 * A grading worker (`asynclab worker`): takes jobs from the queue, grades with the given
 * grader and stores the grades, and reports each settled submission on the deployment's settled channel for
 * the web services. A job whose worker died (its lock lapsed) is taken over by another.
 */
export function startWorker(
  url: string,
  prefix: string,
  deps: Omit<GradingDeps, 'onSettled'>,
  concurrency: number,
): { worker: Worker; close: () => Promise<void> } {
  const connection = new Redis(url, { maxRetriesPerRequest: null });
  const publisher = new Redis(url, { maxRetriesPerRequest: 1 });
  publisher.on('error', (error) => deps.log.warn({ err: error }, 'settled channel: Redis error'));
  const onSettled = (settled: Settled): void => {
    publisher.publish(settledChannel(prefix), JSON.stringify(settled)).catch((error: unknown) => {
      // The web services' long-polls time out and read the database instead.
      deps.log.warn({ err: error, submissionId: settled.submissionId }, 'could not report a settled submission');
    });
  };
  const worker = new Worker(
    QUEUE_NAME,
    async (job) => {
      const { submissionId } = job.data as { submissionId: string };
      const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      await gradeSubmission({ ...deps, onSettled }, submissionId, { reclaim: true, lastAttempt });
    },
    // A grading takes seconds at most; a worker that stops renewing its lock for 10 s is gone.
    { connection, prefix, concurrency, lockDuration: 10_000, stalledInterval: 5_000, maxStalledCount: 5 },
  );
  worker.on('error', (error) => deps.log.warn({ err: error }, 'grading worker: Redis error'));
  return {
    worker,
    close: async () => {
      await worker.close();
      await Promise.all([connection.quit().catch(() => undefined), publisher.quit().catch(() => undefined)]);
    },
  };
}

/** Listens for settled submissions reported by workers on any machine. */
export function subscribeSettled(
  url: string,
  prefix: string,
  log: FastifyBaseLogger,
  onSettled: (settled: Settled) => void,
) {
  const subscriber = new Redis(url, { maxRetriesPerRequest: null });
  subscriber.on('error', (error) => log.warn({ err: error }, 'settled channel: Redis error'));
  subscriber.on('message', (_channel: string, message: string) => onSettled(JSON.parse(message) as Settled));
  void subscriber
    .subscribe(settledChannel(prefix))
    .catch((error: unknown) => log.warn({ err: error }, 'subscribe failed'));
  return { close: () => subscriber.quit().then(() => undefined) };
}
