import { MistakeSchema, readStoredGrade, type Submission as SubmissionInput } from '../../../grader/grade-schema.ts';
import { audit } from '../../audit.ts';
import type { Db, Prisma } from '../../db/client.ts';
import type { FastifyBaseLogger } from 'fastify';
import { Forbidden, InvalidExercise, NotFound, QueueFull } from '../../errors.ts';
import type { Grading } from '../../plugins/grading.ts';
import type { SessionUser } from '../../plugins/auth.ts';
import { workingVersion } from '../exercises/service.ts';
import { type SubmissionView, SubmissionStatusSchema } from './schema.ts';

const WITH_EXERCISE = { exercise: { select: { slug: true } }, version: { select: { version: true } } } as const;
type StoredSubmission = Prisma.SubmissionGetPayload<{ include: typeof WITH_EXERCISE }>;

/** A stored submission as the API shows it (the response schema checks it on the way out). */
function view(row: StoredSubmission): SubmissionView {
  return {
    ...summary(row),
    grade: row.grade === null ? null : readStoredGrade(row.grade),
  };
}

/** A stored submission without its grade. */
function summary(row: StoredSubmission): Omit<SubmissionView, 'grade'> {
  return {
    id: row.id,
    exercise: row.exercise.slug,
    version: row.version.version,
    userId: row.userId,
    submission: JSON.parse(row.payload) as SubmissionInput,
    status: SubmissionStatusSchema.parse(row.status),
    passed: row.passed,
    score: row.score,
    mistake: row.mistake === null ? null : MistakeSchema.parse(row.mistake),
    error: row.error,
    createdAt: row.createdAt,
    gradedAt: row.gradedAt,
    gradingMs: row.gradingMs,
  };
}

/**
 * A full queue refuses new work (429). A queue that cannot be asked (Redis is away) does not:
 * the submission is stored and queued when the queue is back.
 */
async function assertRoom(grading: Grading, log: FastifyBaseLogger): Promise<void> {
  try {
    await grading.queue.assertRoom();
  } catch (error) {
    if (error instanceof QueueFull) throw error;
    log.warn({ err: error }, 'the grading queue did not answer; accepting the submission');
  }
}

/** Queues a stored submission; if the queue is away, the grading plugin's sweep queues it later. */
async function enqueueStored(grading: Grading, log: FastifyBaseLogger, id: string): Promise<void> {
  await grading.queue.enqueue(id).catch((error: unknown) => {
    log.warn({ err: error, submissionId: id }, 'stored, not yet queued: the grading queue did not answer');
  });
}

/** Learners see their own work; teachers their classes' learners'; admins everyone's. */
export async function canSeeWorkOf(db: Db, viewer: SessionUser, ownerId: string): Promise<boolean> {
  if (viewer.id === ownerId || viewer.role === 'admin') return true;
  if (viewer.role !== 'teacher') return false;
  const shared = await db.membership.count({ where: { userId: ownerId, class: { teacherId: viewer.id } } });
  return shared > 0;
}

/**
 * Stores a submission, then queues it for grading (SPEC §7: stored before it is graded).
 * A full queue answers 429 before anything is stored.
 */
export async function submit(
  db: Db,
  grading: Grading,
  log: FastifyBaseLogger,
  user: SessionUser,
  slug: string,
  input: SubmissionInput,
): Promise<SubmissionView> {
  const { exercise, stored, pack } = await workingVersion(db, user, slug);
  if (input.kind !== pack.manifest.kind) {
    throw new InvalidExercise(`'${slug}' is a ${pack.manifest.kind} exercise; this is a ${input.kind} submission`);
  }
  await assertRoom(grading, log);
  const row = await db.submission.create({
    data: {
      userId: user.id,
      exerciseId: exercise.id,
      versionId: stored.id,
      kind: input.kind,
      payload: JSON.stringify(input),
    },
  });
  await enqueueStored(grading, log, row.id);
  return view({ ...row, exercise: { slug }, version: { version: stored.version } });
}

/** A submission, if the viewer may see it; `waitMs` holds the answer until it is graded. */
export async function getSubmission(
  db: Db,
  grading: Grading,
  viewer: SessionUser,
  id: string,
  waitMs: number,
): Promise<SubmissionView> {
  const read = () => db.submission.findUniqueOrThrow({ where: { id }, include: WITH_EXERCISE });
  const row = await db.submission.findUnique({ where: { id }, include: WITH_EXERCISE });
  if (!row || !(await canSeeWorkOf(db, viewer, row.userId))) throw new NotFound(`submission ${id}`);
  const pending = (status: string): boolean => status === 'queued' || status === 'grading';
  if (waitMs === 0 || !pending(row.status)) return view(row);
  // Listen, then look again, so a grade stored in between is not missed.
  const settled = grading.settled(id, waitMs);
  const { status } = await db.submission.findUniqueOrThrow({ where: { id }, select: { status: true } });
  if (pending(status)) await settled;
  return view(await read());
}

/** Submissions newest first: the viewer's own, or (for teachers and admins) a learner's. */
export async function listSubmissions(
  db: Db,
  viewer: SessionUser,
  query: { exercise?: string | undefined; user?: string | undefined; limit: number },
  classId?: string,
) {
  const userId = query.user ?? (classId ? undefined : viewer.id);
  if (userId !== undefined && !(await canSeeWorkOf(db, viewer, userId))) {
    throw new Forbidden('you may only see your own submissions, or your classes\u2019 learners\u2019');
  }
  const rows = await db.submission.findMany({
    where: {
      ...(userId !== undefined ? { userId } : {}),
      ...(classId !== undefined ? { user: { memberships: { some: { classId } } } } : {}),
      ...(query.exercise !== undefined ? { exercise: { slug: query.exercise } } : {}),
    },
    orderBy: { createdAt: 'desc' },
    take: query.limit,
    include: WITH_EXERCISE,
  });
  return rows.map((row) => ({
    ...summary(row),
    feedback: row.grade === null ? null : readStoredGrade(row.grade).feedback,
  }));
}

/**
 * Grades a submission again (after an exercise changed, or a grading error) against the
 * version it was submitted to. Its teachers, admins, and its owner when grading failed, may.
 */
export async function regrade(
  db: Db,
  grading: Grading,
  log: FastifyBaseLogger,
  viewer: SessionUser,
  id: string,
): Promise<SubmissionView> {
  const row = await db.submission.findUnique({ where: { id } });
  if (!row || !(await canSeeWorkOf(db, viewer, row.userId))) throw new NotFound(`submission ${id}`);
  const own = row.userId === viewer.id && viewer.role === 'learner';
  if (own && row.status !== 'error')
    throw new Forbidden('a learner may re-grade only a submission whose grading failed');
  if (row.status === 'queued' || row.status === 'grading') {
    return view(await db.submission.findUniqueOrThrow({ where: { id }, include: WITH_EXERCISE }));
  }
  await assertRoom(grading, log);
  const updated = await db.$transaction(async (tx) => {
    if (!own) await audit(tx, viewer.id, 'submission.regrade', id);
    return tx.submission.update({
      where: { id },
      data: { status: 'queued', grade: null, passed: null, score: null, mistake: null, error: null, gradedAt: null },
      include: WITH_EXERCISE,
    });
  });
  await enqueueStored(grading, log, id);
  return view(updated);
}
