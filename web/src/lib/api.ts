/**
 * The one typed client of the Async Lab API. Types come from the service's zod schemas (as
 * they travel: timestamps are ISO strings); every state-changing request carries the CSRF
 * token, fetched once.
 */
import type { z } from 'zod';
import type { GradeSchema } from '../../../grader/grade-schema.ts';
import type { RunResultSchema } from '../../../sandbox/result.ts';
import type { UserSchema } from '../../../server/modules/auth/schema.ts';
import type { ClassSchema, ProgressReportSchema } from '../../../server/modules/classes/schema.ts';
import type { ExerciseDetailSchema, ExerciseSummarySchema } from '../../../server/modules/exercises/schema.ts';
import type { SubmissionListSchema, SubmissionViewSchema } from '../../../server/modules/submissions/schema.ts';
import type { ErrorSchema } from '../../../server/schemas.ts';

export type User = z.input<typeof UserSchema>;
export type ExerciseSummary = z.input<typeof ExerciseSummarySchema>;
export type ExerciseDetail = z.input<typeof ExerciseDetailSchema>;
export type RunResult = z.input<typeof RunResultSchema>;
export type Grade = z.input<typeof GradeSchema>;
export type SubmissionView = z.input<typeof SubmissionViewSchema>;
export type SubmissionList = z.input<typeof SubmissionListSchema>;
export type ClassView = z.input<typeof ClassSchema>;
export type ProgressReport = z.input<typeof ProgressReportSchema>;
type ErrorBody = z.input<typeof ErrorSchema>;

/** An answer that is not 2xx: its status and the service's message. */
export class ApiError extends Error {
  readonly status: number;
  readonly body: ErrorBody | undefined;
  constructor(status: number, body: ErrorBody | undefined) {
    super(body?.message ?? `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

/** What a failed call says to the user: the service's message, or what went wrong on the way. */
export const failureMessage = (failure: unknown): string =>
  failure instanceof ApiError ? failure.message : String(failure);

let csrf: Promise<string> | undefined;

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  if (method !== 'GET') {
    csrf ??= fetch('/api/auth/csrf')
      .then((r) => r.json() as Promise<{ token: string }>)
      .then((r) => r.token);
    headers['x-csrf-token'] = await csrf;
  }
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(path, {
    method,
    headers,
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  const data = text ? (JSON.parse(text) as unknown) : undefined;
  if (!response.ok) throw new ApiError(response.status, data as ErrorBody | undefined);
  return data as T;
}

export const api = {
  me: () => request<User>('GET', '/api/me'),
  register: (body: { email: string; name: string; password: string }) =>
    request<User>('POST', '/api/auth/register', body),
  login: (body: { email: string; password: string }) => request<User>('POST', '/api/auth/login', body),
  logout: () => request<{ ok: true }>('POST', '/api/auth/logout'),
  exercises: () => request<ExerciseSummary[]>('GET', '/api/exercises'),
  exercise: (slug: string) => request<ExerciseDetail>('GET', `/api/exercises/${encodeURIComponent(slug)}`),
  run: (body: { source: string; exercise?: string; variant?: number }) => request<RunResult>('POST', '/api/run', body),
  submit: (
    slug: string,
    body:
      | { kind: 'code'; source: string }
      | { kind: 'predict'; text: string }
      | { kind: 'choice'; answers: (string | string[])[] },
  ) => request<SubmissionView>('POST', `/api/exercises/${encodeURIComponent(slug)}/submissions`, body),
  submission: (id: string, wait = 0) =>
    request<SubmissionView>('GET', `/api/submissions/${encodeURIComponent(id)}${wait > 0 ? `?wait=${wait}` : ''}`),
  history: (slug: string) => request<SubmissionList>('GET', `/api/submissions?exercise=${encodeURIComponent(slug)}`),
  classes: () => request<ClassView[]>('GET', '/api/classes'),
  joinClass: (code: string) => request<ClassView>('POST', '/api/classes/join', { code }),
  createClass: (name: string) => request<ClassView>('POST', '/api/classes', { name }),
  assign: (classId: string, exercise: string, dueAt: string) =>
    request<ClassView>('POST', `/api/classes/${encodeURIComponent(classId)}/assignments`, { exercise, dueAt }),
  progress: (classId: string) => request<ProgressReport>('GET', `/api/classes/${encodeURIComponent(classId)}/progress`),
};

/** Submits, then waits (long-polling) until the grade is stored. */
export async function submitAndWait(slug: string, body: Parameters<typeof api.submit>[1]): Promise<SubmissionView> {
  let submission = await api.submit(slug, body);
  while (submission.status === 'queued' || submission.status === 'grading') {
    submission = await api.submission(submission.id, 25);
  }
  return submission;
}

/** A pack as the authoring endpoints take it: the manifest and the files it names. */
export type Pack = z.input<typeof import('../../../server/modules/exercises/schema.ts').PackBody>;
export type Manifest = Pack['manifest'];
export type ExercisePack = z.input<typeof import('../../../server/modules/exercises/schema.ts').ExercisePackSchema>;
export type Preview = z.input<typeof import('../../../server/modules/exercises/schema.ts').PreviewSchema>;

/** Writing exercises (teachers and admins). */
export const authoring = {
  pack: (slug: string, version?: number) =>
    request<ExercisePack>(
      'GET',
      `/api/exercises/${encodeURIComponent(slug)}/pack${version === undefined ? '' : `?version=${version}`}`,
    ),
  preview: (pack: Pack) => request<Preview>('POST', '/api/exercises/preview', pack),
  create: (pack: Pack) => request<ExercisePack>('POST', '/api/exercises', pack),
  update: (slug: string, pack: Pack) =>
    request<ExercisePack>('PUT', `/api/exercises/${encodeURIComponent(slug)}`, pack),
  publish: (slug: string, version?: number) =>
    request<ExercisePack>(
      'POST',
      `/api/exercises/${encodeURIComponent(slug)}/publish`,
      version === undefined ? {} : { version },
    ),
};

/** A learner's attempts in a class, newest first, with their code and feedback (the class's teacher). */
export const classSubmissions = (classId: string, userId: string, limit = 100) =>
  request<SubmissionList>(
    'GET',
    `/api/classes/${encodeURIComponent(classId)}/submissions?user=${encodeURIComponent(userId)}&limit=${limit}`,
  );

/** A re-grade batch's progress. */
export type Batch = z.input<typeof import('../../../server/modules/regrades/schema.ts').BatchSchema>;

/** Re-grading an exercise's submissions (a class's) against its published version, with progress. */
export const regrades = {
  start: (slug: string, classId: string) =>
    request<Batch>('POST', `/api/exercises/${encodeURIComponent(slug)}/regrade`, { classId }),
  get: (id: string) => request<Batch>('GET', `/api/regrades/${encodeURIComponent(id)}`),
};
