import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { EXERCISES_DIR } from '../../grader/exercise.ts';
import { timedLines } from '../lesson/traces.ts';
import { type Client, useApp } from './support.ts';

const pack = (slug: string, file: string): string => readFileSync(join(EXERCISES_DIR, slug, file), 'utf8');

const t = useApp();
let admin: Client;
let teacher: Client;
let learner: Client;
let classId: string;
let joinCode: string;

describe('a class works through an exercise', () => {
  test('the first account becomes the admin; later ones are learners until an admin says otherwise', async () => {
    admin = await t.signUp('Ada Admin');
    expect((await admin.get('/api/me')).json()).toMatchObject({ role: 'admin', email: 'ada.admin@example.com' });
    teacher = await t.signUp('Tess Teacher', 'teacher');
    learner = await t.signUp('Lee Learner');
    expect((await teacher.get('/api/me')).json()).toMatchObject({ role: 'teacher' });
    expect((await learner.get('/api/me')).json()).toMatchObject({ role: 'learner' });
  });

  test('logging out ends the session; logging in starts a new one; a wrong password is 401', async () => {
    const client = t.client();
    const registered = await client.post('/api/auth/register', {
      email: 'Sam@Example.com',
      name: 'Sam',
      password: 'a long enough password',
    });
    expect(registered.statusCode).toBe(201);
    expect(registered.json()).toMatchObject({ email: 'sam@example.com', role: 'learner' });
    expect(registered.cookies.find((c) => c.name === 'asynclab_session')).toMatchObject({
      httpOnly: true,
      sameSite: 'Lax',
    });
    expect((await client.post('/api/auth/logout')).statusCode).toBe(200);
    expect((await client.get('/api/me')).statusCode).toBe(401);
    const wrong = await client.post('/api/auth/login', { email: 'sam@example.com', password: 'not the password' });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toMatchObject({ code: 'WRONG_CREDENTIALS', message: 'wrong email or password' });
    expect(
      (await client.post('/api/auth/login', { email: 'SAM@example.com', password: 'a long enough password' }))
        .statusCode,
    ).toBe(200);
    expect((await client.get('/api/me')).json()).toMatchObject({ name: 'Sam' });
  });

  test('a state-changing request without the CSRF token is refused', async () => {
    const response = await learner.request({
      method: 'POST',
      url: '/api/classes/join',
      payload: { code: 'ABCDEFGH' },
      csrf: false,
    });
    expect(response.statusCode).toBe(403);
    expect(response.json().message).toMatch(/csrf/i);
  });

  test('a teacher creates a class; a learner joins it by its code', async () => {
    const created = await teacher.post('/api/classes', { name: 'Async 101' });
    expect(created.statusCode).toBe(201);
    ({ id: classId, joinCode } = created.json<{ id: string; joinCode: string }>());
    expect(joinCode).toMatch(/^[A-Z2-9]{8}$/);
    const joined = await learner.post('/api/classes/join', { code: joinCode.toLowerCase() });
    expect(joined.statusCode).toBe(200);
    expect(joined.json()).toMatchObject({ id: classId, name: 'Async 101', joinCode: null, members: 1 });
    const members = (await teacher.get(`/api/classes/${classId}/members`)).json<{ name: string }[]>();
    expect(members.map((m) => m.name)).toEqual(['Lee Learner']);
    const assigned = await teacher.post(`/api/classes/${classId}/assignments`, {
      exercise: 'convert-to-37-style',
      dueAt: '2026-12-01T12:00:00.000Z',
    });
    expect(assigned.statusCode).toBe(201);
    expect((await learner.get(`/api/classes/${classId}`)).json().assignments).toEqual([
      expect.objectContaining({ exercise: 'convert-to-37-style', dueAt: '2026-12-01T12:00:00.000Z' }),
    ]);
  });

  test('the catalogue lists the course in order, with the learner\u2019s progress', async () => {
    const list = (await learner.get('/api/exercises')).json<{ slug: string; order: number; progress: unknown }[]>();
    expect(list).toHaveLength(30);
    expect(list.map((e) => e.order)).toEqual([...list.map((e) => e.order)].sort((a, b) => a - b));
    expect(list.find((e) => e.slug === 'convert-to-37-style')?.progress).toEqual({
      status: 'not-started',
      attempts: 0,
      bestScore: null,
    });
    expect((await t.client().get('/api/exercises')).json<{ progress: unknown }[]>()[0]?.progress).toBeNull();
  });

  test('an exercise as learners see it has no reference, no hidden variant and no correct answers', async () => {
    const detail = await learner.get('/api/exercises/gather-results');
    expect(detail.statusCode).toBe(200);
    // Every line of the reference that the starter does not have, as it would appear in JSON.
    const starter = new Set(pack('gather-results', 'starter.ts').split('\n'));
    const solutionLines = pack('gather-results', 'reference.ts')
      .split('\n')
      .filter((line) => line.trim().length > 12 && !starter.has(line));
    expect(solutionLines.length).toBeGreaterThan(0);
    for (const line of solutionLines) expect(detail.body).not.toContain(JSON.stringify(line).slice(1, -1));
    expect(detail.json().hiddenVariants).toBeGreaterThan(0);
    expect(detail.json().variants.every((v: { index: number }) => v.index === 0)).toBe(true);
    const quiz = (await learner.get('/api/exercises/concepts-quiz')).body;
    expect(quiz).not.toMatch(/"correct"|"explanation"/);
    expect((await learner.get('/api/exercises/gather-results/pack')).statusCode).toBe(403);
    const forTeacher = await teacher.get('/api/exercises/gather-results/pack');
    expect(forTeacher.json().pack.files['reference.ts']).toBe(pack('gather-results', 'reference.ts'));
  });

  test('a predict exercise gives its printed lines sorted; the lines put in order and timed pass', async () => {
    const predictor = await t.signUp('Pat Predictor');
    const detail = (await predictor.get('/api/exercises/create-task-order')).json<{ lines: string[] }>();
    const printed = timedLines('create-task-order');
    expect(detail.lines).toEqual(printed.map(([, text]) => text).sort());
    expect(detail.lines).not.toEqual(printed.map(([, text]) => text));
    const text = printed.map(([t, line]) => `${t} ${line}`).join('\n');
    const submitted = await predictor.post('/api/exercises/create-task-order/submissions', { kind: 'predict', text });
    expect((await predictor.get(`/api/submissions/${submitted.json().id}?wait=20`)).json()).toMatchObject({
      passed: true,
    });
    expect((await predictor.get('/api/exercises/gather-results')).json().lines).toBeNull();
  });

  test('a choice question says whether more than one option is right, not which', async () => {
    const quiz = (await learner.get('/api/exercises/concepts-quiz')).json<{ questions: { multiple: boolean }[] }>();
    const manifest = JSON.parse(pack('concepts-quiz', 'exercise.json')) as {
      questions: { options: { correct: boolean }[] }[];
    };
    expect(quiz.questions.map((q) => q.multiple)).toEqual(
      manifest.questions.map((q) => q.options.filter((o) => o.correct).length > 1),
    );
    expect(quiz.questions.some((q) => q.multiple)).toBe(true);
  });

  test('a submission is stored at once and graded in the background; the hint names the mistake', async () => {
    const source = pack('convert-to-37-style', 'reject/await-each-task.ts');
    const submitted = await learner.post('/api/exercises/convert-to-37-style/submissions', { kind: 'code', source });
    expect(submitted.statusCode).toBe(202);
    expect(submitted.json()).toMatchObject({ status: 'queued', grade: null, submission: { kind: 'code', source } });
    const id = submitted.json<{ id: string }>().id;
    expect(submitted.headers.location).toBe(`/api/submissions/${id}`);
    const graded = (await learner.get(`/api/submissions/${id}?wait=20`)).json();
    expect(graded).toMatchObject({ status: 'graded', passed: false, mistake: 'sequential-awaits' });
    expect(graded.grade.feedback.en).toMatch(/your awaits run one after another/);
    expect(graded.grade.feedback.zh).toMatch(/你的 await 是一个接一个执行的/);
    expect(graded.grade.diff.lines.length).toBeGreaterThan(0);
  });

  test('a passing submission; history lists both attempts, newest first', async () => {
    const source = pack('convert-to-37-style', 'accept/gather.ts');
    const id = (await learner.post('/api/exercises/convert-to-37-style/submissions', { kind: 'code', source })).json()
      .id;
    expect((await learner.get(`/api/submissions/${id}?wait=20`)).json()).toMatchObject({
      status: 'graded',
      passed: true,
      score: 1,
    });
    const history = (await learner.get('/api/submissions?exercise=convert-to-37-style')).json<{ passed: boolean }[]>();
    expect(history.map((s) => s.passed)).toEqual([true, false]);
    const listed = (await learner.get('/api/exercises')).json<{ slug: string; progress: unknown }[]>();
    expect(listed.find((e) => e.slug === 'convert-to-37-style')?.progress).toEqual({
      status: 'passed',
      attempts: 2,
      bestScore: 1,
    });
  });

  test('predict and choice exercises take their own kinds of submission', async () => {
    const prediction = pack('create-task-order', 'accept/trace.txt');
    const predicted = await learner.post('/api/exercises/create-task-order/submissions', {
      kind: 'predict',
      text: prediction,
    });
    expect((await learner.get(`/api/submissions/${predicted.json().id}?wait=20`)).json()).toMatchObject({
      passed: true,
    });
    const wrongKind = await learner.post('/api/exercises/create-task-order/submissions', { kind: 'code', source: '' });
    expect(wrongKind.statusCode).toBe(422);
    const quiz = await learner.post('/api/exercises/concepts-quiz/submissions', { kind: 'choice', answers: [] });
    expect((await learner.get(`/api/submissions/${quiz.json().id}?wait=20`)).json()).toMatchObject({
      passed: false,
      mistake: 'wrong-answer',
    });
  });

  test('the teacher sees the class\u2019s progress, mistakes and CSV', async () => {
    const report = (await teacher.get(`/api/classes/${classId}/progress`)).json();
    const cell = report.learners[0].cells['convert-to-37-style'];
    expect(cell).toMatchObject({
      status: 'passed',
      attempts: 2,
      bestScore: 1,
      attemptsToPass: 2,
      mistakes: ['sequential-awaits'],
    });
    expect(report.summary['convert-to-37-style']).toMatchObject({
      tried: 1,
      passed: 1,
      passRate: 1,
      medianAttempts: 2,
      mistakes: [{ mistake: 'sequential-awaits', learners: 1, share: 1 }],
    });
    expect(report.exercises.find((e: { slug: string }) => e.slug === 'convert-to-37-style').dueAt).toBe(
      '2026-12-01T12:00:00.000Z',
    );
    const csv = await teacher.get(`/api/classes/${classId}/progress.csv`);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toBe(
      'learner,email,exercise,status,attempts,best_score,first_passed_at,attempts_to_pass,mistakes',
    );
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^Lee Learner,lee\.learner@example\.com,convert-to-37-style,passed,2,1,\d{4}-.*Z,2,sequential-awaits$/,
      ),
    );
    expect(lines).toHaveLength(1 + 30);
    const submissions = (await teacher.get(`/api/classes/${classId}/submissions`)).json<unknown[]>();
    expect(submissions).toHaveLength(4);
  });

  test('a free run returns the trace in an exercise variant\u2019s world', async () => {
    const ran = await learner.post('/api/run', {
      source: "import * as asyncio from 'asyncio';\nasyncio.run(asyncio.sleep(2));\nprint('done');",
    });
    expect(ran.statusCode).toBe(200);
    expect(ran.json()).toMatchObject({ status: 'ok', elapsed: 2, events: [{ text: 'done', t: 2 }] });
    const hidden = await learner.post('/api/run', { source: '', exercise: 'gather-results', variant: 1 });
    expect(hidden.statusCode).toBe(404);
  });

  test('health, and the OpenAPI document generated from the schemas', async () => {
    expect((await t.client().get('/api/health')).json()).toEqual({
      status: 'ok',
      database: 'ok',
      queue: { kind: 'in-process', status: 'ok', waiting: 0, active: 0, workers: 1 },
      exercises: 30,
    });
    const openapi = (await t.client().get('/docs/json')).json<{ paths: Record<string, unknown> }>();
    expect(Object.keys(openapi.paths)).toEqual(
      expect.arrayContaining(['/api/exercises/{slug}/submissions', '/api/classes/{id}/progress', '/api/run']),
    );
  });

  test('the admin changes roles and every change is in the audit log', async () => {
    const audit = (await admin.get('/api/audit')).json<{ action: string }[]>();
    expect(audit.map((entry) => entry.action)).toEqual(
      expect.arrayContaining(['user.role', 'class.create', 'assignment.create']),
    );
  });
});
