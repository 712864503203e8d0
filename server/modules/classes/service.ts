import { randomBytes } from 'node:crypto';
import type { Mistake } from '../../../grader/grade-schema.ts';
import { audit } from '../../audit.ts';
import type { Db } from '../../db/client.ts';
import { Conflict, Forbidden, isUniqueViolation, NotFound } from '../../errors.ts';
import type { SessionUser } from '../../plugins/auth.ts';
import type { ActivityDay, Cell, ClassView, ProgressReport } from './schema.ts';

/** 32 letters and digits without the look-alikes 0/O and 1/I, so a code read aloud survives. */
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

function joinCode(): string {
  return [...randomBytes(8)].map((byte) => CODE_ALPHABET[byte % 32]).join('');
}

const WITH_DETAILS = {
  teacher: { select: { id: true, name: true } },
  _count: { select: { members: true } },
  assignments: { include: { exercise: { select: { slug: true, title: true } } }, orderBy: { dueAt: 'asc' } },
} as const;

type Access = 'teacher' | 'member';

/** The class and how the user relates to it: its teacher (or an admin), a member, or 404. */
async function classFor(db: Db, user: SessionUser, id: string, need: Access) {
  const found = await db.class.findUnique({ where: { id }, include: WITH_DETAILS });
  if (!found) throw new NotFound(`class ${id}`);
  const teaches = user.role === 'admin' || found.teacherId === user.id;
  if (teaches) return { found, teaches };
  const member = (await db.membership.count({ where: { classId: id, userId: user.id } })) > 0;
  if (!member) throw new NotFound(`class ${id}`);
  if (need === 'teacher') throw new Forbidden('only the class\u2019s teacher may do this');
  return { found, teaches };
}

function classView(found: Awaited<ReturnType<typeof classFor>>['found'], teaches: boolean): ClassView {
  return {
    id: found.id,
    name: found.name,
    teacher: found.teacher,
    joinCode: teaches ? found.joinCode : null,
    members: found._count.members,
    assignments: found.assignments.map((a) => ({
      id: a.id,
      exercise: a.exercise.slug,
      title: JSON.parse(a.exercise.title) as { zh: string; en: string },
      dueAt: a.dueAt,
    })),
    createdAt: found.createdAt,
  };
}

export async function createClass(db: Db, user: SessionUser, name: string): Promise<ClassView> {
  if (user.role === 'learner') throw new Forbidden('only teachers and admins may create classes');
  for (;;) {
    try {
      const created = await db.$transaction(async (tx) => {
        const row = await tx.class.create({ data: { name, joinCode: joinCode(), teacherId: user.id } });
        await audit(tx, user.id, 'class.create', row.id, { name });
        return row;
      });
      return getClass(db, user, created.id);
    } catch (error) {
      // A join code already in use (1 in 10^12 per class): draw another.
      if (!isUniqueViolation(error)) throw error;
    }
  }
}

export async function getClass(db: Db, user: SessionUser, id: string): Promise<ClassView> {
  const { found, teaches } = await classFor(db, user, id, 'member');
  return classView(found, teaches);
}

/** The classes a user teaches or belongs to (admins: every class). */
export async function listClasses(db: Db, user: SessionUser): Promise<ClassView[]> {
  const rows = await db.class.findMany({
    where: user.role === 'admin' ? {} : { OR: [{ teacherId: user.id }, { members: { some: { userId: user.id } } }] },
    include: WITH_DETAILS,
    orderBy: { createdAt: 'asc' },
  });
  return rows.map((row) => classView(row, user.role === 'admin' || row.teacherId === user.id));
}

/** Joins the class with this code; joining twice changes nothing. */
export async function joinClass(db: Db, user: SessionUser, code: string): Promise<ClassView> {
  const found = await db.class.findUnique({ where: { joinCode: code } });
  if (!found) throw new NotFound(`a class with the code ${code}`);
  await db.membership.upsert({
    where: { classId_userId: { classId: found.id, userId: user.id } },
    create: { classId: found.id, userId: user.id },
    update: {},
  });
  return getClass(db, user, found.id);
}

export async function listMembers(db: Db, user: SessionUser, id: string) {
  await classFor(db, user, id, 'teacher');
  const members = await db.membership.findMany({
    where: { classId: id },
    include: { user: { select: { id: true, name: true, email: true } } },
    orderBy: { joinedAt: 'asc' },
  });
  return members.map((m) => ({ ...m.user, joinedAt: m.joinedAt }));
}

export async function assign(db: Db, user: SessionUser, id: string, slug: string, dueAt: Date): Promise<ClassView> {
  await classFor(db, user, id, 'teacher');
  const exercise = await db.exercise.findUnique({ where: { slug } });
  if (!exercise || exercise.publishedVersion === null) throw new NotFound(`published exercise '${slug}'`);
  await db
    .$transaction(async (tx) => {
      await tx.assignment.create({ data: { classId: id, exerciseId: exercise.id, dueAt } });
      await audit(tx, user.id, 'assignment.create', id, { exercise: slug, dueAt: dueAt.toISOString() });
    })
    .catch((error: unknown) => {
      if (isUniqueViolation(error)) throw new Conflict(`'${slug}' is already assigned to this class`);
      throw error;
    });
  return getClass(db, user, id);
}

/** Checks that the user teaches the class (or is an admin). */
export async function assertTeaches(db: Db, user: SessionUser, id: string): Promise<void> {
  await classFor(db, user, id, 'teacher');
}

const median = (values: number[]): number | null => {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};

const DAY_MS = 24 * 60 * 60 * 1000;
const utcDay = (at: Date): string => at.toISOString().slice(0, 10);

