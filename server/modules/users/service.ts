import { audit } from '../../audit.ts';
import type { Db } from '../../db/client.ts';
import { Conflict, NotFound } from '../../errors.ts';
import type { Role } from '../../schemas.ts';
import type { UserView } from '../auth/schema.ts';
import { userView } from '../auth/service.ts';

/**
 * Gives an account a role (teachers are made this way, by an admin or `asynclab make-teacher`).
 * The last admin keeps the role: without one, nobody could make teachers through the API.
 */
export async function setRole(
  db: Db,
  actorId: string,
  target: { id: string } | { email: string },
  role: Role,
): Promise<UserView> {
  const user = await db.user.findUnique({ where: target });
  if (!user) throw new NotFound('id' in target ? `user ${target.id}` : `an account with ${target.email}`);
  const updated = await db.$transaction(async (tx) => {
    if (user.role === 'admin' && role !== 'admin' && (await tx.user.count({ where: { role: 'admin' } })) === 1) {
      throw new Conflict('the last admin cannot stop being one: make another account admin first');
    }
    await audit(tx, actorId, 'user.role', user.id, { from: user.role, to: role });
    return tx.user.update({ where: { id: user.id }, data: { role } });
  });
  return userView(updated);
}
