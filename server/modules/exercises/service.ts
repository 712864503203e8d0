import { createHash } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import {
  type Exercise as LoadedExercise,
  ExerciseError,
  exerciseDirs,
  exerciseFromPack,
  type Pack,
  PackSchema,
  packFromDir,
} from '../../../grader/exercise.ts';
import type { Grader } from '../../../grader/grade.ts';
import { selfTest } from '../../../grader/selftest.ts';
import { audit } from '../../audit.ts';
import type { Db, Exercise } from '../../db/client.ts';
import { Conflict, Forbidden, InvalidExercise, isUniqueViolation, NotFound } from '../../errors.ts';
import type { SessionUser } from '../../plugins/auth.ts';
import type { Grading } from '../../plugins/grading.ts';
import type { ExerciseDetail, Preview, Progress } from './schema.ts';
import { versionContent } from './versions.ts';

const digestOf = (pack: Pack): string => createHash('sha256').update(JSON.stringify(pack)).digest('hex');

/** The catalogue columns an exercise repeats from the manifest of its published version. */
function summaryOf(pack: Pack): Pick<Exercise, 'kind' | 'section' | 'position' | 'title'> {
  const { manifest } = pack;
  return {
    kind: manifest.kind,
    section: manifest.section,
    position: manifest.order,
    title: JSON.stringify(manifest.title),
  };
}

/** Builds the exercise a pack describes, or answers 422 with what is wrong. */
function validated(pack: Pack): LoadedExercise {
  try {
    return exerciseFromPack(pack, pack.manifest.slug);
  } catch (error) {
    if (error instanceof ExerciseError) throw new InvalidExercise(error.message);
    throw error;
  }
}

/**
 * Loads the packs in `dir` (the course's `exercises/`): a new pack becomes a published
 * exercise, a changed one a new published version. Exercises authored through the API are
 * left alone; a pack that does not load is logged and skipped (`asynclab check` says why).
 */
export async function loadPacks(db: Db, dir: string, log: FastifyBaseLogger): Promise<number> {
  let loaded = 0;
  for (const packDir of exerciseDirs(dir)) {
    let pack: Pack;
    try {
      pack = packFromDir(packDir);
      exerciseFromPack(pack, packDir);
    } catch (error) {
      log.error({ err: error, dir: packDir }, 'exercise pack skipped');
      continue;
    }
    const digest = digestOf(pack);
    const slug = pack.manifest.slug;
    const existing = await db.exercise.findUnique({
      where: { slug },
      include: { versions: { orderBy: { version: 'desc' }, take: 1 } },
    });
    if (existing && existing.origin !== 'files') {
      log.warn({ slug }, 'an exercise authored through the API has this pack\u2019s slug; the pack is skipped');
      continue;
    }
    if (existing?.versions[0]?.digest === digest) continue;
    const version = (existing?.latestVersion ?? 0) + 1;
    await db.$transaction(async (tx) => {
      const exercise = existing
        ? await tx.exercise.update({
            where: { id: existing.id },
            data: { ...summaryOf(pack), latestVersion: version, publishedVersion: version },
          })
        : await tx.exercise.create({
            data: { slug, origin: 'files', ...summaryOf(pack), latestVersion: version, publishedVersion: version },
          });
      await tx.exerciseVersion.create({
        data: { exerciseId: exercise.id, version, pack: JSON.stringify(pack), digest },
      });
    });
    loaded++;
  }
  return loaded;
}

const isEditor = (user: SessionUser | null): boolean => user?.role === 'teacher' || user?.role === 'admin';

/** Admins edit every exercise; teachers the ones they authored. */
function assertCanEdit(user: SessionUser, exercise: Exercise): void {
  if (user.role === 'admin' || (user.role === 'teacher' && exercise.authorId === user.id)) return;
  throw new Forbidden(
    exercise.origin === 'files'
      ? 'exercises loaded from exercises/ are edited there, or by an admin'
      : 'only the teacher who wrote this exercise, or an admin, may change it',
  );
}

/** A learner's progress on each exercise they have submitted to. */
export async function progressByExercise(db: Db, userId: string): Promise<Map<string, Progress>> {
  const groups = await db.submission.groupBy({
    by: ['exerciseId', 'passed'],
    where: { userId },
    _count: { _all: true },
    _max: { score: true },
  });
  const progress = new Map<string, Progress>();
  for (const group of groups) {
    const current = progress.get(group.exerciseId) ?? { status: 'tried', attempts: 0, bestScore: null };
    current.attempts += group._count._all;
    const best = group._max.score;
    if (best !== null) current.bestScore = Math.max(current.bestScore ?? 0, best);
    if (group.passed) current.status = 'passed';
    progress.set(group.exerciseId, current);
  }
  return progress;
}

