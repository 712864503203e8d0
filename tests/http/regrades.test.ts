import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { EXERCISES_DIR } from '../../grader/exercise.ts';
import { type Client, useApp } from './support.ts';

const t = useApp();
const source = readFileSync(join(EXERCISES_DIR, 'convert-to-37-style/accept/gather.ts'), 'utf8');

describe('re-grade batches, the dead-letter view and metrics (issue 7)', () => {
  let admin: Client;
  let teacher: Client;
  let otherTeacher: Client;
  let learner: Client;
  let classId: string;
  const submitted: string[] = [];

  test('a teacher re-grades the class\u2019s submissions as a batch and follows its progress', async () => {
    admin = await t.signUp('Admin');
    teacher = await t.signUp('Tess', 'teacher');
    otherTeacher = await t.signUp('Otto', 'teacher');
    learner = await t.signUp('Lee');
    classId = (await teacher.post('/api/classes', { name: 'A' })).json().id;
    const code = (await teacher.get(`/api/classes/${classId}`)).json().joinCode;
    await learner.post('/api/classes/join', { code });
    for (let i = 0; i < 3; i++) {
      const id = (await learner.post('/api/exercises/convert-to-37-style/submissions', { kind: 'code', source })).json()
        .id;
      submitted.push(id);
      await learner.get(`/api/submissions/${id}?wait=20`);
    }
    const started = await teacher.post('/api/exercises/convert-to-37-style/regrade', { classId });
    expect(started.statusCode).toBe(202);
    expect(started.json()).toMatchObject({ exercise: 'convert-to-37-style', classId, total: 3, version: 1 });
    expect(started.headers.location).toBe(`/api/regrades/${started.json().id}`);
    let progress = started.json();
    for (let i = 0; i < 100 && !progress.finished; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      progress = (await teacher.get(`/api/regrades/${started.json().id}`)).json();
    }
    expect(progress).toMatchObject({ total: 3, done: 3, failed: 0, finished: true });
    const rows = await t.app.db.submission.findMany({ where: { id: { in: submitted } } });
    expect(rows.map((r) => [r.status, r.gradings, r.batchId])).toEqual(
      submitted.map(() => ['graded', 2, started.json().id]),
    );
    expect((await otherTeacher.get(`/api/regrades/${started.json().id}`)).statusCode).toBe(404);
    expect((await admin.get(`/api/regrades/${started.json().id}`)).statusCode).toBe(200);
  });

  test('only a class\u2019s teacher re-grades it; only admins re-grade everyone', async () => {
    // A member of the class is told it is not theirs to do; anyone else does not learn that the class exists.
    expect((await learner.post('/api/exercises/convert-to-37-style/regrade', { classId })).statusCode).toBe(403);
    expect((await otherTeacher.post('/api/exercises/convert-to-37-style/regrade', { classId })).statusCode).toBe(404);
    expect((await teacher.post('/api/exercises/convert-to-37-style/regrade', {})).statusCode).toBe(403);
    const everyone = await admin.post('/api/exercises/convert-to-37-style/regrade', {});
    expect(everyone.statusCode).toBe(202);
    expect(everyone.json().total).toBe(3);
  });

  test('submissions whose grading failed are listed for admins only', async () => {
    await t.app.db.submission.update({ where: { id: submitted[0] }, data: { status: 'error', error: 'sandbox died' } });
    expect((await teacher.get('/api/admin/dead-letters')).statusCode).toBe(403);
    const listed = (await admin.get('/api/admin/dead-letters')).json();
    expect(listed).toEqual([
      expect.objectContaining({ submissionId: submitted[0], exercise: 'convert-to-37-style', error: 'sandbox died' }),
    ]);
  });

  test('/metrics serves grading latency, queue depth and outcomes in the Prometheus format', async () => {
    const metrics = await t.client().get('/metrics');
    expect(metrics.statusCode).toBe(200);
    expect(metrics.headers['content-type']).toMatch(/^text\/plain/);
    expect(metrics.body).toMatch(/^asynclab_grading_seconds_count \d+$/m);
    expect(metrics.body).toMatch(/^asynclab_graded_total\{outcome="passed"\} ([6-9]|\d\d+)$/m);
    expect(metrics.body).toMatch(/^asynclab_queue_depth\{state="waiting"\} \d+$/m);
    expect(metrics.body).toMatch(/^asynclab_grading_workers 1$/m);
  });
});
