import type { Db } from './db/client.ts';

/** Records what a teacher or admin changed: `action` on `target`, with details as JSON. */
export async function audit(
  db: Pick<Db, 'auditLog'>,
  actorId: string,
  action: string,
  target: string,
  detail: Record<string, unknown> = {},
): Promise<void> {
  await db.auditLog.create({ data: { actorId, action, target, detail: JSON.stringify(detail) } });
}
