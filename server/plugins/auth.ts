import { createHash, randomBytes } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { Forbidden, Unauthenticated } from '../errors.ts';
import { type Role, RoleSchema } from '../schemas.ts';

/** Who is making a request. */
export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
}

declare module 'fastify' {
  interface FastifyRequest {
    user: SessionUser | null;
  }
  interface FastifyInstance {
    /** Starts a session for the user: a random token in an httpOnly cookie, its hash in the database. */
    startSession(reply: FastifyReply, userId: string): Promise<void>;
    endSession(request: FastifyRequest, reply: FastifyReply): Promise<void>;
  }
}

const SESSION_COOKIE = 'asynclab_session';
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/** The signed-in user, or 401. */
export function requireUser(request: FastifyRequest): SessionUser {
  if (!request.user) throw new Unauthenticated();
  return request.user;
}

/** The signed-in user when they have one of the roles, or 401 / 403. */
export function requireRole(request: FastifyRequest, ...roles: Role[]): SessionUser {
  const user = requireUser(request);
  if (!roles.includes(user.role)) throw new Forbidden(`only a ${roles.join(' or ')} may do this`);
  return user;
}

/**
 * Sessions and CSRF protection. Every state-changing request must carry the token from
 * `GET /api/auth/csrf` in `x-csrf-token` (double-submit: the secret is in a signed cookie).
 */
export default fp(
  async (fastify) => {
    await fastify.register(fastifyCookie, { secret: fastify.config.SESSION_SECRET });
    await fastify.register(fastifyCsrf, {
      cookieOpts: { signed: true, httpOnly: true, sameSite: 'strict', path: '/', secure: 'auto' },
    });
    const cookieOptions = {
      httpOnly: true,
      sameSite: 'lax',
      path: '/',
      secure: 'auto',
      maxAge: fastify.config.SESSION_DAYS * 86_400,
    } as const;

    fastify.decorateRequest('user', null);
    fastify.addHook('onRequest', async (request) => {
      // Only the API needs to know who is asking: the front end's files and /docs are public.
      if (!request.url.startsWith('/api/')) return;
      const token = request.cookies[SESSION_COOKIE];
      if (!token) return;
      const session = await fastify.db.session.findUnique({ where: { id: hashToken(token) }, include: { user: true } });
      if (!session || session.expiresAt < new Date()) return;
      const { id, email, name, role } = session.user;
      request.user = { id, email, name, role: RoleSchema.parse(role) };
    });
    fastify.addHook('onRequest', (request, reply, done) => {
      if (UNSAFE_METHODS.has(request.method)) fastify.csrfProtection(request, reply, done);
      else done();
    });

    fastify.decorate('startSession', async (reply: FastifyReply, userId: string) => {
      const token = randomBytes(32).toString('base64url');
      const expiresAt = new Date(Date.now() + fastify.config.SESSION_DAYS * 86_400_000);
      await fastify.db.$transaction([
        // Logging in is when a user's expired sessions are cleared away.
        fastify.db.session.deleteMany({ where: { userId, expiresAt: { lt: new Date() } } }),
        fastify.db.session.create({ data: { id: hashToken(token), userId, expiresAt } }),
      ]);
      reply.setCookie(SESSION_COOKIE, token, cookieOptions);
    });
    fastify.decorate('endSession', async (request: FastifyRequest, reply: FastifyReply) => {
      const token = request.cookies[SESSION_COOKIE];
      if (token) await fastify.db.session.deleteMany({ where: { id: hashToken(token) } });
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
    });
  },
  { name: 'auth', dependencies: ['config', 'database'] },
);
