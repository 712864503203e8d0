import type { FastifyBaseLogger } from 'fastify';
import { audit } from '../../audit.ts';
import type { Db } from '../../db/client.ts';
import { Forbidden, NotFound } from '../../errors.ts';
import type { SessionUser } from '../../plugins/auth.ts';
import type { Grading } from '../../plugins/grading.ts';
import { assertTeaches } from '../classes/service.ts';
import type { BatchView } from './schema.ts';

/** Rows changed per statement, under every database's limit on bound parameters. */
const CHUNK = 500;

const WITH_EXERCISE = { exercise: { select: { slug: true, publishedVersion: true } } } as const;

function batchView(batch: {
  id: string;
  classId: string | null;
  total: number;
  done: number;
  failed: number;
  createdAt: Date;
  finishedAt: Date | null;
  exercise: { slug: string; publishedVersion: number | null };
}): BatchView {
  return {
    id: batch.id,
    exercise: batch.exercise.slug,
    classId: batch.classId,
    version: batch.exercise.publishedVersion ?? 0,
    total: batch.total,
    done: batch.done,
    failed: batch.failed,
    finished: batch.finishedAt !== null,
    createdAt: batch.createdAt,
    finishedAt: batch.finishedAt,
  };
}

/**
 * Re-grades an exercise's settled submissions (a class's, or for admins all) against its
 * published version, as one background batch behind learners' new submissions.
 */
export async function regradeExercise(
  db: Db,
  grading: Grading,
  log: FastifyBaseLogger,
  user: SessionUser,
  slug: string,
  classId: string | undefined,
): Promise<BatchView> {
  if (classId !== undefined) await assertTeaches(db, user, classId);
  else if (user.role !== 'admin')
    throw new Forbidden('name a class you teach (classId): only admins re-grade everyone');
  const exercise = await db.exercise.findUnique({ where: { slug } });
  if (!exercise || exercise.publishedVersion === null) throw new NotFound(`published exercise '${slug}'`);
  const version = await db.exerciseVersion.findUniqueOrThrow({
    where: { exerciseId_version: { exerciseId: exercise.id, version: exercise.publishedVersion } },
    select: { id: true },
  });
  const submissions = await db.submission.findMany({
    where: {
      exerciseId: exercise.id,
      status: { in: ['graded', 'error'] },
      ...(classId !== undefined ? { user: { memberships: { some: { classId } } } } : {}),
    },
    select: { id: true },
    orderBy: { createdAt: 'asc' },
  });
  const ids = submissions.map((s) => s.id);
  const batch = await db.$transaction(async (tx) => {
    const created = await tx.regradeBatch.create({
      data: {
        exerciseId: exercise.id,
        classId: classId ?? null,
        createdById: user.id,
        total: ids.length,
        ...(ids.length === 0 ? { finishedAt: new Date() } : {}),
      },
    });
    for (let i = 0; i < ids.length; i += CHUNK) {
      await tx.submission.updateMany({
        where: { id: { in: ids.slice(i, i + CHUNK) } },
        data: {
          status: 'queued',
          versionId: version.id,
          batchId: created.id,
          grade: null,
          passed: null,
          score: null,
          mistake: null,
          error: null,
          gradedAt: null,
        },
      });
    }
    await audit(tx, user.id, 'exercise.regrade', slug, {
      batch: created.id,
      classId: classId ?? null,
      total: ids.length,
    });
    return created;
  });
  for (const id of ids) {
    await grading.queue.enqueue(id, { background: true }).catch((error: unknown) => {
      log.warn({ err: error, submissionId: id }, 'stored, not yet queued: the grading queue did not answer');
    });
  }
  return getBatch(db, user, batch.id);
}

/** A re-grade batch's progress, for the teacher who started it and admins. */
export async function getBatch(db: Db, user: SessionUser, id: string): Promise<BatchView> {
  const batch = await db.regradeBatch.findUnique({ where: { id }, include: WITH_EXERCISE });
  if (!batch || (user.role !== 'admin' && batch.createdById !== user.id)) throw new NotFound(`re-grade ${id}`);
  return batchView(batch);
}

/** Submissions whose grading failed on every attempt (infrastructure, not the learner's code). */
export async function deadLetters(db: Db, limit: number) {
  const rows = await db.submission.findMany({
    where: { status: 'error' },
    orderBy: { startedAt: 'desc' },
    take: limit,
    select: { id: true, userId: true, error: true, startedAt: true, exercise: { select: { slug: true } } },
  });
  return rows.map((row) => ({
    submissionId: row.id,
    exercise: row.exercise.slug,
    userId: row.userId,
    error: row.error,
    failedAt: row.startedAt,
  }));
}
