import type { FastifyBaseLogger } from 'fastify';
import type { Grader } from '../../grader/grade.ts';
import { SubmissionSchema } from '../../grader/grade-schema.ts';
import type { Db } from '../db/client.ts';
import { versionContent } from '../modules/exercises/versions.ts';
import type { GradeById } from './queue.ts';

export interface SubmissionGraderOptions {
  db: Db;
  grader: Grader;
  log: FastifyBaseLogger;
  /** Called when a submission's status becomes final (graded or error). */
  onSettled: (submissionId: string) => void;
}

/**
 * Grades one stored submission and stores the outcome. Claiming it (queued → grading) first
 * makes a second delivery of the same id a no-op, so a grade is written once. Anything that
 * goes wrong outside the learner's program (a broken exercise, a crashed sandbox, a database
 * error) leaves the submission stored with status `error` and its message, ready to be
 * re-graded; the returned promise never rejects.
 */
export function submissionGrader({ db, grader, log, onSettled }: SubmissionGraderOptions): GradeById {
  return async (submissionId) => {
    const startedAt = new Date();
    try {
      const claimed = await db.submission.updateMany({
        where: { id: submissionId, status: 'queued' },
        data: { status: 'grading', startedAt, error: null },
      });
      if (claimed.count === 0) return;
      const submission = await db.submission.findUniqueOrThrow({
        where: { id: submissionId },
        select: { payload: true, versionId: true },
      });
      const { exercise } = await versionContent(db, submission.versionId);
      const grade = await grader.grade(exercise, SubmissionSchema.parse(JSON.parse(submission.payload)));
      await db.submission.updateMany({
        where: { id: submissionId, status: 'grading' },
        data: {
          status: 'graded',
          grade: JSON.stringify(grade),
          passed: grade.passed,
          score: grade.score,
          mistake: grade.mistake,
          gradedAt: new Date(),
          gradingMs: Date.now() - startedAt.getTime(),
        },
      });
    } catch (error) {
      log.error({ err: error, submissionId }, 'grading failed');
      await db.submission
        .updateMany({
          where: { id: submissionId, status: 'grading' },
          data: { status: 'error', error: error instanceof Error ? error.message : String(error) },
        })
        .catch((failure: unknown) => log.error({ err: failure, submissionId }, 'storing the grading error failed'));
    }
    onSettled(submissionId);
  };
}
