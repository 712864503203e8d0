import { z } from 'zod';
import { RoleSchema, Timestamp } from '../../schemas.ts';
import { UserSchema } from '../auth/schema.ts';

export const RoleBody = z.object({ role: RoleSchema }).strict();
export const UsersSchema = z.array(UserSchema);

export const AuditQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }).strict();
export const AuditSchema = z.array(
  z.object({
    id: z.string(),
    actorId: z.string(),
    action: z.string(),
    target: z.string(),
    detail: z.record(z.string(), z.unknown()),
    createdAt: Timestamp,
  }),
);
