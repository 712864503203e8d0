import { audit } from '../../audit.ts';
import type { Db } from '../../db/client.ts';
import { NotFound } from '../../errors.ts';
import type { Role } from '../../schemas.ts';
import type { UserView } from '../auth/schema.ts';
import { userView } from '../auth/service.ts';

/** Gives an account a role (teachers are made this way, by an admin or `asynclab make-teacher`). */
export async function setRole(
  db: Db,
  actorId: string,
  target: { id: string } | { email: string },
  role: Role,
): Promise<UserView> {
  const user = await db.user.findUnique({ where: target });
  if (!user) throw new NotFound('id' in target ? `user ${target.id}` : `an account with ${target.email}`);
  const updated = await db.$transaction(async (tx) => {
    await audit(tx, actorId, 'user.role', user.id, { from: user.role, to: role });
    return tx.user.update({ where: { id: user.id }, data: { role } });
  });
  return userView(updated);
}
