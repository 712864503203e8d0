import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { inlineScriptHashes } from './web.ts';

/** Security headers, and rate limits that routes opt into (`config.rateLimit`). */
export default fp(
  async (fastify) => {
    await fastify.register(fastifyHelmet, {
      contentSecurityPolicy: {
        directives: {
          // The Swagger UI at /docs and the front end load only their own scripts and styles,
          // and the one inline script that starts the front end.
          'script-src': ["'self'", ...inlineScriptHashes()],
          'style-src': ["'self'", "'unsafe-inline'"],
          'img-src': ["'self'", 'data:'],
          // Plain HTTP on a laptop or a private network must keep working; TLS is the proxy's job.
          'upgrade-insecure-requests': null,
        },
      },
    });
    await fastify.register(fastifyRateLimit, {
      global: false,
      // After the session is read, so limits count per account (per address before login).
      hook: 'preHandler',
      keyGenerator: (request: FastifyRequest) => request.user?.id ?? request.ip,
      errorResponseBuilder: (_request, context) => ({
        statusCode: 429,
        code: 'RATE_LIMITED',
        error: 'Too Many Requests',
        message: `too many requests: at most ${context.max} per ${context.after}; try again in ${context.after}`,
      }),
    });
  },
  { name: 'security', dependencies: ['auth'] },
);
