import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireUser } from '../../plugins/auth.ts';
import { errors } from '../../schemas.ts';
import { HistoryQuery, SubmissionListSchema } from '../submissions/schema.ts';
import { listSubmissions } from '../submissions/service.ts';
import {
  AssignmentBody,
  ClassBody,
  ClassListSchema,
  ClassParams,
  ClassSchema,
  JoinBody,
  MembersSchema,
  ProgressReportSchema,
} from './schema.ts';
import {
  assertTeaches,
  assign,
  classProgress,
  createClass,
  getClass,
  joinClass,
  listClasses,
  listMembers,
  progressCsv,
} from './service.ts';

/** Classes: teachers create them and assign exercises; learners join by code. */
const classRoutes: FastifyPluginCallbackZod = (fastify, _options, done) => {
  fastify.post(
    '/api/classes',
    {
      schema: {
        tags: ['classes'],
        summary: 'Create a class (teachers and admins); its join code is in the answer',
        body: ClassBody,
        response: { 201: ClassSchema, ...errors(401, 403) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createClass(fastify.db, requireUser(request), request.body.name)),
  );

  fastify.get(
    '/api/classes',
    {
      schema: {
        tags: ['classes'],
        summary: 'The classes you teach or belong to',
        response: { 200: ClassListSchema, ...errors(401) },
      },
    },
    (request) => listClasses(fastify.db, requireUser(request)),
  );

  fastify.post(
    '/api/classes/join',
    {
      config: { rateLimit: { max: fastify.config.RATE_LIMIT_AUTH, timeWindow: '1 minute' } },
      schema: {
        tags: ['classes'],
        summary: 'Join a class by its code',
        body: JoinBody,
        response: { 200: ClassSchema, ...errors(401, 404, 429) },
      },
    },
    (request) => joinClass(fastify.db, requireUser(request), request.body.code),
  );

  fastify.get(
    '/api/classes/:id',
    {
      schema: {
        tags: ['classes'],
        summary: 'A class you teach or belong to, with its assignments',
        params: ClassParams,
        response: { 200: ClassSchema, ...errors(401, 404) },
      },
    },
    (request) => getClass(fastify.db, requireUser(request), request.params.id),
  );

  fastify.get(
    '/api/classes/:id/members',
    {
      schema: {
        tags: ['classes'],
        summary: 'The class\u2019s learners (its teacher)',
        params: ClassParams,
        response: { 200: MembersSchema, ...errors(401, 403, 404) },
      },
    },
    (request) => listMembers(fastify.db, requireUser(request), request.params.id),
  );

  fastify.post(
    '/api/classes/:id/assignments',
    {
      schema: {
        tags: ['classes'],
        summary: 'Assign a published exercise with a due date (its teacher)',
        params: ClassParams,
        body: AssignmentBody,
        response: { 201: ClassSchema, ...errors(401, 403, 404, 409) },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await assign(fastify.db, requireUser(request), request.params.id, request.body.exercise, request.body.dueAt),
        ),
  );

  fastify.get(
    '/api/classes/:id/submissions',
    {
      schema: {
        tags: ['classes'],
        summary: 'The class\u2019s learners\u2019 submissions, newest first (its teacher)',
        params: ClassParams,
        querystring: HistoryQuery,
        response: { 200: SubmissionListSchema, ...errors(401, 403, 404) },
      },
    },
    async (request) => {
      const user = requireUser(request);
      await assertTeaches(fastify.db, user, request.params.id);
      return listSubmissions(fastify.db, user, request.query, request.params.id);
    },
  );

  fastify.get(
    '/api/classes/:id/progress',
    {
      schema: {
        tags: ['classes'],
        summary: 'Learners × exercises: status, attempts, best score, first pass, mistakes (its teacher)',
        params: ClassParams,
        response: { 200: ProgressReportSchema, ...errors(401, 403, 404) },
      },
    },
    (request) => classProgress(fastify.db, requireUser(request), request.params.id),
  );

  fastify.get(
    '/api/classes/:id/progress.csv',
    {
      schema: {
        tags: ['classes'],
        summary: 'The progress report as CSV (its teacher)',
        params: ClassParams,
        produces: ['text/csv'],
        response: { 200: z.string(), ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const report = await classProgress(fastify.db, requireUser(request), request.params.id);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="class-${request.params.id}-progress.csv"`)
        .send(progressCsv(report));
    },
  );
  done();
};

export default classRoutes;
