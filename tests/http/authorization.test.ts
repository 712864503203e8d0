import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { EXERCISES_DIR, type Pack, packFromDir } from '../../grader/exercise.ts';
import { type Client, useApp } from './support.ts';

/**
 * Who may do what: every route against six actors, each cell its own named test, then the
 * promises the matrix cannot express on its own (no learner ever reads another's code, a
 * reference solution, a hidden variant, or a class's join code).
 */

const ACTORS = ['anonymous', 'learner', 'other learner', 'teacher', 'other teacher', 'admin'] as const;
type Actor = (typeof ACTORS)[number];

/** The names the actors sign up with (the first becomes the admin); support.ts derives the email from it. */
const NAMES: Record<Exclude<Actor, 'anonymous'>, string> = {
  admin: 'Ada Admin',
  teacher: 'Tess Teacher',
  'other teacher': 'Otto Teacher',
  learner: 'Lee Learner',
  'other learner': 'Olly Learner',
};
const PASSWORD = 'correct horse battery';
const emailOf = (name: string): string => `${name.toLowerCase().replaceAll(' ', '.')}@example.com`;
const kebab = (actor: Actor): string => actor.replaceAll(' ', '-');

const fromDisk = (slug: string, file: string): string => readFileSync(join(EXERCISES_DIR, slug, file), 'utf8');

/** The pack of an exercise on disk, under a new slug: a valid exercise a teacher may author. */
function packAs(slug: string, from = 'convert-to-37-style'): Pack {
  const pack = packFromDir(join(EXERCISES_DIR, from));
  return { ...pack, manifest: { ...pack.manifest, slug } };
}

/** Whether `body` (JSON or text) contains `secret`, raw or as a JSON string would escape it. */
function leaks(body: string, secret: string): boolean {
  const text = secret.trim();
  return body.includes(text) || body.includes(JSON.stringify(text).slice(1, -1));
}

/** The learner's submission carries a marker no one else submits, so a leak is unmistakable. */
const SECRET_MARK = '// lee-learner-private-7f3a9c';
const learnerSource = `${fromDisk('convert-to-37-style', 'accept/gather.ts')}\n${SECRET_MARK}\n`;
const otherSource = fromDisk('convert-to-37-style', 'accept/named-tasks.ts');

const t = useApp();
const clients = {} as Record<Actor, Client>;
/** Ids and codes the rows' paths and bodies are built from, known once beforeAll has run. */
const ctx = {
  learnerId: '',
  otherLearnerId: '',
  classId: '',
  otherClassId: '',
  /** A class the admin teaches, which every actor may join without changing what the others see. */
  openClassCode: '',
  teacherJoinCode: '',
  submissionId: '',
  /** Authored by the teacher, never published. */
  draftSlug: 'authz-draft',
  /** Authored by the teacher, published by the matrix. */
  publishSlug: 'authz-publish',
  /** A different published exercise per actor, so each allowed assignment is a new one. */
  assignSlugs: {} as Record<Actor, string>,
};

beforeAll(async () => {
  clients.admin = await t.signUp(NAMES.admin);
  clients.teacher = await t.signUp(NAMES.teacher, 'teacher');
  clients['other teacher'] = await t.signUp(NAMES['other teacher'], 'teacher');
  clients.learner = await t.signUp(NAMES.learner);
  clients['other learner'] = await t.signUp(NAMES['other learner']);
  clients.anonymous = t.client();
  ctx.learnerId = clients.learner.userId;
  ctx.otherLearnerId = clients['other learner'].userId;

  const created = async (client: Client, name: string): Promise<{ id: string; joinCode: string }> => {
    const response = await client.post('/api/classes', { name });
    expect(response.statusCode).toBe(201);
    return response.json<{ id: string; joinCode: string }>();
  };
  const mine = await created(clients.teacher, 'Async 101');
  const theirs = await created(clients['other teacher'], 'Async 102');
  const open = await created(clients.admin, 'Open house');
  ctx.classId = mine.id;
  ctx.teacherJoinCode = mine.joinCode;
  ctx.otherClassId = theirs.id;
  ctx.openClassCode = open.joinCode;
  expect((await clients.learner.post('/api/classes/join', { code: mine.joinCode })).statusCode).toBe(200);
  expect((await clients['other learner'].post('/api/classes/join', { code: theirs.joinCode })).statusCode).toBe(200);
  const assigned = await clients.teacher.post(`/api/classes/${ctx.classId}/assignments`, {
    exercise: 'convert-to-37-style',
    dueAt: '2026-12-01T12:00:00.000Z',
  });
  expect(assigned.statusCode).toBe(201);

  const submitted = await clients.learner.post('/api/exercises/convert-to-37-style/submissions', {
    kind: 'code',
    source: learnerSource,
  });
  expect(submitted.statusCode).toBe(202);
  ctx.submissionId = submitted.json<{ id: string }>().id;
  const graded = await clients.learner.get(`/api/submissions/${ctx.submissionId}?wait=20`);
  expect(graded.json()).toMatchObject({ status: 'graded', passed: true });

  for (const slug of [ctx.draftSlug, ctx.publishSlug]) {
    expect((await clients.teacher.post('/api/exercises', packAs(slug))).statusCode).toBe(201);
  }

  const published = (await clients.learner.get('/api/exercises')).json<{ slug: string }[]>();
  const spare = published.map((e) => e.slug).filter((slug) => slug !== 'convert-to-37-style');
  ACTORS.forEach((actor, i) => (ctx.assignSlugs[actor] = spare[i] as string));
}, 120_000);