const NOT_STARTED: Progress = { status: 'not-started', attempts: 0, bestScore: null };

/** The catalogue in course order: published exercises, and for editors the unpublished ones too. */
export async function listExercises(db: Db, user: SessionUser | null) {
  const exercises = await db.exercise.findMany({
    where: isEditor(user) ? {} : { publishedVersion: { not: null } },
    orderBy: [{ position: 'asc' }, { slug: 'asc' }],
  });
  const progress = user ? await progressByExercise(db, user.id) : undefined;
  return exercises.map((exercise) => ({
    slug: exercise.slug,
    kind: exercise.kind as 'code' | 'predict' | 'choice',
    section: exercise.section,
    order: exercise.position,
    title: JSON.parse(exercise.title) as { zh: string; en: string },
    published: exercise.publishedVersion !== null,
    progress: progress ? (progress.get(exercise.id) ?? NOT_STARTED) : null,
  }));
}

/**
 * The version a user works on: the published one (editors see the latest draft of an
 * exercise that was never published). 404 for an exercise the user may not see.
 */
export async function workingVersion(db: Db, user: SessionUser | null, slug: string) {
  const exercise = await db.exercise.findUnique({
    where: { slug },
    include: { versions: { select: { id: true, version: true } } },
  });
  const number = exercise?.publishedVersion ?? (isEditor(user) ? exercise?.latestVersion : undefined);
  const stored = exercise?.versions.find((v) => v.version === number);
  if (!exercise || !stored) throw new NotFound(`exercise '${slug}'`);
  const { pack, exercise: loaded } = await versionContent(db, stored.id);
  return { exercise, stored, pack, loaded };
}

export async function exerciseDetail(
  db: Db,
  grader: Grader,
  user: SessionUser | null,
  slug: string,
): Promise<ExerciseDetail> {
  const { exercise, stored, pack, loaded } = await workingVersion(db, user, slug);
  const { manifest } = pack;
  const progress = user ? ((await progressByExercise(db, user.id)).get(exercise.id) ?? NOT_STARTED) : null;
  return {
    slug,
    kind: manifest.kind,
    section: manifest.section,
    order: manifest.order,
    version: stored.version,
    title: manifest.title,
    prompt: loaded.prompt,
    starter: loaded.starter ?? null,
    hints: manifest.hints,
    checks: manifest.checks.map((check) => ({ type: check.type, weight: check.weight })),
    variants: loaded.variants
      .filter((variant) => !variant.hidden)
      .map((variant) => ({
        index: variant.index,
        seed: variant.seed,
        ...(variant.fixture ? { fixture: variant.fixture } : {}),
      })),
    hiddenVariants: loaded.variants.filter((variant) => variant.hidden).length,
    questions:
      manifest.questions?.map((question) => ({
        text: question.text,
        multiple: question.options.filter((option) => option.correct).length > 1,
        options: question.options.map(({ id, text }) => ({ id, text })),
      })) ?? null,
    lines: manifest.kind === 'predict' ? await printedLines(grader, loaded) : null,
    progress,
  };
}

/**
 * The lines a predict exercise's program prints on the variant predictions are graded against,
 * sorted so that they give away the words but not the order. The reference run is cached by
 * the grader, so this runs the program once per version.
 */
async function printedLines(grader: Grader, exercise: LoadedExercise): Promise<string[] | null> {
  const variant = exercise.variants[0];
  if (!variant) return null;
  try {
    const result = await grader.reference(exercise, variant);
    return result.events.map((event) => event.text).sort();
  } catch {
    // A sandbox that is down must not take the exercise page with it: learners can still write.
    return null;
  }
}

/** A stored version's pack (the latest by default), for editors. */
export async function exercisePack(db: Db, user: SessionUser, slug: string, version?: number) {
  if (!isEditor(user)) throw new Forbidden('only teachers and admins may read an exercise\u2019s pack');
  const exercise = await db.exercise.findUnique({ where: { slug } });
  if (!exercise) throw new NotFound(`exercise '${slug}'`);
  const number = version ?? exercise.latestVersion;
  const stored = await db.exerciseVersion.findUnique({
    where: { exerciseId_version: { exerciseId: exercise.id, version: number } },
  });
  if (!stored) throw new NotFound(`version ${number} of '${slug}'`);
  return {
    slug,
    version: number,
    origin: exercise.origin as 'files' | 'api',
    latestVersion: exercise.latestVersion,
    publishedVersion: exercise.publishedVersion,
    updatedAt: exercise.updatedAt,
    pack: PackSchema.parse(JSON.parse(stored.pack)),
  };
}

/**
 * Tries out a pack before it is saved or published: runs the reference on every variant
 * (hidden ones too: editors see them) and runs the self-test that publishing requires.
 */
