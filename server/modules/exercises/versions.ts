import { type Exercise, exerciseFromPack, type Pack, PackSchema } from '../../../grader/exercise.ts';
import type { Db } from '../../db/client.ts';

/** Exercise versions kept parsed and built; a version never changes, so an entry never goes stale. */
const CACHED_VERSIONS = 500;
const cache = new Map<string, Promise<{ pack: Pack; exercise: Exercise }>>();

/**
 * A stored exercise version's pack, parsed and built into the exercise the grader uses.
 * Versions are immutable and their ids unique, so one cache serves every request and grading.
 */
export function versionContent(db: Db, versionId: string): Promise<{ pack: Pack; exercise: Exercise }> {
  let entry = cache.get(versionId);
  if (!entry) {
    entry = db.exerciseVersion.findUniqueOrThrow({ where: { id: versionId }, select: { pack: true } }).then((row) => {
      const pack = PackSchema.parse(JSON.parse(row.pack));
      return { pack, exercise: exerciseFromPack(pack, `${pack.manifest.slug} (stored)`) };
    });
    entry.catch(() => cache.delete(versionId));
    if (cache.size >= CACHED_VERSIONS) cache.delete(cache.keys().next().value as string);
    cache.set(versionId, entry);
  }
  return entry;
}
