/**
 * Writes the exercise manifest's JSON Schema (exercises/exercise.schema.json), so editors
 * check authors' exercise.json files as they type. Run by `npm run schema`.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { EXERCISES_DIR } from './exercise.ts';
import { ManifestSchema } from './manifest.ts';

const schema = z.toJSONSchema(ManifestSchema, { io: 'input', unrepresentable: 'any' });
writeFileSync(join(EXERCISES_DIR, 'exercise.schema.json'), `${JSON.stringify(schema, null, 2)}\n`);
