import { z } from 'zod';
import { NameSchema, RoleSchema, Timestamp } from '../../schemas.ts';

const Email = z
  .email()
  .max(200)
  .transform((email) => email.toLowerCase());
const Password = z.string().min(8, 'a password has at least 8 characters').max(200);

export const RegisterBody = z.object({ email: Email, name: NameSchema, password: Password }).strict();
export type RegisterInput = z.infer<typeof RegisterBody>;

export const LoginBody = z.object({ email: Email, password: z.string().min(1).max(200) }).strict();
export type LoginInput = z.infer<typeof LoginBody>;

export const UserSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: RoleSchema,
  createdAt: Timestamp,
});
export type UserView = z.infer<typeof UserSchema>;

export const CsrfSchema = z.object({ token: z.string() });
