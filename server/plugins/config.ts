import fp from 'fastify-plugin';
import type { Config } from '../config.ts';

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
  }
}

/** The parsed configuration, for every plugin and route. */
export default fp<{ config: Config }>(
  (fastify, options, done) => {
    fastify.decorate('config', options.config);
    done();
  },
  { name: 'config' },
);
