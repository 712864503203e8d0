import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { RunResultSchema } from '../../../sandbox/result.ts';
import { NotFound } from '../../errors.ts';
import { requireUser } from '../../plugins/auth.ts';
import { errors, SlugSchema } from '../../schemas.ts';
import { workingVersion } from '../exercises/service.ts';

export const RunBody = z
  .object({
    source: z.string().max(100_000),
    /** Run in an exercise's simulated world: its variant's seed and fixture (visible variants only). */
    exercise: SlugSchema.optional(),
    variant: z.number().int().min(0).default(0),
  })
  .strict();

/** A free run: the trace, timeline and diagnostics, not graded and not stored. */
const runRoutes: FastifyPluginCallbackZod = (fastify, _options, done) => {
  fastify.post(
    '/api/run',
    {
      config: { rateLimit: { max: fastify.config.RATE_LIMIT_RUN, timeWindow: '1 minute' } },
      schema: {
        tags: ['run'],
        summary: 'Run a program on the virtual clock (optionally in an exercise variant\u2019s world)',
        body: RunBody,
        response: { 200: RunResultSchema, ...errors(401, 403, 404, 429) },
      },
    },
    async (request) => {
      requireUser(request);
      const { source, exercise: slug, variant: index } = request.body;
      if (slug === undefined) return fastify.grading.run(source, {});
      const { loaded } = await workingVersion(fastify.db, request.user, slug);
      const variant = loaded.variants[index];
      if (!variant || variant.hidden) throw new NotFound(`variant ${index} of '${slug}'`);
      return fastify.grading.run(source, {
        seed: variant.seed,
        ...(variant.fixture ? { fixture: variant.fixture } : {}),
      });
    },
  );
  done();
};

export default runRoutes;
