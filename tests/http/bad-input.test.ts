import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { EXERCISES_DIR, type Pack, packFromDir } from '../../grader/exercise.ts';
import { BODY_LIMIT } from '../../server/app.ts';
import { type Client, useApp } from './support.ts';

/**
 * Bad input, route by route: malformed JSON, wrong types, missing and unknown fields, bodies
 * over the limit, bad params and queries, and well-formed requests the service cannot use.
 * Each answers a 4xx with a JSON error that says what is wrong, and changes nothing stored.
 * Every client has the role the route needs, so it is the input that is refused; the last
 * block checks that the valid bodies the cases are made from are indeed accepted.
 */

const t = useApp();

type Actor = 'anonymous' | 'learner' | 'teacher' | 'admin' | 'leaver';
const clients = {} as Record<Actor, Client>;
const LEARNER = { email: 'lee.learner@example.com', password: 'correct horse battery' };

const ctx = {
  learnerId: '',
  classId: '',
  /** A class the learner has not joined. */
  otherClassCode: '',
  submissionId: '',
};
/** A teacher's exercise, never published (publishable: it is convert-to-37-style under a new slug). */
const DRAFT_SLUG = 'bad-input-draft';
/** A teacher's exercise whose accepted solutions fail: it cannot pass its self-test. */
const BROKEN_SLUG = 'bad-input-broken';

/** The pack of convert-to-37-style under another slug: a usable exercise. */
function packAs(slug: string): Pack {
  const pack = packFromDir(join(EXERCISES_DIR, 'convert-to-37-style'));
  return { ...pack, manifest: { ...pack.manifest, slug } };
}

/** A pack that passes the JSON schema but cannot be used: its manifest names a prompt file it lacks. */
function packWithoutPrompt(slug: string): Pack {
  const pack = packAs(slug);
  const files = { ...pack.files };
  delete files[pack.manifest.prompt.en];
  return { ...pack, files };
}

/** A usable pack whose accepted solutions are the unchanged starter, so its self-test fails. */
function packFailingItsSelfTest(slug: string): Pack {
  const pack = packAs(slug);
  const starter = pack.files[pack.manifest.starter as string] as string;
  const files = Object.fromEntries(
    Object.entries(pack.files).map(([name, text]) => [name, name.startsWith('accept/') ? starter : text]),
  );
  return { ...pack, files };
}

const withField = (body: object, field: string, value: unknown): object => ({ ...body, [field]: value });
const TOO_LONG_ID = 'x'.repeat(65);
const OVERSIZED = JSON.stringify({ padding: 'x'.repeat(BODY_LIMIT) });
const SOURCE = "print('hello');";
const NUL = 'a\u0000b';

beforeAll(async () => {
  clients.admin = await t.signUp('Ada Admin');
  clients.teacher = await t.signUp('Tess Teacher', 'teacher');
  clients.learner = await t.signUp('Lee Learner');
  clients.anonymous = t.client();
  ctx.learnerId = clients.learner.userId;
  // A second session of the learner's, for the logout cases (a logout that went through would end it).
  clients.leaver = t.client();
  expect((await clients.leaver.post('/api/auth/login', LEARNER)).statusCode).toBe(200);

  const created = await clients.teacher.post('/api/classes', { name: 'Async 101' });
  ctx.classId = created.json<{ id: string }>().id;
  const code = created.json<{ joinCode: string }>().joinCode;
  expect((await clients.learner.post('/api/classes/join', { code })).statusCode).toBe(200);
  const other = await clients.teacher.post('/api/classes', { name: 'Async 102' });
  ctx.otherClassCode = other.json<{ joinCode: string }>().joinCode;
  const assigned = await clients.teacher.post(`/api/classes/${ctx.classId}/assignments`, {
    exercise: 'convert-to-37-style',
    dueAt: '2026-12-01T12:00:00.000Z',
  });
  expect(assigned.statusCode).toBe(201);
  expect((await clients.teacher.post('/api/exercises', packAs(DRAFT_SLUG))).statusCode).toBe(201);
  expect((await clients.teacher.post('/api/exercises', packFailingItsSelfTest(BROKEN_SLUG))).statusCode).toBe(201);

  const submitted = await clients.learner.post('/api/exercises/convert-to-37-style/submissions', {
    kind: 'code',
    source: SOURCE,
  });
  ctx.submissionId = submitted.json<{ id: string }>().id;
  // Graded before the cases start, so nothing changes in the background while they run.
  const graded = await clients.learner.get(`/api/submissions/${ctx.submissionId}?wait=20`);
  expect(graded.json()).toMatchObject({ status: 'graded' });
}, 120_000);

