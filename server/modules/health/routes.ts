import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

export const HealthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  database: z.enum(['ok', 'down']),
  queue: z.object({
    kind: z.enum(['in-process', 'redis']),
    status: z.enum(['ok', 'down']),
    waiting: z.number().int().nullable(),
    active: z.number().int().nullable(),
    /** Processes grading; with Redis, the `asynclab worker`s connected now (none is degraded). */
    workers: z.number().int().nullable(),
  }),
  exercises: z.number().int(),
});

/** Liveness and readiness: 200 when everything answers, 503 (same body) when a part is down. */
const healthRoutes: FastifyPluginCallbackZod = (fastify, _options, done) => {
  fastify.get(
    '/api/health',
    {
      schema: {
        tags: ['health'],
        summary: 'Whether the service, its database, its grading queue and its graders work',
        response: { 200: HealthSchema, 503: HealthSchema },
      },
    },
    async (_request, reply) => {
      const [exercises, depth] = await Promise.all([
        fastify.db.exercise.count({ where: { publishedVersion: { not: null } } }).catch(() => null),
        fastify.grading.queue.depth().catch(() => null),
      ]);
      const database = exercises === null ? 'down' : 'ok';
      const queue = {
        kind: fastify.grading.queue.kind,
        status: depth === null ? ('down' as const) : ('ok' as const),
        waiting: depth?.waiting ?? null,
        active: depth?.active ?? null,
        workers: depth?.workers ?? null,
      };
      const status = database === 'ok' && depth !== null && depth.workers > 0 ? 'ok' : 'degraded';
      return reply.code(status === 'ok' ? 200 : 503).send({ status, database, queue, exercises: exercises ?? 0 });
    },
  );
  done();
};

export default healthRoutes;
