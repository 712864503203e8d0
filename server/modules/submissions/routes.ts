import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import { requireUser } from '../../plugins/auth.ts';
import { errors, IdParams, SlugParams } from '../../schemas.ts';
import { HistoryQuery, SubmissionBody, SubmissionListSchema, SubmissionViewSchema, WaitQuery } from './schema.ts';
import { getSubmission, listSubmissions, regrade, submit } from './service.ts';

/** Submissions: stored, then graded in the background; the client polls (or long-polls with ?wait). */
const submissionRoutes: FastifyPluginCallbackZod = (fastify, _options, done) => {
  fastify.post(
    '/api/exercises/:slug/submissions',
    {
      config: { rateLimit: { max: fastify.config.RATE_LIMIT_SUBMIT, timeWindow: '1 minute' } },
      schema: {
        tags: ['submissions'],
        summary: 'Submit (stored at once, graded in the background; 429 with Retry-After when the graders are full)',
        params: SlugParams,
        body: SubmissionBody,
        response: { 202: SubmissionViewSchema, ...errors(401, 403, 404, 422, 429) },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const submission = await submit(
        fastify.db,
        fastify.grading,
        request.log,
        user,
        request.params.slug,
        request.body,
      );
      return reply.code(202).header('location', `/api/submissions/${submission.id}`).send(submission);
    },
  );

  fastify.get(
    '/api/submissions/:id',
    {
      schema: {
        tags: ['submissions'],
        summary: 'A submission and its grade; with ?wait=N the answer waits up to N seconds for the grade',
        params: IdParams,
        querystring: WaitQuery,
        response: { 200: SubmissionViewSchema, ...errors(401, 404) },
      },
    },
    (request) =>
      getSubmission(fastify.db, fastify.grading, requireUser(request), request.params.id, request.query.wait * 1000),
  );

  fastify.get(
    '/api/submissions',
    {
      schema: {
        tags: ['submissions'],
        summary: 'Submission history, newest first: your own, or a learner\u2019s of your classes (?user=)',
        querystring: HistoryQuery,
        response: { 200: SubmissionListSchema, ...errors(401, 403) },
      },
    },
    (request) => listSubmissions(fastify.db, requireUser(request), request.query),
  );

  fastify.post(
    '/api/submissions/:id/regrade',
    {
      schema: {
        tags: ['submissions'],
        summary: 'Grade a submission again (its teachers and admins; its owner when grading failed)',
        params: IdParams,
        response: { 202: SubmissionViewSchema, ...errors(401, 403, 404, 429) },
      },
    },
    async (request, reply) =>
      reply
        .code(202)
        .send(await regrade(fastify.db, fastify.grading, request.log, requireUser(request), request.params.id)),
  );
  done();
};

export default submissionRoutes;