/** Row counts of every table, and the columns a refused request could still have changed. */
async function snapshot() {
  const db = t.app.db;
  const [users, sessions, classes, memberships, exercises, exerciseVersions, assignments, submissions, auditLogs] =
    await Promise.all([
      db.user.count(),
      db.session.count(),
      db.class.count(),
      db.membership.count(),
      db.exercise.count(),
      db.exerciseVersion.count(),
      db.assignment.count(),
      db.submission.count(),
      db.auditLog.count(),
    ]);
  return {
    counts: { users, sessions, classes, memberships, exercises, exerciseVersions, assignments, submissions, auditLogs },
    roles: await db.user.findMany({ select: { id: true, role: true }, orderBy: { id: 'asc' } }),
    versions: await db.exercise.findMany({
      select: { slug: true, latestVersion: true, publishedVersion: true },
      orderBy: { slug: 'asc' },
    }),
    grading: await db.submission.findMany({
      select: { id: true, status: true, gradedAt: true },
      orderBy: { id: 'asc' },
    }),
  };
}

type Method = 'GET' | 'POST' | 'PUT';
/** The status a case must answer with; several when a fix could rightly choose either. */
type Status = number | readonly number[];

interface Case {
  name: string;
  as: Actor;
  method: Method;
  url: () => string;
  /** A JSON body, or a raw one with its content type. */
  body?: () => unknown;
  raw?: { payload: string; type: string };
  status: Status;
  /** For validation errors: the field an issue must name. */
  field?: string;
}

/** A route that takes a body, described once: the generic cases and the valid-body check are derived from it. */
interface Route {
  method: 'POST' | 'PUT';
  label: string;
  url: () => string;
  as: Actor;
  /** A valid body (the unknown-field case adds a field to it); none for routes without a body schema. */
  valid?: () => object;
  /** What the valid body (or no body) is answered with. */
  ok: number;
  /** A field, and a value of the wrong type for it. */
  wrongType?: [field: string, value: unknown];
  /** A required field an empty body lacks; none when `{}` is a valid body. */
  required?: string;
}

/** The cases every route with a body gets. */
function genericCases(route: Route): Case[] {
  const base = { as: route.as, method: route.method, url: route.url };
  const json = (payload: string) => ({ payload, type: 'application/json' });
  const cases: Case[] = [
    { ...base, name: 'malformed JSON', raw: json('{"a":'), status: 400 },
    { ...base, name: 'a body over the 2 MiB limit', raw: json(OVERSIZED), status: 413 },
    { ...base, name: 'a __proto__ key', raw: json('{"__proto__":{"role":"admin"}}'), status: 400 },
  ];
  const { valid, wrongType, required } = route;
  if (!valid) return cases;
  cases.push(
    { ...base, name: 'a body that is not JSON', raw: { payload: '<a/>', type: 'application/xml' }, status: 415 },
    {
      ...base,
      name: 'an unknown field',
      body: () => withField(valid(), 'unexpected', true),
      status: 400,
      field: 'unexpected',
    },
  );
  if (wrongType) {
    const [field, value] = wrongType;
    cases.push({
      ...base,
      name: `${field} of the wrong type`,
      body: () => withField(valid(), field, value),
      status: 400,
      field,
    });
  }
  if (required) {
    cases.push(
      { ...base, name: 'no body at all', status: 400 },
      { ...base, name: 'an empty object (missing fields)', body: () => ({}), status: 400, field: required },
    );
  }
  return cases;
}

/** A case of the route's own: `on(route)(name, body, status, field?, url?)`. */
const on =
  (route: Route) =>
  (name: string, body: (() => unknown) | undefined, status: Status, field?: string, url = route.url): Case => ({
    name,
    as: route.as,
    method: route.method,
    url,
    ...(body ? { body } : {}),
    status,
    ...(field ? { field } : {}),
  });

