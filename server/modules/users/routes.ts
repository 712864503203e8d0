import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import { requireRole } from '../../plugins/auth.ts';
import { errors, IdParams } from '../../schemas.ts';
import { UserSchema } from '../auth/schema.ts';
import { userView } from '../auth/service.ts';
import { AuditQuery, AuditSchema, RoleBody, UsersSchema } from './schema.ts';
import { setRole } from './service.ts';

/** Administration: accounts and their roles, and the audit log. */
const userRoutes: FastifyPluginCallbackZod = (fastify, _options, done) => {
  fastify.get(
    '/api/users',
    { schema: { tags: ['admin'], summary: 'Every account', response: { 200: UsersSchema, ...errors(401, 403) } } },
    async (request) => {
      requireRole(request, 'admin');
      const users = await fastify.db.user.findMany({ orderBy: { createdAt: 'asc' } });
      return users.map(userView);
    },
  );

  fastify.put(
    '/api/users/:id/role',
    {
      schema: {
        tags: ['admin'],
        summary: 'Make an account a learner, teacher or admin',
        params: IdParams,
        body: RoleBody,
        response: { 200: UserSchema, ...errors(401, 403, 404, 409) },
      },
    },
    async (request) => {
      const admin = requireRole(request, 'admin');
      return setRole(fastify.db, admin.id, { id: request.params.id }, request.body.role);
    },
  );

  fastify.get(
    '/api/audit',
    {
      schema: {
        tags: ['admin'],
        summary: 'What teachers and admins changed, newest first',
        querystring: AuditQuery,
        response: { 200: AuditSchema, ...errors(401, 403) },
      },
    },
    async (request) => {
      requireRole(request, 'admin');
      const entries = await fastify.db.auditLog.findMany({ orderBy: { createdAt: 'desc' }, take: request.query.limit });
      return entries.map((entry) => ({ ...entry, detail: JSON.parse(entry.detail) as Record<string, unknown> }));
    },
  );
  done();
};

export default userRoutes;
