import Fastify, { type FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import app, { type AppOptions, BODY_LIMIT } from './app.ts';

/** Builds the service (not listening): the same instance tests inject requests into. */
export async function buildServer(options: AppOptions): Promise<FastifyInstance> {
  const fastify = Fastify({
    logger: { level: options.config.LOG_LEVEL },
    bodyLimit: BODY_LIMIT,
    // Starting applies the database's migrations, which can take a while on a busy machine.
    pluginTimeout: 120_000,
    // Request ids in every log line; a proxy's x-request-id is kept.
    requestIdHeader: 'x-request-id',
    genReqId: () => crypto.randomUUID(),
    trustProxy: options.config.TRUST_PROXY,
  }).withTypeProvider<ZodTypeProvider>();
  await fastify.register(app, options);
  await fastify.ready();
  return fastify;
}

/**
 * Starts the service and closes it gracefully on SIGINT or SIGTERM: it stops taking
 * requests, finishes the gradings under way (queued ones stay stored for the next start),
 * and closes the database.
 */
export async function serve(options: AppOptions): Promise<FastifyInstance> {
  const fastify = await buildServer(options);
  let closing = false;
  const close = (signal: string): void => {
    if (closing) return;
    closing = true;
    fastify.log.info({ signal }, 'shutting down');
    fastify.close().then(
      () => process.exit(0),
      (error: unknown) => {
        fastify.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', close);
  process.once('SIGTERM', close);
  try {
    await fastify.listen({ port: options.config.PORT, host: options.config.HOST });
  } catch (error) {
    // A port in use: close what started (database, sandbox workers) before saying so.
    await fastify.close();
    throw error;
  }
  return fastify;
}
