import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import { requireUser } from '../../plugins/auth.ts';
import { errors, SlugParams } from '../../schemas.ts';
import {
  ExerciseDetailSchema,
  ExerciseListSchema,
  ExercisePackSchema,
  PackQuery,
  PackBody,
  PreviewSchema,
  PublishBody,
} from './schema.ts';
import {
  createExercise,
  exerciseDetail,
  exercisePack,
  listExercises,
  previewExercise,
  publishExercise,
  updateExercise,
} from './service.ts';

/** The catalogue, and authoring for teachers. */
const exerciseRoutes: FastifyPluginCallbackZod = (fastify, _options, done) => {
  fastify.get(
    '/api/exercises',
    {
      schema: {
        tags: ['exercises'],
        summary: 'The catalogue in course order, with the signed-in learner\u2019s progress',
        response: { 200: ExerciseListSchema },
      },
    },
    (request) => listExercises(fastify.db, request.user),
  );

  fastify.get(
    '/api/exercises/:slug',
    {
      schema: {
        tags: ['exercises'],
        summary: 'An exercise as learners see it (no reference, no hidden variants, no answers)',
        params: SlugParams,
        response: { 200: ExerciseDetailSchema, ...errors(404) },
      },
    },
    (request) => exerciseDetail(fastify.db, fastify.grading.grader, request.user, request.params.slug),
  );

  fastify.get(
    '/api/exercises/:slug/pack',
    {
      schema: {
        tags: ['authoring'],
        summary: 'A version\u2019s whole pack, the latest unless ?version= says which (teachers and admins)',
        params: SlugParams,
        querystring: PackQuery,
        response: { 200: ExercisePackSchema, ...errors(400, 401, 403, 404) },
      },
    },
    (request) => exercisePack(fastify.db, requireUser(request), request.params.slug, request.query.version),
  );

  fastify.post(
    '/api/exercises',
    {
      schema: {
        tags: ['authoring'],
        summary: 'Write a new exercise: a pack as in exercises/ (manifest and files); not published yet',
        body: PackBody,
        response: { 201: ExercisePackSchema, ...errors(401, 403, 409, 422) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createExercise(fastify.db, requireUser(request), request.body)),
  );

  fastify.put(
    '/api/exercises/:slug',
    {
      schema: {
        tags: ['authoring'],
        summary: 'Save a new version of an exercise (learners keep the published one)',
        params: SlugParams,
        body: PackBody,
        response: { 200: ExercisePackSchema, ...errors(401, 403, 404, 409, 422) },
      },
    },
    (request) => updateExercise(fastify.db, requireUser(request), request.params.slug, request.body),
  );

  fastify.post(
    '/api/exercises/preview',
    {
      config: { rateLimit: { max: fastify.config.RATE_LIMIT_RUN, timeWindow: '1 minute' } },
      schema: {
        tags: ['authoring'],
        summary: 'Try a pack out: the reference on every variant, and the self-test publishing requires',
        body: PackBody,
        response: { 200: PreviewSchema, ...errors(401, 403, 422, 429) },
      },
    },
    (request) => previewExercise(fastify.grading, requireUser(request), request.body),
  );

  fastify.post(
    '/api/exercises/:slug/publish',
    {
      schema: {
        tags: ['authoring'],
        summary: 'Publish a version (the latest by default) once it passes its self-test',
        params: SlugParams,
        body: PublishBody,
        response: { 200: ExercisePackSchema, ...errors(401, 403, 404, 422) },
      },
    },
    (request) =>
      publishExercise(
        fastify.db,
        fastify.grading.grader,
        requireUser(request),
        request.params.slug,
        request.body.version,
      ),
  );
  done();
};

export default exerciseRoutes;
