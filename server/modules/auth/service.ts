import { hash, verify } from 'argon2';
import type { Db } from '../../db/client.ts';
import { Conflict, isUniqueViolation, WrongCredentials } from '../../errors.ts';
import { RoleSchema } from '../../schemas.ts';
import type { LoginInput, RegisterInput, UserView } from './schema.ts';

/** argon2id with the library's defaults (64 MiB, 3 passes), as OWASP recommends. */
const hashPassword = (password: string): Promise<string> => hash(password, { type: 2 });

/** Compared against when the email is unknown, so a login takes as long either way. */
let unknownUserHash: Promise<string> | undefined;

export function userView(user: { id: string; email: string; name: string; role: string; createdAt: Date }): UserView {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: RoleSchema.parse(user.role),
    createdAt: user.createdAt,
  };
}

/** Creates an account; the first account on an empty database is the admin. */
export async function register(db: Db, input: RegisterInput): Promise<UserView> {
  const passwordHash = await hashPassword(input.password);
  if (await db.user.findUnique({ where: { email: input.email } })) {
    throw new Conflict(`an account with ${input.email} exists; log in instead`);
  }
  const first = (await db.user.count()) === 0;
  const user = await db.user
    .create({ data: { email: input.email, name: input.name, passwordHash, role: first ? 'admin' : 'learner' } })
    .catch((error: unknown) => {
      if (isUniqueViolation(error)) throw new Conflict(`an account with ${input.email} exists`);
      throw error;
    });
  return userView(user);
}

export async function login(db: Db, input: LoginInput): Promise<UserView> {
  const user = await db.user.findUnique({ where: { email: input.email } });
  unknownUserHash ??= hashPassword('no such user');
  const ok = await verify(user?.passwordHash ?? (await unknownUserHash), input.password);
  if (!user || !ok) throw new WrongCredentials();
  return userView(user);
}