/** A GET case. */
const get = (as: Actor, url: string | (() => string), name: string, status: Status, field?: string): Case => ({
  name,
  as,
  method: 'GET',
  url: typeof url === 'string' ? () => url : url,
  status,
  ...(field ? { field } : {}),
});

const CLASS = () => `/api/classes/${ctx.classId}`;
const SUBMISSION = () => `/api/submissions/${ctx.submissionId}`;
const DRAFT = `/api/exercises/${DRAFT_SLUG}`;
const validRegistration = () => ({
  email: 'new.person@example.com',
  name: 'New Person',
  password: 'long enough secret',
});
const validSubmission = () => ({ kind: 'code', source: SOURCE });
const validAssignment = () => ({ exercise: 'gather-results', dueAt: '2026-12-01T12:00:00.000Z' });

// prettier-ignore
const ROUTES = {
  register:    { method: 'POST', label: 'POST /api/auth/register', url: () => '/api/auth/register', as: 'anonymous', valid: validRegistration, ok: 201, wrongType: ['email', 42], required: 'email' },
  login:       { method: 'POST', label: 'POST /api/auth/login', url: () => '/api/auth/login', as: 'anonymous', valid: () => LEARNER, ok: 200, wrongType: ['password', 12345678], required: 'email' },
  logout:      { method: 'POST', label: 'POST /api/auth/logout', url: () => '/api/auth/logout', as: 'leaver', ok: 200 },
  role:        { method: 'PUT', label: 'PUT /api/users/:id/role', url: () => `/api/users/${ctx.learnerId}/role`, as: 'admin', valid: () => ({ role: 'teacher' }), ok: 200, wrongType: ['role', 7], required: 'role' },
  author:      { method: 'POST', label: 'POST /api/exercises', url: () => '/api/exercises', as: 'teacher', valid: () => packAs('bad-input-new'), ok: 201, wrongType: ['files', ['prompt.en.md']], required: 'manifest' },
  edit:        { method: 'PUT', label: 'PUT /api/exercises/:slug', url: () => DRAFT, as: 'teacher', valid: () => packAs(DRAFT_SLUG), ok: 200, wrongType: ['manifest', 'exercise.json'], required: 'manifest' },
  publish:     { method: 'POST', label: 'POST /api/exercises/:slug/publish', url: () => `${DRAFT}/publish`, as: 'teacher', valid: () => ({ version: 1 }), ok: 200, wrongType: ['version', 'one'] },
  run:         { method: 'POST', label: 'POST /api/run', url: () => '/api/run', as: 'learner', valid: () => ({ source: SOURCE }), ok: 200, wrongType: ['source', 42], required: 'source' },
  submit:      { method: 'POST', label: 'POST /api/exercises/:slug/submissions', url: () => '/api/exercises/convert-to-37-style/submissions', as: 'learner', valid: validSubmission, ok: 202, wrongType: ['source', 42], required: 'kind' },
  regrade:     { method: 'POST', label: 'POST /api/submissions/:id/regrade', url: () => `${SUBMISSION()}/regrade`, as: 'teacher', ok: 202 },
  createClass: { method: 'POST', label: 'POST /api/classes', url: () => '/api/classes', as: 'teacher', valid: () => ({ name: 'Async 201' }), ok: 201, wrongType: ['name', 5], required: 'name' },
  join:        { method: 'POST', label: 'POST /api/classes/join', url: () => '/api/classes/join', as: 'learner', valid: () => ({ code: ctx.otherClassCode }), ok: 200, wrongType: ['code', 12345678], required: 'code' },
  assign:      { method: 'POST', label: 'POST /api/classes/:id/assignments', url: () => `${CLASS()}/assignments`, as: 'teacher', valid: validAssignment, ok: 201, wrongType: ['exercise', 5], required: 'exercise' },
} satisfies Record<string, Route>;

const register = on(ROUTES.register);
const login = on(ROUTES.login);
const role = on(ROUTES.role);
const author = on(ROUTES.author);
const edit = on(ROUTES.edit);
const publish = on(ROUTES.publish);
const run = on(ROUTES.run);
const submit = on(ROUTES.submit);
const regrade = on(ROUTES.regrade);
const createClass = on(ROUTES.createClass);
const joinClass = on(ROUTES.join);
const assign = on(ROUTES.assign);

