import { QueueFull } from '../errors.ts';
import type { GradeById, GradingQueue } from './queue.ts';

/**
 * Grading in the web service's own process, for a laptop or a small class: at most
 * `concurrency` gradings at once and at most `limit` waiting. A full queue answers 429 rather
 * than growing without bound.
 */
export class InProcessQueue implements GradingQueue {
  private readonly waiting: string[] = [];
  private readonly active = new Set<Promise<void>>();
  private closed = false;
  private readonly grade: GradeById;
  private readonly concurrency: number;
  private readonly limit: number;

  constructor(grade: GradeById, options: { concurrency: number; limit: number }) {
    this.grade = grade;
    this.concurrency = options.concurrency;
    this.limit = options.limit;
  }

  assertRoom(): Promise<void> {
    if (this.closed || this.waiting.length >= this.limit) return Promise.reject(new QueueFull());
    return Promise.resolve();
  }

  enqueue(submissionId: string): Promise<void> {
    this.waiting.push(submissionId);
    this.pump();
    return Promise.resolve();
  }

  depth(): Promise<{ waiting: number; active: number }> {
    return Promise.resolve({ waiting: this.waiting.length, active: this.active.size });
  }

  async close(): Promise<void> {
    // Waiting submissions stay queued in the database and are picked up on the next start.
    this.closed = true;
    this.waiting.length = 0;
    await Promise.all(this.active);
  }

  private pump(): void {
    while (!this.closed && this.active.size < this.concurrency && this.waiting.length > 0) {
      const job = this.grade(this.waiting.shift() as string).finally(() => {
        this.active.delete(job);
        this.pump();
      });
      this.active.add(job);
    }
  }
}
