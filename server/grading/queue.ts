/**
 * Where stored submissions wait to be graded. The web service stores a submission, then
 * enqueues its id; whatever consumes the queue grades it and stores the grade
 * (`gradeSubmission`). In one process: `InProcessQueue`; across machines: `RedisQueue`
 * (BullMQ), consumed by `asynclab worker` processes.
 */
export interface GradingQueue {
  readonly kind: 'in-process' | 'redis';
  /** Throws `QueueFull` (429) when the backlog is at its limit: the caller stores nothing. */
  assertRoom(): Promise<void>;
  /**
   * Queues a stored submission for grading; queueing one that is already waiting changes
   * nothing. Background work (re-grade batches) yields to learners' submissions.
   */
  enqueue(submissionId: string, options?: { background?: boolean }): Promise<void>;
  /** Submissions waiting and being graded now, and the graders consuming the queue. */
  depth(): Promise<QueueDepth>;
  /** Stops taking work and waits for the gradings under way in this process. */
  close(): Promise<void>;
}

export interface QueueDepth {
  waiting: number;
  active: number;
  /** Processes grading: this one (in-process), or the connected `asynclab worker`s. */
  workers: number;
}

/** A submission whose status became final, as the grading process reports it. */
export interface Settled {
  submissionId: string;
  status: 'graded' | 'error';
  /** null when grading failed or the submission was not gradable. */
  passed: boolean | null;
  gradable: boolean;
  /** Claim to stored grade, and submission to stored grade, in milliseconds. */
  gradingMs: number;
  totalMs: number;
}