/** Submissions and passes per UTC day, from the first day to the last (oldest first). */
function activityByDay(submissions: { createdAt: Date; passed: boolean | null }[]): ActivityDay[] {
  const days = new Map<string, ActivityDay>();
  for (const s of submissions) {
    const day = utcDay(s.createdAt);
    const entry = days.get(day) ?? { day, submissions: 0, passed: 0 };
    entry.submissions++;
    if (s.passed) entry.passed++;
    days.set(day, entry);
  }
  if (days.size === 0) return [];
  const sorted = [...days.keys()].sort();
  const activity: ActivityDay[] = [];
  const last = Date.parse(sorted.at(-1) as string);
  for (let at = Date.parse(sorted[0] as string); at <= last; at += DAY_MS) {
    const day = utcDay(new Date(at));
    activity.push(days.get(day) ?? { day, submissions: 0, passed: 0 });
  }
  return activity;
}

/**
 * The class's progress: every learner on every published exercise (status, attempts, best
 * score, first pass, mistakes), per exercise the pass rate, the median attempts and the
 * share of learners who made each mistake, and the graded submissions per day.
 */
export async function classProgress(db: Db, user: SessionUser, id: string): Promise<ProgressReport> {
  const { found } = await classFor(db, user, id, 'teacher');
  const [members, exercises, submissions] = await Promise.all([
    db.membership.findMany({
      where: { classId: id },
      include: { user: { select: { id: true, name: true, email: true } } },
      orderBy: { joinedAt: 'asc' },
    }),
    db.exercise.findMany({
      where: { publishedVersion: { not: null } },
      orderBy: [{ position: 'asc' }, { slug: 'asc' }],
    }),
    db.submission.findMany({
      where: { user: { memberships: { some: { classId: id } } }, status: 'graded' },
      select: { userId: true, exerciseId: true, passed: true, score: true, mistake: true, createdAt: true },
      orderBy: { createdAt: 'asc' },
    }),
  ]);
  const due = new Map(found.assignments.map((a) => [a.exercise.slug, a.dueAt]));
  const slugOf = new Map(exercises.map((e) => [e.id, e.slug]));
  const cells = new Map<string, Cell>();
  for (const s of submissions) {
    const key = `${s.userId} ${s.exerciseId}`;
    const cell = cells.get(key) ?? {
      status: 'tried',
      attempts: 0,
      bestScore: null,
      firstPassedAt: null,
      attemptsToPass: null,
      mistakes: [],
    };
    cell.attempts++;
    if (s.score !== null) cell.bestScore = Math.max(cell.bestScore ?? 0, s.score);
    if (s.passed && cell.firstPassedAt === null) {
      cell.status = 'passed';
      cell.firstPassedAt = s.createdAt;
      cell.attemptsToPass = cell.attempts;
    }
    if (s.mistake !== null && !cell.mistakes.includes(s.mistake as Mistake)) cell.mistakes.push(s.mistake as Mistake);
    cells.set(key, cell);
  }
  const learners = members.map(({ user: learner }) => ({
    ...learner,
    cells: Object.fromEntries(
      exercises.flatMap((e) => {
        const cell = cells.get(`${learner.id} ${e.id}`);
        return cell ? [[e.slug, cell]] : [];
      }),
    ),
  }));
  const summary = Object.fromEntries(
    exercises.map((exercise) => {
      const slug = slugOf.get(exercise.id) as string;
      const tried = learners.map((l) => l.cells[slug]).filter((cell): cell is Cell => cell !== undefined);
      const counts = new Map<Mistake, number>();
      for (const cell of tried) for (const m of cell.mistakes) counts.set(m, (counts.get(m) ?? 0) + 1);
      return [
        slug,
        {
          tried: tried.length,
          passed: tried.filter((c) => c.status === 'passed').length,
          passRate: members.length === 0 ? 0 : tried.filter((c) => c.status === 'passed').length / members.length,
          medianAttempts: median(tried.map((c) => c.attempts)),
          mistakes: [...counts]
            .sort((a, b) => b[1] - a[1])
            .map(([mistake, count]) => ({ mistake, learners: count, share: count / tried.length })),
        },
      ];
    }),
  );
  return {
    exercises: exercises.map((e) => ({
      slug: e.slug,
      title: JSON.parse(e.title) as { zh: string; en: string },
      dueAt: due.get(e.slug) ?? null,
    })),
    learners,
    summary,
    activity: activityByDay(submissions.filter((s) => slugOf.has(s.exerciseId))),
  };
}

const csvField = (value: string | number | null): string => {
  const text = value === null ? '' : String(value);
  // Quote every field that needs it; a leading = + - @ is defused so spreadsheets do not run it.
  const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) || safe !== text ? `"${safe.replaceAll('"', '""')}"` : safe;
};

/** The progress report as CSV: one row per learner and exercise they tried. */
export function progressCsv(report: ProgressReport): string {
  const rows: (string | number | null)[][] = [
    [
      'learner',
      'email',
      'exercise',
      'status',
      'attempts',
      'best_score',
      'first_passed_at',
      'attempts_to_pass',
      'mistakes',
    ],
  ];
  for (const learner of report.learners) {
    for (const { slug } of report.exercises) {
      const cell = learner.cells[slug];
      rows.push([
        learner.name,
        learner.email,
        slug,
        cell?.status ?? 'not-started',
        cell?.attempts ?? 0,
        cell?.bestScore ?? null,
        cell?.firstPassedAt?.toISOString() ?? null,
        cell?.attemptsToPass ?? null,
        cell?.mistakes.join(' ') ?? null,
      ]);
    }
  }
  return rows.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}