export async function previewExercise(grading: Grading, user: SessionUser, pack: Pack): Promise<Preview> {
  if (!isEditor(user)) throw new Forbidden('only teachers and admins may preview exercises');
  const exercise = validated(pack);
  const variants = await Promise.all(
    exercise.variants.map(async (variant) => ({
      index: variant.index,
      seed: variant.seed,
      hidden: variant.hidden,
      result: await grading.run(exercise.reference ?? '', {
        seed: variant.seed,
        ...(variant.fixture ? { fixture: variant.fixture } : {}),
      }),
    })),
  );
  let problems: string[];
  try {
    problems = await selfTest(grading.grader, exercise);
  } catch (error) {
    if (!(error instanceof ExerciseError)) throw error;
    problems = [error.message];
  }
  return { variants: exercise.manifest.kind === 'choice' ? [] : variants, problems };
}

/** A teacher's new exercise: version 1, not yet published. */
export async function createExercise(db: Db, user: SessionUser, pack: Pack) {
  if (!isEditor(user)) throw new Forbidden('only teachers and admins may write exercises');
  validated(pack);
  const slug = pack.manifest.slug;
  if (await db.exercise.findUnique({ where: { slug } })) throw new Conflict(`an exercise '${slug}' exists`);
  await db
    .$transaction(async (tx) => {
      const exercise = await tx.exercise.create({
        data: { slug, origin: 'api', authorId: user.id, ...summaryOf(pack), latestVersion: 1 },
      });
      await tx.exerciseVersion.create({
        data: { exerciseId: exercise.id, version: 1, pack: JSON.stringify(pack), digest: digestOf(pack) },
      });
      await audit(tx, user.id, 'exercise.create', slug);
    })
    .catch((error: unknown) => {
      if (isUniqueViolation(error)) throw new Conflict(`an exercise '${slug}' exists`);
      throw error;
    });
  return exercisePack(db, user, slug);
}

/** A new version of an exercise; learners keep the published one until it is published. */
export async function updateExercise(db: Db, user: SessionUser, slug: string, pack: Pack) {
  if (!isEditor(user)) throw new Forbidden('only teachers and admins may write exercises');
  const exercise = await db.exercise.findUnique({ where: { slug } });
  if (!exercise) throw new NotFound(`exercise '${slug}'`);
  assertCanEdit(user, exercise);
  if (pack.manifest.slug !== slug) {
    throw new InvalidExercise(`the manifest's slug '${pack.manifest.slug}' must be '${slug}' (slugs do not change)`);
  }
  validated(pack);
  const version = exercise.latestVersion + 1;
  await db
    .$transaction(async (tx) => {
      await tx.exercise.update({ where: { id: exercise.id }, data: { latestVersion: version } });
      await tx.exerciseVersion.create({
        data: { exerciseId: exercise.id, version, pack: JSON.stringify(pack), digest: digestOf(pack) },
      });
      await audit(tx, user.id, 'exercise.update', slug, { version });
    })
    .catch((error: unknown) => {
      if (isUniqueViolation(error)) throw new Conflict(`'${slug}' was changed meanwhile; load it again`);
      throw error;
    });
  return exercisePack(db, user, slug);
}

/**
 * Publishes a version (the latest by default) after it passes its own self-test, as
 * `asynclab check` runs it: the reference passes every variant, accepts pass, rejects fail.
 */
export async function publishExercise(db: Db, grader: Grader, user: SessionUser, slug: string, version?: number) {
  if (!isEditor(user)) throw new Forbidden('only teachers and admins may publish exercises');
  const exercise = await db.exercise.findUnique({ where: { slug } });
  if (!exercise) throw new NotFound(`exercise '${slug}'`);
  assertCanEdit(user, exercise);
  const number = version ?? exercise.latestVersion;
  const stored = await db.exerciseVersion.findUnique({
    where: { exerciseId_version: { exerciseId: exercise.id, version: number } },
  });
  if (!stored) throw new NotFound(`version ${number} of '${slug}'`);
  const pack = PackSchema.parse(JSON.parse(stored.pack));
  let problems: string[];
  try {
    problems = await selfTest(grader, validated(pack));
  } catch (error) {
    if (error instanceof ExerciseError) throw new InvalidExercise(error.message);
    throw error;
  }
  if (problems.length > 0) throw new InvalidExercise(`version ${number} fails its self-test: ${problems.join('; ')}`);
  await db.$transaction(async (tx) => {
    await tx.exercise.update({ where: { id: exercise.id }, data: { publishedVersion: number, ...summaryOf(pack) } });
    await audit(tx, user.id, 'exercise.publish', slug, { version: number });
  });
  return exercisePack(db, user, slug);
}