/** A client for the actor with a session of its own, for rows that end the session they use. */
async function freshSession(actor: Actor): Promise<Client> {
  const client = t.client();
  if (actor === 'anonymous') return client;
  const name = NAMES[actor];
  const response = await client.post('/api/auth/login', { email: emailOf(name), password: PASSWORD });
  expect(response.statusCode).toBe(200);
  return client;
}

type Method = 'GET' | 'POST' | 'PUT';
/** The expected status per actor, in the order of ACTORS. */
type Statuses = [
  anonymous: number,
  learner: number,
  otherLearner: number,
  teacher: number,
  otherTeacher: number,
  admin: number,
];

interface Row {
  method: Method;
  route: string;
  path: () => string;
  body?: (actor: Actor) => unknown;
  expected: Statuses;
  /** The request ends its session (logout): use a second session of the same account. */
  freshSession?: boolean;
}

const row = (method: Method, route: string, path: () => string, expected: Statuses, extra: Partial<Row> = {}): Row => ({
  method,
  route,
  path,
  expected,
  ...extra,
});

const CLASS = () => `/api/classes/${ctx.classId}`;
const SUBMISSION = () => `/api/submissions/${ctx.submissionId}`;

// Columns:                                                                                 anon learner other teacher other admin
//                                                                                                       learner       teacher
// prettier-ignore
const MATRIX: Row[] = [
  row('GET', '/api/health', () => '/api/health',                                            [200, 200, 200, 200, 200, 200]),
  row('GET', '/api/me', () => '/api/me',                                                    [401, 200, 200, 200, 200, 200]),
  row('POST', '/api/auth/logout', () => '/api/auth/logout',                                 [200, 200, 200, 200, 200, 200], { freshSession: true }),
  row('GET', '/api/users', () => '/api/users',                                              [401, 403, 403, 403, 403, 200]),
  row('PUT', '/api/users/:id/role', () => `/api/users/${ctx.otherLearnerId}/role`,          [401, 403, 403, 403, 403, 200], { body: () => ({ role: 'learner' }) }),
  row('GET', '/api/audit', () => '/api/audit',                                              [401, 403, 403, 403, 403, 200]),
  row('GET', '/api/exercises', () => '/api/exercises',                                      [200, 200, 200, 200, 200, 200]),
  row('GET', '/api/exercises/:slug (published)', () => '/api/exercises/gather-results',     [200, 200, 200, 200, 200, 200]),
  row('GET', '/api/exercises/:slug (a teacher\u2019s draft)', () => `/api/exercises/${ctx.draftSlug}`, [404, 404, 404, 200, 200, 200]),
  row('GET', '/api/exercises/:slug/pack', () => '/api/exercises/gather-results/pack',       [401, 403, 403, 200, 200, 200]),
  row('POST', '/api/exercises', () => '/api/exercises',                                     [401, 403, 403, 201, 201, 201], { body: (actor) => packAs(`authz-new-${kebab(actor)}`) }),
  row('PUT', '/api/exercises/:slug (the teacher\u2019s)', () => `/api/exercises/${ctx.draftSlug}`, [401, 403, 403, 200, 403, 200], { body: () => packAs(ctx.draftSlug) }),
  row('PUT', '/api/exercises/:slug (from exercises/)', () => '/api/exercises/gather-results', [401, 403, 403, 403, 403, 200], { body: () => packFromDir(join(EXERCISES_DIR, 'gather-results')) }),
  row('POST', '/api/exercises/:slug/publish', () => `/api/exercises/${ctx.publishSlug}/publish`, [401, 403, 403, 200, 403, 200], { body: () => ({}) }),
  row('POST', '/api/run', () => '/api/run',                                                 [401, 200, 200, 200, 200, 200], { body: () => ({ source: "print('hello');" }) }),
  row('POST', '/api/exercises/:slug/submissions', () => '/api/exercises/convert-to-37-style/submissions', [401, 202, 202, 202, 202, 202], { body: () => ({ kind: 'code', source: otherSource }) }),
  row('GET', '/api/submissions/:id (the learner\u2019s)', SUBMISSION,                        [401, 200, 404, 200, 404, 200]),
  row('GET', '/api/submissions', () => '/api/submissions',                                  [401, 200, 200, 200, 200, 200]),
  row('GET', '/api/submissions?user=<learner>', () => `/api/submissions?user=${ctx.learnerId}`, [401, 200, 403, 200, 403, 200]),
  row('POST', '/api/submissions/:id/regrade (graded)', () => `${SUBMISSION()}/regrade`,     [401, 403, 404, 202, 404, 202]),
  row('POST', '/api/classes', () => '/api/classes',                                         [401, 403, 403, 201, 201, 201], { body: (actor) => ({ name: `Made by ${actor}` }) }),
  row('GET', '/api/classes', () => '/api/classes',                                          [401, 200, 200, 200, 200, 200]),
  row('GET', '/api/classes/:id', CLASS,                                                     [401, 200, 404, 200, 404, 200]),
  row('POST', '/api/classes/join', () => '/api/classes/join',                               [401, 200, 200, 200, 200, 200], { body: () => ({ code: ctx.openClassCode }) }),
  row('GET', '/api/classes/:id/members', () => `${CLASS()}/members`,                        [401, 403, 404, 200, 404, 200]),
  row('POST', '/api/classes/:id/assignments', () => `${CLASS()}/assignments`,               [401, 403, 404, 201, 404, 201], { body: (actor) => ({ exercise: ctx.assignSlugs[actor], dueAt: '2026-12-24T09:00:00.000Z' }) }),
  row('GET', '/api/classes/:id/submissions', () => `${CLASS()}/submissions`,                [401, 403, 404, 200, 404, 200]),
  row('GET', '/api/classes/:id/progress', () => `${CLASS()}/progress`,                      [401, 403, 404, 200, 404, 200]),
  row('GET', '/api/classes/:id/progress.csv', () => `${CLASS()}/progress.csv`,              [401, 403, 404, 200, 404, 200]),
];

