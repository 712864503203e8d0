import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyReply } from 'fastify';
import fp from 'fastify-plugin';

/** Where `npm run build:web` writes the front end (web/, SvelteKit with adapter-static). */
export const WEB_BUILD = resolve(import.meta.dirname, '../../web/build');
const INDEX = join(WEB_BUILD, 'index.html');

/**
 * The CSP sources of the inline scripts in the front end's index.html (SvelteKit starts the
 * app from one), so the policy can allow exactly those and no other inline script.
 */
export function inlineScriptHashes(): string[] {
  if (!existsSync(INDEX)) return [];
  const html = readFileSync(INDEX, 'utf8');
  return [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map(
    (match) =>
      `'sha256-${createHash('sha256')
        .update(match[1] ?? '')
        .digest('base64')}'`,
  );
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Answers a browser's page request with the front end, which routes it; null when it is not built. */
    frontEnd: ((reply: FastifyReply) => FastifyReply) | null;
  }
}

/** Serves the built front end from the same origin as the API; every page path gets index.html. */
export default fp(
  async (fastify) => {
    if (!existsSync(INDEX)) {
      fastify.log.warn({ path: WEB_BUILD }, 'the front end is not built (npm run build:web); serving the API only');
      fastify.decorate('frontEnd', null);
      return;
    }
    await fastify.register(fastifyStatic, {
      root: WEB_BUILD,
      // '/' is the catalogue: index.html, like every other page path.
      index: 'index.html',
      wildcard: true,
      // Built assets have content hashes in their names; index.html must always be fresh.
      setHeaders: (res, path) => {
        res.header(
          'cache-control',
          path.includes('/_app/immutable/') ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    });
    fastify.decorate('frontEnd', (reply: FastifyReply) =>
      reply.header('cache-control', 'no-cache').sendFile('index.html'),
    );
  },
  { name: 'web' },
);
