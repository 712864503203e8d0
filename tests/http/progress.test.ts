import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { EXERCISES_DIR } from '../../grader/exercise.ts';
import { type Client, useApp } from './support.ts';

const SLUG = 'convert-to-37-style';
const PASSING = readFileSync(join(EXERCISES_DIR, SLUG, 'accept/gather.ts'), 'utf8');
const FAILING = readFileSync(join(EXERCISES_DIR, SLUG, 'reject/await-each-task.ts'), 'utf8');

const t = useApp();
let teacher: Client;
let otherTeacher: Client;
let ann: Client;
let ben: Client;
let outsider: Client;
let classId: string;
let graded: { id: string; passed: boolean; createdAt: string }[];

interface Day {
  day: string;
  submissions: number;
  passed: number;
}
interface Report {
  activity: Day[];
  learners: { id: string; name: string }[];
}

/** Submits code and waits until it is graded; returns the graded submission. */
async function submit(client: Client, source: string): Promise<{ id: string; passed: boolean; createdAt: string }> {
  const submitted = await client.post(`/api/exercises/${SLUG}/submissions`, { kind: 'code', source });
  expect(submitted.statusCode).toBe(202);
  const graded = (await client.get(`/api/submissions/${submitted.json<{ id: string }>().id}?wait=20`)).json();
  expect(graded).toMatchObject({ status: 'graded' });
  return graded;
}

const progress = async (): Promise<Report> => (await teacher.get(`/api/classes/${classId}/progress`)).json<Report>();

describe('the progress report counts the class\u2019s submissions per day', () => {
  test('a class with two learners, and a learner outside it', async () => {
    await t.signUp('Ada Admin');
    teacher = await t.signUp('Tess Teacher', 'teacher');
    otherTeacher = await t.signUp('Olga Other', 'teacher');
    ann = await t.signUp('Ann Learner');
    ben = await t.signUp('Ben Learner');
    outsider = await t.signUp('Oscar Outsider');
    const created = await teacher.post('/api/classes', { name: 'Async 101' });
    ({ id: classId } = created.json<{ id: string }>());
    const { joinCode } = created.json<{ joinCode: string }>();
    for (const learner of [ann, ben]) {
      expect((await learner.post('/api/classes/join', { code: joinCode })).statusCode).toBe(200);
    }
  });

  test('before anyone submits, there is no activity', async () => {
    expect((await progress()).activity).toEqual([]);
  });

  test('each graded submission counts on its UTC day, passes apart; outsiders do not count', async () => {
    graded = [await submit(ann, FAILING), await submit(ann, PASSING), await submit(ben, FAILING)];
    expect(graded.map((s) => s.passed)).toEqual([false, true, false]);
    await submit(outsider, PASSING);
    const days = new Map<string, Day>();
    for (const s of graded) {
      const day = s.createdAt.slice(0, 10);
      const entry = days.get(day) ?? { day, submissions: 0, passed: 0 };
      entry.submissions++;
      if (s.passed) entry.passed++;
      days.set(day, entry);
    }
    // Three submissions within seconds: one day, or two if they straddle midnight UTC.
    expect((await progress()).activity).toEqual([...days.values()]);
  });

  test('days without submissions between the first and the last are zeros', async () => {
    // Ann's failed attempt moves to three days before the earliest of the others.
    const others = graded.slice(1).map((s) => s.createdAt.slice(0, 10));
    const earliest = Date.parse(`${others.sort()[0]}T00:00:00Z`);
    const day = (daysBefore: number): string => new Date(earliest - daysBefore * 86_400_000).toISOString().slice(0, 10);
    await t.app.db.submission.update({
      where: { id: graded[0]?.id as string },
      data: { createdAt: new Date(earliest - 3 * 86_400_000 + 1000) },
    });
    const { activity } = await progress();
    expect(activity.slice(0, 3)).toEqual([
      { day: day(3), submissions: 1, passed: 0 },
      { day: day(2), submissions: 0, passed: 0 },
      { day: day(1), submissions: 0, passed: 0 },
    ]);
    expect(activity[3]).toMatchObject({ day: day(0) });
    expect(activity.map((d) => d.day)).toEqual([...new Set(activity.map((d) => d.day))].sort());
    expect(activity.reduce((sum, d) => sum + d.submissions, 0)).toBe(3);
    expect(activity.reduce((sum, d) => sum + d.passed, 0)).toBe(1);
  });

  test('the teacher sees one learner\u2019s attempts, newest first, with the feedback', async () => {
    type Listed = { userId: string; exercise: string; passed: boolean; feedback: { zh: string; en: string } | null };
    const list = async (learner: Client) =>
      (await teacher.get(`/api/classes/${classId}/submissions?user=${learner.userId}`)).json<Listed[]>();
    const anns = await list(ann);
    expect(anns.map((s) => [s.userId, s.exercise, s.passed])).toEqual([
      [ann.userId, SLUG, true],
      [ann.userId, SLUG, false],
    ]);
    const bens = await list(ben);
    expect(bens).toHaveLength(1);
    expect(bens[0]?.feedback?.en).toMatch(/one after another/);
    expect(bens[0]?.feedback?.zh).toMatch(/一个接一个/);
  });

  test('a grade stored with plain English texts (before grades were bilingual) still reads, in both languages', async () => {
    const [latest] = await t.app.db.submission.findMany({
      where: { user: { name: 'Ben Learner' } },
      orderBy: { createdAt: 'desc' },
      take: 1,
    });
    const grade = JSON.parse(latest?.grade ?? 'null') as {
      feedback: { en: string };
      checks: { message: { en: string } }[];
    };
    const legacy = {
      ...grade,
      feedback: grade.feedback.en,
      checks: grade.checks.map((c) => ({ ...c, message: c.message.en })),
    };
    await t.app.db.submission.update({ where: { id: latest?.id }, data: { grade: JSON.stringify(legacy) } });

    const both = (text: string) => ({ zh: text, en: text });
    const shown = await ben.get(`/api/submissions/${latest?.id}`);
    expect(shown.statusCode).toBe(200);
    expect(shown.json()).toMatchObject({
      grade: { feedback: both(grade.feedback.en), checks: grade.checks.map((c) => ({ message: both(c.message.en) })) },
    });
    const listed = await teacher.get(`/api/classes/${classId}/submissions?user=${ben.userId}`);
    expect(listed.statusCode).toBe(200);
    expect(listed.json<{ feedback: unknown }[]>()[0]?.feedback).toEqual(both(grade.feedback.en));
  });

  test('another teacher gets 404 for the class\u2019s report, CSV and submissions; a learner 403', async () => {
    for (const path of ['progress', 'progress.csv', `submissions?user=${ann.userId}`]) {
      const response = await otherTeacher.get(`/api/classes/${classId}/${path}`);
      expect(response.statusCode).toBe(404);
      expect(response.body).not.toContain('Ann Learner');
    }
    expect((await ann.get(`/api/classes/${classId}/progress`)).statusCode).toBe(403);
  });
});
