/**
 * Where stored submissions wait to be graded. The web service stores a submission, then
 * enqueues its id; whatever consumes the queue grades it and stores the grade
 * (`gradeSubmission`). In one process: `InProcessQueue`; across machines: a Redis-backed queue
 * with the same interface.
 */
export interface GradingQueue {
  /** Throws `QueueFull` (429) when the backlog is at its limit: the caller stores nothing. */
  assertRoom(): Promise<void>;
  /** Queues a stored submission for grading. */
  enqueue(submissionId: string): Promise<void>;
  /** Submissions waiting and being graded now. */
  depth(): Promise<{ waiting: number; active: number }>;
  /** Stops taking work and waits for the gradings under way. */
  close(): Promise<void>;
}

/** Grades a stored submission by id, storing its grade or its error; never rejects. */
export type GradeById = (submissionId: string) => Promise<void>;