/** The error code each refusal carries (server/errors.ts). */
const CODES: Record<number, string> = { 401: 'UNAUTHENTICATED', 403: 'FORBIDDEN', 404: 'NOT_FOUND' };

describe('the authorisation matrix', () => {
  for (const r of MATRIX) {
    describe(`${r.method} ${r.route}`, () => {
      ACTORS.forEach((actor, i) => {
        const status = r.expected[i] as number;
        test(`${actor} \u2192 ${status}`, async () => {
          const client = r.freshSession ? await freshSession(actor) : clients[actor];
          const body = r.body?.(actor);
          const response = await client.request({
            method: r.method,
            url: r.path(),
            ...(body === undefined ? {} : { payload: body as object }),
          });
          expect(response.statusCode, response.body).toBe(status);
          if (status >= 400) {
            expect(response.json()).toMatchObject({ statusCode: status, code: CODES[status] });
            expect(response.json<{ message: string }>().message).not.toBe('');
          }
        }, 60_000);
      });
    });
  }
});

describe('what a learner never sees', () => {
  test('another learner\u2019s submission answers 404, and the answer does not contain its source', async () => {
    const other = clients['other learner'];
    const response = await other.get(SUBMISSION());
    expect(response.statusCode).toBe(404);
    expect(leaks(response.body, SECRET_MARK)).toBe(false);
    const waited = await other.get(`${SUBMISSION()}?wait=1`);
    expect(waited.statusCode).toBe(404);
    expect(leaks(waited.body, SECRET_MARK)).toBe(false);
  });

  test('another learner\u2019s history (?user=) answers 403 without any source', async () => {
    const other = clients['other learner'];
    const response = await other.get(`/api/submissions?user=${ctx.learnerId}`);
    expect(response.statusCode).toBe(403);
    expect(leaks(response.body, SECRET_MARK)).toBe(false);
    const filtered = await other.get(`/api/submissions?user=${ctx.learnerId}&exercise=convert-to-37-style`);
    expect(filtered.statusCode).toBe(403);
    expect(leaks(filtered.body, SECRET_MARK)).toBe(false);
  });

  test('no view a learner can reach contains another learner\u2019s source', async () => {
    const other = clients['other learner'];
    const urls = [
      '/api/submissions',
      '/api/submissions?exercise=convert-to-37-style',
      `/api/classes/${ctx.classId}/submissions`,
      `/api/classes/${ctx.classId}/progress`,
      `/api/classes/${ctx.otherClassId}/submissions`,
      '/api/exercises/convert-to-37-style',
      '/api/classes',
    ];
    for (const url of urls) {
      const response = await other.get(url);
      expect(leaks(response.body, SECRET_MARK), url).toBe(false);
    }
    // Its owner does see it, so the marker would have been found had it leaked.
    expect(leaks((await clients.learner.get(SUBMISSION())).body, SECRET_MARK)).toBe(true);
  });

  test('an exercise as a learner gets it contains neither its reference nor its accepted solutions', async () => {
    const list = (await clients.learner.get('/api/exercises')).json<{ slug: string }[]>();
    expect(list.length).toBeGreaterThanOrEqual(30);
    let checked = 0;
    for (const { slug } of list) {
      const pack = (await clients.teacher.get(`/api/exercises/${slug}/pack`)).json<{ pack: Pack }>().pack;
      const { manifest, files } = pack;
      // A predict exercise's reference is the program to predict, which learners are shown.
      const secrets = Object.entries(files).filter(
        ([file]) =>
          file.startsWith('accept/') || (file === manifest.reference && manifest.reference !== manifest.starter),
      );
      const detail = await clients.learner.get(`/api/exercises/${slug}`);
      expect(detail.statusCode).toBe(200);
      for (const [file, text] of secrets) {
        expect(leaks(detail.body, text), `${slug}/${file}`).toBe(false);
        checked++;
      }
      if (manifest.kind === 'choice') expect(detail.body).not.toMatch(/"correct"|"explanation"/);
    }
    expect(checked).toBeGreaterThan(30);
  });

  test('an exercise\u2019s pack answers 403 to learners', async () => {
    for (const actor of ['learner', 'other learner'] as const) {
      for (const slug of ['gather-results', 'convert-to-37-style', ctx.draftSlug]) {
        const response = await clients[actor].get(`/api/exercises/${slug}/pack`);
        expect(response.statusCode, `${actor} ${slug}`).toBe(403);
        expect(leaks(response.body, fromDisk('gather-results', 'reference.ts'))).toBe(false);
      }
    }
  });

  test('a hidden variant: the detail lists only visible variants and none of the hidden fixtures', async () => {
    const response = await clients.learner.get('/api/exercises/gather-results');
    const detail = response.json<{ variants: { index: number; seed: number }[]; hiddenVariants: number }>();
    expect(detail.variants.map((v) => v.index)).toEqual([0]);
    expect(detail.hiddenVariants).toBe(3);
    const packed = await clients.teacher.get('/api/exercises/gather-results/pack');
    const { files, manifest } = packed.json<{ pack: Pack }>().pack;
    const hidden = manifest.variants.filter((v) => v.hidden);
    expect(hidden).toHaveLength(3);
    for (const variant of hidden) {
      const fixture = files[variant.fixture as string] as string;
      expect(leaks(response.body, JSON.stringify(JSON.parse(fixture))), variant.fixture).toBe(false);
    }
  });

  test('a hidden variant cannot be run: POST /api/run answers 404 for it, 200 for the visible one', async () => {
    const run = (variant: number) =>
      clients.learner.post('/api/run', { source: "print('probe');", exercise: 'gather-results', variant });
    expect((await run(0)).statusCode).toBe(200);
    for (const variant of [1, 2, 3]) {
      const response = await run(variant);
      expect(response.statusCode, `variant ${variant}`).toBe(404);
      expect(response.json()).toMatchObject({ code: 'NOT_FOUND' });
    }
    expect((await run(4)).statusCode).toBe(404);
  });

  test('a class\u2019s join code is null for its members, and only its teacher and admins see it', async () => {
    const code = ctx.teacherJoinCode;
    const one = await clients.learner.get(`/api/classes/${ctx.classId}`);
    expect(one.json()).toMatchObject({ id: ctx.classId, joinCode: null });
    const listed = (await clients.learner.get('/api/classes')).json<{ id: string; joinCode: string | null }[]>();
    expect(listed.find((c) => c.id === ctx.classId)?.joinCode).toBeNull();
    expect(listed.every((c) => c.joinCode === null)).toBe(true);
    const joined = await clients.learner.post('/api/classes/join', { code });
    expect(joined.json()).toMatchObject({ id: ctx.classId, joinCode: null });
    for (const response of [one, joined]) expect(response.body).not.toContain(code);
    expect((await clients.teacher.get(`/api/classes/${ctx.classId}`)).json()).toMatchObject({ joinCode: code });
    expect((await clients.admin.get(`/api/classes/${ctx.classId}`)).json()).toMatchObject({ joinCode: code });
  });
});
