import { QueueFull } from '../errors.ts';
import type { GradingQueue, QueueDepth } from './queue.ts';

/**
 * Grading in the web service's own process, for a laptop or a small class: at most
 * `concurrency` gradings at once and at most `limit` learners' submissions waiting. A full
 * queue answers 429 rather than growing without bound. Re-grade batches wait in their own
 * line, behind learners.
 */
export class InProcessQueue implements GradingQueue {
  readonly kind = 'in-process';
  private readonly waiting: string[] = [];
  private readonly background: string[] = [];
  /** Every id in either line, so queueing one twice changes nothing. */
  private readonly queued = new Set<string>();
  private readonly active = new Set<Promise<void>>();
  private closed = false;
  private readonly grade: (submissionId: string) => Promise<void>;
  private readonly concurrency: number;
  private readonly limit: number;

  /** `grade` must not reject: it stores whatever goes wrong. */
  constructor(grade: (submissionId: string) => Promise<void>, options: { concurrency: number; limit: number }) {
    this.grade = grade;
    this.concurrency = options.concurrency;
    this.limit = options.limit;
  }

  assertRoom(): Promise<void> {
    if (this.closed || this.waiting.length >= this.limit) return Promise.reject(new QueueFull());
    return Promise.resolve();
  }

  enqueue(submissionId: string, options: { background?: boolean } = {}): Promise<void> {
    if (!this.queued.has(submissionId)) {
      this.queued.add(submissionId);
      (options.background ? this.background : this.waiting).push(submissionId);
    }
    this.pump();
    return Promise.resolve();
  }

  depth(): Promise<QueueDepth> {
    return Promise.resolve({
      waiting: this.waiting.length + this.background.length,
      active: this.active.size,
      workers: 1,
    });
  }

  async close(): Promise<void> {
    // Waiting submissions stay queued in the database and are picked up on the next start.
    this.closed = true;
    this.waiting.length = 0;
    this.background.length = 0;
    this.queued.clear();
    await Promise.all(this.active);
  }

  private pump(): void {
    while (!this.closed && this.active.size < this.concurrency) {
      const next = this.waiting.shift() ?? this.background.shift();
      if (next === undefined) return;
      this.queued.delete(next);
      const job = this.grade(next).finally(() => {
        this.active.delete(job);
        this.pump();
      });
      this.active.add(job);
    }
  }
}
