import type { FastifyBaseLogger } from 'fastify';
import type { Grader } from '../../grader/grade.ts';
import { SubmissionSchema } from '../../grader/grade-schema.ts';
import type { Db } from '../db/client.ts';
import { versionContent } from '../modules/exercises/versions.ts';
import type { Settled } from './queue.ts';

export interface GradingDeps {
  db: Db;
  grader: Grader;
  log: FastifyBaseLogger;
  /** Told when a submission's status becomes final (graded or error). */
  onSettled: (settled: Settled) => void;
}

export interface GradeAttempt {
  /**
   * Take over a submission another grader claimed but never finished (a worker that died
   * mid-job; the queue's lock says nobody holds it now).
   */
  reclaim: boolean;
  /** On the last attempt a failure is stored as status `error`; before it, it is thrown for a retry. */
  lastAttempt: boolean;
}

/**
 * Grades one stored submission and stores the outcome exactly once. Claiming it (queued →
 * grading) first makes a second delivery of a settled submission a no-op, and the grade is
 * written only while the claim holds. A failure outside the learner's program (a broken
 * exercise, a crashed sandbox, a database error) is retried by the queue, and on the last
 * attempt stored as status `error` with its message, ready to be re-graded.
 */
export async function gradeSubmission(deps: GradingDeps, submissionId: string, attempt: GradeAttempt): Promise<void> {
  const { db, grader, log } = deps;
  const startedAt = new Date();
  const claimed = await db.submission.updateMany({
    where: { id: submissionId, status: { in: attempt.reclaim ? ['queued', 'grading'] : ['queued'] } },
    data: { status: 'grading', startedAt, error: null },
  });
  if (claimed.count === 0) return;
  let submission: { payload: string; versionId: string; createdAt: Date; batchId: string | null } | undefined;
  try {
    submission = await db.submission.findUniqueOrThrow({
      where: { id: submissionId },
      select: { payload: true, versionId: true, createdAt: true, batchId: true },
    });
    const { exercise } = await versionContent(db, submission.versionId);
    const grade = await grader.grade(exercise, SubmissionSchema.parse(JSON.parse(submission.payload)));
    const gradedAt = new Date();
    const stored = await db.submission.updateMany({
      where: { id: submissionId, status: 'grading' },
      data: {
        status: 'graded',
        grade: JSON.stringify(grade),
        passed: grade.passed,
        score: grade.score,
        mistake: grade.mistake,
        gradedAt,
        gradingMs: gradedAt.getTime() - startedAt.getTime(),
        gradings: { increment: 1 },
      },
    });
    if (stored.count === 1) {
      await settle(deps, submission.batchId, {
        submissionId,
        status: 'graded',
        passed: grade.passed,
        gradable: grade.gradable,
        gradingMs: gradedAt.getTime() - startedAt.getTime(),
        totalMs: gradedAt.getTime() - submission.createdAt.getTime(),
      });
    }
  } catch (error) {
    log.error({ err: error, submissionId, lastAttempt: attempt.lastAttempt }, 'grading failed');
    const status = attempt.lastAttempt ? 'error' : 'queued';
    const released = await db.submission.updateMany({
      where: { id: submissionId, status: 'grading' },
      data: { status, error: error instanceof Error ? error.message : String(error) },
    });
    if (!attempt.lastAttempt) throw error;
    if (released.count === 1) {
      await settle(deps, submission?.batchId ?? null, {
        submissionId,
        status: 'error',
        passed: null,
        gradable: false,
        gradingMs: Date.now() - startedAt.getTime(),
        totalMs: submission ? Date.now() - submission.createdAt.getTime() : 0,
      });
    }
  }
}

/** Counts the submission in its re-grade batch (closing the batch with its last one), then reports it. */
async function settle(deps: GradingDeps, batchId: string | null, settled: Settled): Promise<void> {
  if (batchId) {
    const outcome = settled.status === 'graded' ? { done: { increment: 1 } } : { failed: { increment: 1 } };
    const batch = await deps.db.regradeBatch.update({ where: { id: batchId }, data: outcome });
    if (batch.done + batch.failed >= batch.total && !batch.finishedAt) {
      await deps.db.regradeBatch.update({ where: { id: batchId }, data: { finishedAt: new Date() } });
    }
  }
  deps.onSettled(settled);
}