/** The manifest of a usable pack with one field changed. */
const manifestWith = (field: string, value: unknown) => () => {
  const pack = packAs('bad-input-manifest');
  return { ...pack, manifest: { ...pack.manifest, [field]: value } };
};

/** Route → its cases: the generic ones, then what is particular to the route. */
// prettier-ignore
const TABLE: Record<string, Case[]> = {
  [ROUTES.register.label]: [
    ...genericCases(ROUTES.register),
    register('name of the wrong type', () => withField(validRegistration(), 'name', ['Ann']), 400, 'name'),
    register('an email that is not one', () => withField(validRegistration(), 'email', 'not-an-email'), 400, 'email'),
    register('a password under 8 characters', () => withField(validRegistration(), 'password', 'short'), 400, 'password'),
    register('a blank name', () => withField(validRegistration(), 'name', '   '), 400, 'name'),
    register('a name with a NUL character', () => ({ ...validRegistration(), email: 'nul@example.com', name: NUL }), 400, 'name'),
    register('an email already registered, in other case \u2192 409', () => withField(validRegistration(), 'email', 'LEE.Learner@example.com'), 409),
  ],
  [ROUTES.login.label]: [
    ...genericCases(ROUTES.login),
    login('a wrong password \u2192 401, and no session', () => withField(LEARNER, 'password', 'not the password'), 401),
  ],
  [ROUTES.logout.label]: genericCases(ROUTES.logout),
  [ROUTES.role.label]: [
    ...genericCases(ROUTES.role),
    role('a role that does not exist', () => ({ role: 'superuser' }), 400, 'role'),
    role('an id over 64 characters', () => ({ role: 'teacher' }), 400, 'id', () => `/api/users/${TOO_LONG_ID}/role`),
    role('an unknown user \u2192 404', () => ({ role: 'teacher' }), 404, undefined, () => '/api/users/no-such-user/role'),
    role('an id with a NUL character', () => ({ role: 'teacher' }), [400, 404], undefined, () => '/api/users/%00/role'),
    role('the last admin made a teacher \u2192 409', () => ({ role: 'teacher' }), 409, undefined, () => `/api/users/${clients.admin.userId}/role`),
  ],
  [ROUTES.author.label]: [
    ...genericCases(ROUTES.author),
    author('an unknown manifest field', manifestWith('colour', 'red'), 400, 'colour'),
    author('a manifest slug that is not a slug', () => packAs('Not_A_Slug'), 400, 'slug'),
    author('a manifest section with a NUL character', manifestWith('section', NUL), 400, 'section'),
    author('a file name that is an absolute path', () => withField(packAs('bad-input-new'), 'files', { ...packAs('bad-input-new').files, '/etc/passwd': '' }), 400, 'files'),
    author('a manifest naming a prompt file the pack lacks \u2192 422', () => packWithoutPrompt('bad-input-new'), 422),
    author('a slug that exists \u2192 409', () => packAs('convert-to-37-style'), 409),
  ],
  [ROUTES.edit.label]: [
    ...genericCases(ROUTES.edit),
    edit('a slug param that is not a slug', () => packAs(DRAFT_SLUG), 400, 'slug', () => '/api/exercises/Not_A_Slug'),
    edit('a manifest naming a prompt file the pack lacks \u2192 422', () => packWithoutPrompt(DRAFT_SLUG), 422),
    edit('a manifest with another slug \u2192 422', () => packAs('another-slug'), 422),
    edit('an unknown exercise \u2192 404', () => packAs('no-such-exercise'), 404, undefined, () => '/api/exercises/no-such-exercise'),
  ],
  [ROUTES.publish.label]: [
    ...genericCases(ROUTES.publish),
    publish('version 0', () => ({ version: 0 }), 400, 'version'),
    publish('a fractional version', () => ({ version: 1.5 }), 400, 'version'),
    publish('a slug param that is not a slug', () => ({}), 400, 'slug', () => '/api/exercises/Not_A_Slug/publish'),
    publish('a version that does not exist \u2192 404', () => ({ version: 99 }), 404),
    publish('an unknown exercise \u2192 404', () => ({}), 404, undefined, () => '/api/exercises/no-such-exercise/publish'),
    publish('a version that fails its self-test \u2192 422', () => ({}), 422, undefined, () => `/api/exercises/${BROKEN_SLUG}/publish`),
  ],
  [ROUTES.run.label]: [
    ...genericCases(ROUTES.run),
    run('a variant of the wrong type', () => ({ source: SOURCE, exercise: 'gather-results', variant: 'one' }), 400, 'variant'),
    run('a negative variant', () => ({ source: SOURCE, exercise: 'gather-results', variant: -1 }), 400, 'variant'),
    run('an exercise that is not a slug', () => ({ source: SOURCE, exercise: 'Not_A_Slug' }), 400, 'exercise'),
    run('a program over 100,000 characters', () => ({ source: 'x'.repeat(100_001) }), 400, 'source'),
    run('an unknown exercise \u2192 404', () => ({ source: SOURCE, exercise: 'no-such-exercise' }), 404),
  ],
  [ROUTES.submit.label]: [
    ...genericCases(ROUTES.submit),
    submit('an unknown kind', () => ({ kind: 'essay', text: 'hi' }), 400, 'kind'),
    submit('a program over 100,000 characters', () => ({ kind: 'code', source: 'x'.repeat(100_001) }), 400, 'source'),
    submit('a choice answer over 100,000 characters', () => ({ kind: 'choice', answers: ['x'.repeat(100_001)] }), 400, 'answers', () => '/api/exercises/concepts-quiz/submissions'),
    submit('a slug param that is not a slug', validSubmission, 400, 'slug', () => '/api/exercises/Not_A_Slug/submissions'),
    submit('the wrong kind for the exercise \u2192 422', () => ({ kind: 'predict', text: 'done' }), 422),
    submit('an unknown exercise \u2192 404', validSubmission, 404, undefined, () => '/api/exercises/no-such-exercise/submissions'),
    submit('an unpublished exercise \u2192 404', validSubmission, 404, undefined, () => `${DRAFT}/submissions`),
  ],
  [ROUTES.regrade.label]: [
    ...genericCases(ROUTES.regrade),
    regrade('an id over 64 characters', undefined, 400, 'id', () => `/api/submissions/${TOO_LONG_ID}/regrade`),
    regrade('an unknown submission \u2192 404', undefined, 404, undefined, () => '/api/submissions/no-such-submission/regrade'),
    regrade('an id with a NUL character', undefined, [400, 404], undefined, () => '/api/submissions/%00/regrade'),
  ],
  [ROUTES.createClass.label]: [
    ...genericCases(ROUTES.createClass),
    createClass('a blank name', () => ({ name: '   ' }), 400, 'name'),
    createClass('a name over 100 characters', () => ({ name: 'n'.repeat(101) }), 400, 'name'),
    createClass('a name with a NUL character', () => ({ name: NUL }), 400, 'name'),
  ],
  [ROUTES.join.label]: [
    ...genericCases(ROUTES.join),
    joinClass('a code too short', () => ({ code: 'ABC' }), 400, 'code'),
    joinClass('a code with punctuation', () => ({ code: 'ABCD-EFG' }), 400, 'code'),
    joinClass('a well-formed code no class has \u2192 404', () => ({ code: 'ZZZZ2222' }), 404),
  ],
  [ROUTES.assign.label]: [
    ...genericCases(ROUTES.assign),
    assign('a due date that is not a timestamp', () => withField(validAssignment(), 'dueAt', 'next Friday'), 400, 'dueAt'),
    assign('an exercise that is not a slug', () => withField(validAssignment(), 'exercise', 'Not_A_Slug'), 400, 'exercise'),
    assign('a class id over 64 characters', validAssignment, 400, 'id', () => `/api/classes/${TOO_LONG_ID}/assignments`),
    assign('an unknown exercise \u2192 404', () => withField(validAssignment(), 'exercise', 'no-such-exercise'), 404),
    assign('an unpublished exercise \u2192 404', () => withField(validAssignment(), 'exercise', DRAFT_SLUG), 404),
    assign('an exercise already assigned \u2192 409', () => withField(validAssignment(), 'exercise', 'convert-to-37-style'), 409),
    assign('an unknown class \u2192 404', validAssignment, 404, undefined, () => '/api/classes/no-such-class/assignments'),
  ],
  'GET /api/exercises/:slug': [
    get('learner', '/api/exercises/Not_A_Slug', 'a slug that is not a slug', 400, 'slug'),
    get('learner', `/api/exercises/${'a'.repeat(81)}`, 'a slug over 80 characters', 400, 'slug'),
    get('learner', '/api/exercises/no-such-exercise', 'an unknown exercise \u2192 404', 404),
  ],
  'GET /api/exercises/:slug/pack': [
    get('teacher', '/api/exercises/Not_A_Slug/pack', 'a slug that is not a slug', 400, 'slug'),
    get('teacher', '/api/exercises/no-such-exercise/pack', 'an unknown exercise \u2192 404', 404),
    get('teacher', '/api/exercises/gather-results/pack?version=0', '?version=0', 400, 'version'),
    get('teacher', '/api/exercises/gather-results/pack?version=abc', '?version=abc', 400, 'version'),
    get('teacher', '/api/exercises/gather-results/pack?version=99', 'a version that does not exist \u2192 404', 404),
  ],
  'GET /api/submissions/:id': [
    get('learner', () => `${SUBMISSION()}?wait=abc`, '?wait=abc', 400, 'wait'),
    get('learner', () => `${SUBMISSION()}?wait=31`, '?wait above 30 seconds', 400, 'wait'),
    get('learner', () => `${SUBMISSION()}?wait=-1`, 'a negative ?wait', 400, 'wait'),
    get('learner', () => `${SUBMISSION()}?unexpected=1`, 'an unknown query parameter', 400, 'unexpected'),
    get('learner', `/api/submissions/${TOO_LONG_ID}`, 'an id over 64 characters', 400, 'id'),
    get('learner', '/api/submissions/no-such-submission', 'an unknown submission \u2192 404', 404),
    get('learner', '/api/submissions/%00', 'an id with a NUL character', [400, 404]),
  ],
  'GET /api/submissions': [
    get('learner', '/api/submissions?limit=0', '?limit=0', 400, 'limit'),
    get('learner', '/api/submissions?limit=501', '?limit above 500', 400, 'limit'),
    get('learner', '/api/submissions?limit=abc', '?limit=abc', 400, 'limit'),
    get('learner', '/api/submissions?limit=2.5', 'a fractional ?limit', 400, 'limit'),
    get('learner', '/api/submissions?limit=1&limit=2', '?limit given twice', 400, 'limit'),
    get('learner', '/api/submissions?exercise=Not_A_Slug', 'an ?exercise that is not a slug', 400, 'exercise'),
    get('learner', '/api/submissions?user=', 'an empty ?user', 400, 'user'),
    get('learner', '/api/submissions?unexpected=1', 'an unknown query parameter', 400, 'unexpected'),
    get('teacher', '/api/submissions?user=%00', 'a ?user with a NUL character (as a teacher, who may name one)', [400, 403]),
  ],
  'GET /api/audit': [
    get('admin', '/api/audit?limit=0', '?limit=0', 400, 'limit'),
    get('admin', '/api/audit?limit=abc', '?limit=abc', 400, 'limit'),
    get('admin', '/api/audit?unexpected=1', 'an unknown query parameter', 400, 'unexpected'),
  ],
  'GET /api/classes/:id': [
    get('teacher', `/api/classes/${TOO_LONG_ID}`, 'an id over 64 characters', 400, 'id'),
    get('teacher', '/api/classes/no-such-class', 'an unknown class \u2192 404', 404),
    get('teacher', '/api/classes/%00', 'an id with a NUL character', [400, 404]),
  ],
  'GET /api/classes/:id/members': [
    get('teacher', `/api/classes/${TOO_LONG_ID}/members`, 'an id over 64 characters', 400, 'id'),
    get('teacher', '/api/classes/no-such-class/members', 'an unknown class \u2192 404', 404),
  ],
  'GET /api/classes/:id/submissions': [
    get('teacher', () => `${CLASS()}/submissions?limit=0`, '?limit=0', 400, 'limit'),
    get('teacher', () => `${CLASS()}/submissions?exercise=Not_A_Slug`, 'an ?exercise that is not a slug', 400, 'exercise'),
    get('teacher', () => `${CLASS()}/submissions?unexpected=1`, 'an unknown query parameter', 400, 'unexpected'),
    get('teacher', `/api/classes/${TOO_LONG_ID}/submissions`, 'an id over 64 characters', 400, 'id'),
  ],
  'GET /api/classes/:id/progress': [
    get('teacher', `/api/classes/${TOO_LONG_ID}/progress`, 'an id over 64 characters', 400, 'id'),
    get('teacher', '/api/classes/no-such-class/progress', 'an unknown class \u2192 404', 404),
  ],
  'GET /api/classes/:id/progress.csv': [
    get('teacher', `/api/classes/${TOO_LONG_ID}/progress.csv`, 'an id over 64 characters', 400, 'id'),
    get('teacher', '/api/classes/no-such-class/progress.csv', 'an unknown class \u2192 404, as JSON', 404),
  ],
};

