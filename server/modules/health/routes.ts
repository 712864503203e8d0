import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

export const HealthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  database: z.enum(['ok', 'down']),
  queue: z.object({ waiting: z.number().int(), active: z.number().int() }),
  exercises: z.number().int(),
});

/** Liveness and readiness: 200 when everything answers, 503 (same body) when a part is down. */
const healthRoutes: FastifyPluginCallbackZod = (fastify, _options, done) => {
  fastify.get(
    '/api/health',
    {
      schema: {
        tags: ['health'],
        summary: 'Whether the service, its database and its grading queue work',
        response: { 200: HealthSchema, 503: HealthSchema },
      },
    },
    async (_request, reply) => {
      const exercises = await fastify.db.exercise
        .count({ where: { publishedVersion: { not: null } } })
        .catch(() => null);
      const queue = await fastify.grading.queue.depth();
      const database = exercises === null ? 'down' : 'ok';
      const status = database === 'ok' ? 'ok' : 'degraded';
      return reply.code(status === 'ok' ? 200 : 503).send({ status, database, queue, exercises: exercises ?? 0 });
    },
  );
  done();
};

export default healthRoutes;
