import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import { requireUser } from '../../plugins/auth.ts';
import { errors, OkSchema } from '../../schemas.ts';
import { CsrfSchema, LoginBody, RegisterBody, UserSchema } from './schema.ts';
import { login, register, userView } from './service.ts';

/** Accounts and sessions: register, log in, log out, who am I, and the CSRF token. */
const authRoutes: FastifyPluginCallbackZod = (fastify, _options, done) => {
  const rateLimit = { max: fastify.config.RATE_LIMIT_AUTH, timeWindow: '1 minute' };

  fastify.get(
    '/api/auth/csrf',
    {
      schema: {
        tags: ['auth'],
        summary: 'A CSRF token to send as x-csrf-token on every POST, PUT, PATCH and DELETE',
        response: { 200: CsrfSchema },
      },
    },
    (_request, reply) => ({ token: reply.generateCsrf() }),
  );

  fastify.post(
    '/api/auth/register',
    {
      config: { rateLimit },
      schema: {
        tags: ['auth'],
        summary: 'Create an account and log in (the first account becomes the admin)',
        body: RegisterBody,
        response: { 201: UserSchema, ...errors(403, 409, 429) },
      },
    },
    async (request, reply) => {
      const user = await register(fastify.db, request.body);
      await fastify.startSession(reply, user.id);
      return reply.code(201).send(user);
    },
  );

  fastify.post(
    '/api/auth/login',
    {
      config: { rateLimit },
      schema: {
        tags: ['auth'],
        summary: 'Log in',
        body: LoginBody,
        response: { 200: UserSchema, ...errors(401, 403, 429) },
      },
    },
    async (request, reply) => {
      const user = await login(fastify.db, request.body);
      await fastify.startSession(reply, user.id);
      return user;
    },
  );

  fastify.post(
    '/api/auth/logout',
    { schema: { tags: ['auth'], summary: 'Log out', response: { 200: OkSchema, ...errors(403) } } },
    async (request, reply) => {
      await fastify.endSession(request, reply);
      return { ok: true as const };
    },
  );

  fastify.get(
    '/api/me',
    { schema: { tags: ['auth'], summary: 'The signed-in user', response: { 200: UserSchema, ...errors(401) } } },
    async (request) => {
      const { id } = requireUser(request);
      return userView(await fastify.db.user.findUniqueOrThrow({ where: { id } }));
    },
  );
  done();
};

export default authRoutes;