interface ErrorBody {
  statusCode: number;
  code: string;
  message: unknown;
  issues?: { path: string; message: string }[];
}

const statuses = (status: Status): readonly number[] => (typeof status === 'number' ? [status] : status);

/** Whether an issue names the field: by its path (`body.email`), or in its message (`Unrecognized key: "unexpected"`). */
const names = (issue: { path: string; message: string }, field: string): boolean =>
  issue.path.split('.').includes(field) || issue.message.includes(`"${field}"`);

function send(c: Case) {
  const body = c.body?.();
  return clients[c.as].request({
    method: c.method,
    url: c.url(),
    ...(c.raw ? { payload: c.raw.payload, headers: { 'content-type': c.raw.type } } : {}),
    ...(body === undefined ? {} : { payload: body as object }),
  });
}

/** A submission wrongly accepted is graded in the background: wait for it, so that the next cases start from a still database. */
async function settleGrading(c: Case, response: Awaited<ReturnType<typeof send>>): Promise<void> {
  if (response.statusCode !== 202) return;
  const { id } = response.json<{ id?: string }>();
  if (id) await clients[c.as].get(`/api/submissions/${id}?wait=20`);
}

describe('bad input is refused with a 4xx that says why, and changes nothing', () => {
  for (const [route, cases] of Object.entries(TABLE)) {
    describe(route, () => {
      for (const c of cases) {
        test(`${c.name} \u2192 ${statuses(c.status).join(' or ')}`, async () => {
          const before = await snapshot();
          const response = await send(c);
          await settleGrading(c, response);
          expect(statuses(c.status), response.body.slice(0, 500)).toContain(response.statusCode);
          expect(response.headers['content-type']).toMatch(/^application\/json/);
          const error = response.json<ErrorBody>();
          expect(error.statusCode).toBe(response.statusCode);
          expect(typeof error.message === 'string' && error.message.trim() !== '', 'a message').toBe(true);
          if (c.field !== undefined) {
            const field = c.field;
            expect(error.code).toBe('INVALID_REQUEST');
            expect(
              error.issues?.some((issue) => names(issue, field)),
              JSON.stringify(error.issues),
            ).toBe(true);
          }
          expect(await snapshot()).toEqual(before);
        });
      }
    });
  }

  test('an issue about the whole body or query has the path \u2018body\u2019 or \u2018querystring\u2019, with no trailing dot', async () => {
    const unknown = await clients.teacher.post('/api/classes', { name: 'Async 301', unexpected: true });
    expect(unknown.json<ErrorBody>().issues).toEqual([{ path: 'body', message: 'Unrecognized key: "unexpected"' }]);
    const query = await clients.learner.get('/api/submissions?unexpected=1');
    expect(query.json<ErrorBody>().issues).toEqual([
      { path: 'querystring', message: 'Unrecognized key: "unexpected"' },
    ]);
  });
});

/** Runs after the refusals: the bodies they were made from are accepted, so each refusal was the input's doing. */
describe('the valid requests the cases are made from are accepted', () => {
  for (const route of Object.values(ROUTES) as Route[]) {
    test(`${route.label} \u2192 ${route.ok}`, async () => {
      const c: Case = { name: 'valid', as: route.as, method: route.method, url: route.url, status: route.ok };
      if (route.valid) c.body = route.valid;
      const response = await send(c);
      expect(response.statusCode, response.body.slice(0, 500)).toBe(route.ok);
    });
  }
});
