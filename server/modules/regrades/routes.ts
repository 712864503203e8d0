import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireRole, requireUser } from '../../plugins/auth.ts';
import { errors, IdParams, SlugParams } from '../../schemas.ts';
import { BatchSchema, DeadLettersSchema, RegradeBody } from './schema.ts';
import { deadLetters, getBatch, regradeExercise } from './service.ts';

/** Re-grading after an exercise changed, and the submissions no grader could grade. */
const regradeRoutes: FastifyPluginCallbackZod = (fastify, _options, done) => {
  fastify.post(
    '/api/exercises/:slug/regrade',
    {
      schema: {
        tags: ['grading'],
        summary:
          'Re-grade the exercise\u2019s submissions (a class\u2019s, or all for admins) against its published version',
        params: SlugParams,
        body: RegradeBody,
        response: { 202: BatchSchema, ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const batch = await regradeExercise(
        fastify.db,
        fastify.grading,
        request.log,
        requireUser(request),
        request.params.slug,
        request.body.classId,
      );
      return reply.code(202).header('location', `/api/regrades/${batch.id}`).send(batch);
    },
  );

  fastify.get(
    '/api/regrades/:id',
    {
      schema: {
        tags: ['grading'],
        summary: 'A re-grade batch\u2019s progress: total, done, failed, finished',
        params: IdParams,
        response: { 200: BatchSchema, ...errors(401, 404) },
      },
    },
    (request) => getBatch(fastify.db, requireUser(request), request.params.id),
  );

  fastify.get(
    '/api/admin/dead-letters',
    {
      schema: {
        tags: ['admin'],
        summary: 'Submissions no grader could grade after every retry (re-grade them once the cause is fixed)',
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }).strict(),
        response: { 200: DeadLettersSchema, ...errors(401, 403) },
      },
    },
    (request) => {
      requireRole(request, 'admin');
      return deadLetters(fastify.db, request.query.limit);
    },
  );
  done();
};

export default regradeRoutes;
