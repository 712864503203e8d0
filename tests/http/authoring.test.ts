import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { EXERCISES_DIR, packFromDir } from '../../grader/exercise.ts';
import { loadPacks } from '../../server/modules/exercises/service.ts';
import { type Client, useApp } from './support.ts';

const t = useApp();

/** A copy of a course pack under a new slug, as a teacher would start one. */
function packAs(slug: string) {
  const pack = packFromDir(join(EXERCISES_DIR, 'convert-to-37-style'));
  return { ...pack, manifest: { ...pack.manifest, slug, title: { zh: '我的练习', en: 'My exercise' }, order: 99 } };
}

describe('teachers author exercises through the API (issue 5)', () => {
  let teacher: Client;
  let learner: Client;

  test('a new exercise is version 1 and invisible to learners until published', async () => {
    await t.signUp('Admin');
    teacher = await t.signUp('Tess', 'teacher');
    learner = await t.signUp('Lee');
    const created = await teacher.post('/api/exercises', packAs('my-first-exercise'));
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      slug: 'my-first-exercise',
      origin: 'api',
      latestVersion: 1,
      publishedVersion: null,
    });
    expect((await learner.get('/api/exercises/my-first-exercise')).statusCode).toBe(404);
    const listed = (await learner.get('/api/exercises')).json<{ slug: string }[]>();
    expect(listed.map((e) => e.slug)).not.toContain('my-first-exercise');
    const forTeacher = (await teacher.get('/api/exercises')).json<{ slug: string; published: boolean }[]>();
    expect(forTeacher.find((e) => e.slug === 'my-first-exercise')).toMatchObject({ published: false });
  });

  test('a pack the grader cannot use is refused with what is wrong, and nothing is stored', async () => {
    const broken = packAs('broken-exercise');
    delete broken.files['reference.ts'];
    const before = await t.app.db.exerciseVersion.count();
    const refused = await teacher.post('/api/exercises', broken);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().message).toMatch(/reference\.ts: file not found/);
    const invalid = await teacher.post('/api/exercises', {
      ...broken,
      manifest: { ...broken.manifest, kind: 'essay' },
    });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().issues).toContainEqual(expect.objectContaining({ path: 'body.manifest.kind' }));
    expect(await t.app.db.exerciseVersion.count()).toBe(before);
  });

  test('publishing runs the self-test: a reference that fails its own checks is not published', async () => {
    const pack = packAs('my-first-exercise');
    pack.files['reference.ts'] = pack.files['reject/await-each-task.ts'] as string;
    expect((await teacher.put('/api/exercises/my-first-exercise', pack)).json()).toMatchObject({ latestVersion: 2 });
    const refused = await teacher.post('/api/exercises/my-first-exercise/publish', {});
    expect(refused.statusCode).toBe(422);
    expect(refused.json().message).toMatch(/version 2 fails its self-test/);
    expect((await learner.get('/api/exercises/my-first-exercise')).statusCode).toBe(404);
  });

  test('an editor reads any stored version of a pack, the latest by default', async () => {
    const latest = (await teacher.get('/api/exercises/my-first-exercise/pack')).json();
    expect(latest).toMatchObject({ version: 2, latestVersion: 2 });
    const first = (await teacher.get('/api/exercises/my-first-exercise/pack?version=1')).json();
    expect(first).toMatchObject({ version: 1, latestVersion: 2 });
    expect(first.pack.files['reference.ts']).toBe(packAs('x').files['reference.ts']);
    expect(latest.pack.files['reference.ts']).toBe(packAs('x').files['reject/await-each-task.ts']);
  });

  test('a sound version is published; learners then see and submit to it', async () => {
    const published = await teacher.post('/api/exercises/my-first-exercise/publish', { version: 1 });
    expect(published.statusCode).toBe(200);
    expect(published.json()).toMatchObject({ latestVersion: 2, publishedVersion: 1 });
    const detail = (await learner.get('/api/exercises/my-first-exercise')).json();
    expect(detail).toMatchObject({ version: 1, title: { en: 'My exercise' }, order: 99 });
    const source = packAs('x').files['accept/gather.ts'] as string;
    const id = (await learner.post('/api/exercises/my-first-exercise/submissions', { kind: 'code', source })).json().id;
    expect((await learner.get(`/api/submissions/${id}?wait=20`)).json()).toMatchObject({ version: 1, passed: true });
    const audit = (await t.app.db.auditLog.findMany({ where: { target: 'my-first-exercise' } })).map((a) => a.action);
    expect(audit).toEqual(['exercise.create', 'exercise.update', 'exercise.publish']);
  });

  test('a preview runs the reference on every variant and says what publishing would find', async () => {
    const sound = await teacher.post('/api/exercises/preview', packAs('draft-exercise'));
    expect(sound.statusCode).toBe(200);
    expect(sound.json()).toMatchObject({
      problems: [],
      variants: [{ index: 0, hidden: false, result: { status: 'ok', elapsed: 3 } }],
    });
    const broken = packAs('draft-exercise');
    // A reference that awaits one task after the other: the accepted solutions no longer match it.
    broken.files['reference.ts'] = broken.files['reject/await-each-task.ts'] as string;
    const found = (await teacher.post('/api/exercises/preview', broken)).json();
    expect(found.problems).toEqual(
      expect.arrayContaining([expect.stringMatching(/^accept\/gather\.ts should pass but fails output/)]),
    );
    expect((await learner.post('/api/exercises/preview', packAs('draft-exercise'))).statusCode).toBe(403);
    expect(await t.app.db.exercise.count({ where: { slug: 'draft-exercise' } })).toBe(0);
  });

  test('the slug of an exercise does not change', async () => {
    const renamed = await teacher.put('/api/exercises/my-first-exercise', packAs('another-slug'));
    expect(renamed.statusCode).toBe(422);
  });

  test('loading the packs on start adds a version only when a pack changed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'asynclab-packs-'));
    cpSync(join(EXERCISES_DIR, 'convert-to-37-style'), join(dir, 'convert-to-37-style'), { recursive: true });
    expect(await loadPacks(t.app.db, dir, t.app.log)).toBe(0);
    writeFileSync(join(dir, 'convert-to-37-style/prompt.en.md'), 'A changed prompt.\n');
    expect(await loadPacks(t.app.db, dir, t.app.log)).toBe(1);
    const exercise = await t.app.db.exercise.findUniqueOrThrow({ where: { slug: 'convert-to-37-style' } });
    expect(exercise).toMatchObject({ latestVersion: 2, publishedVersion: 2 });
    expect((await learner.get('/api/exercises/convert-to-37-style')).json().prompt.en).toBe('A changed prompt.\n');
  });
});
