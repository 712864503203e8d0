import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { z } from 'zod';
import { type Fixture, FixtureSchema } from '../sandbox/fixture.ts';
import { loadFixtureFile } from '../sandbox/host/fixtures.ts';
import { type Manifest, ManifestSchema } from './manifest.ts';

/** The folder the course's exercise packs live in. */
export const EXERCISES_DIR = resolve(import.meta.dirname, '../exercises');

/** An exercise pack that cannot be used; the message names the file and what is wrong. */
export class ExerciseError extends Error {}

export interface Variant {
  index: number;
  seed: number;
  hidden: boolean;
  fixture: Fixture | undefined;
}

/** A self-test: an accepted solution, or a rejected one with the check it must fail. */
export interface SelfTest {
  file: string;
  source: string;
  fails?: string;
}

export interface Exercise {
  dir: string;
  manifest: Manifest;
  prompt: { zh: string; en: string };
  starter: string | undefined;
  reference: string | undefined;
  variants: Variant[];
  accept: SelfTest[];
  reject: SelfTest[];
}

/**
 * An exercise pack as data: its manifest and the files it names (prompts, starter, reference,
 * fixtures as JSON with their bodies inlined, `accept/` and `reject/` solutions). A folder in
 * `exercises/` and an exercise authored through the API are the same thing in this shape.
 */
export const PackSchema = z
  .object({
    manifest: ManifestSchema,
    files: z.record(
      z
        .string()
        .max(200)
        .regex(
          /^(?!\.\.?(\/|$))(?!.*\/\.\.?(\/|$))[\w.-]+(\/[\w.-]+)*$/,
          'a file name is a relative path of letters, digits, . _ and - (no . or .. parts)',
        ),
      z.string().max(2_000_000),
    ),
  })
  .strict();
export type Pack = z.infer<typeof PackSchema>;

/** `// fails: timing` (programs), `# fails: output` (predictions) or `"fails": "answers"` (choices). */
function failsOf(file: string, source: string): string | undefined {
  if (file.endsWith('.json')) {
    const fails = (JSON.parse(source) as { fails?: unknown }).fails;
    return typeof fails === 'string' ? fails : undefined;
  }
  return /^\s*(?:\/\/|#)\s*fails:\s*([a-z-]+)/.exec(source)?.[1];
}

function selfTests(pack: Pack, kind: 'accept' | 'reject', where: string): SelfTest[] {
  return Object.keys(pack.files)
    .filter((file) => file.startsWith(`${kind}/`) && /\.(ts|txt|json)$/.test(file))
    .sort()
    .map((file) => {
      const source = pack.files[file] as string;
      const fails = kind === 'reject' ? failsOf(file, source) : undefined;
      if (kind === 'reject' && !fails) {
        throw new ExerciseError(
          `${join(where, file)}: a reject must name the check it fails on its first line ("// fails: timing")`,
        );
      }
      return { file, source, ...(fails ? { fails } : {}) };
    });
}

/** Builds an exercise from a pack; `where` names it in messages (its folder, or `api:<slug>`). */
export function exerciseFromPack(pack: Pack, where: string): Exercise {
  const { manifest } = pack;
  const file = (name: string): string => {
    const text = pack.files[name];
    if (text === undefined) throw new ExerciseError(`${join(where, name)}: file not found (named in exercise.json)`);
    return text;
  };
  const fixture = (name: string): Fixture => {
    let data: unknown;
    try {
      data = JSON.parse(file(name));
    } catch (error) {
      throw new ExerciseError(`${join(where, name)}: ${error instanceof Error ? error.message : String(error)}`);
    }
    const parsed = FixtureSchema.safeParse(data);
    if (!parsed.success) {
      throw new ExerciseError(`fixture ${join(where, name)} is invalid:\n${z.prettifyError(parsed.error)}`);
    }
    return parsed.data;
  };
  return {
    dir: where,
    manifest,
    prompt: { zh: file(manifest.prompt.zh), en: file(manifest.prompt.en) },
    starter: manifest.starter === undefined ? undefined : file(manifest.starter),
    reference: manifest.reference === undefined ? undefined : file(manifest.reference),
    variants: manifest.variants.map((variant, index) => ({
      index,
      seed: variant.seed,
      hidden: variant.hidden,
      fixture: variant.fixture === undefined ? undefined : fixture(variant.fixture),
    })),
    accept: selfTests(pack, 'accept', where),
    reject: selfTests(pack, 'reject', where),
  };
}

/**
 * Reads a pack folder: `exercise.json`, the files it names, fixtures with their body files
 * inlined (so a pack is self-contained), and `accept/` and `reject/`.
 */
export function packFromDir(dir: string): Pack {
  const manifestPath = join(dir, 'exercise.json');
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(manifestPath, 'utf8'));
  } catch (error) {
    throw new ExerciseError(`${manifestPath}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = ManifestSchema.safeParse(data);
  if (!parsed.success) throw new ExerciseError(`${manifestPath} is invalid:\n${z.prettifyError(parsed.error)}`);
  const manifest = parsed.data;
  if (manifest.slug !== basename(dir)) {
    throw new ExerciseError(`${manifestPath}: slug '${manifest.slug}' must match its folder '${basename(dir)}'`);
  }
  const files: Record<string, string> = {};
  const named = [manifest.prompt.zh, manifest.prompt.en, manifest.starter, manifest.reference];
  for (const name of named) {
    if (name === undefined) continue;
    const path = join(dir, name);
    if (!existsSync(path)) throw new ExerciseError(`${path}: file not found (named in exercise.json)`);
    files[name] = readFileSync(path, 'utf8');
  }
  for (const { fixture } of manifest.variants) {
    if (fixture === undefined) continue;
    try {
      files[fixture] = JSON.stringify(loadFixtureFile(join(dir, fixture)));
    } catch (error) {
      throw new ExerciseError(error instanceof Error ? error.message : String(error));
    }
  }
  for (const kind of ['accept', 'reject']) {
    const folder = join(dir, kind);
    if (!existsSync(folder)) continue;
    for (const name of readdirSync(folder).filter((f) => /\.(ts|txt|json)$/.test(f))) {
      files[`${kind}/${name}`] = readFileSync(join(folder, name), 'utf8');
    }
  }
  return { manifest, files };
}

/** Reads and validates one exercise pack folder. */
export function loadExercise(dir: string): Exercise {
  return exerciseFromPack(packFromDir(dir), dir);
}

/** Every exercise pack folder under `root`, in course order of their slugs' folders. */
export function exerciseDirs(root = EXERCISES_DIR): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .map((name) => join(root, name))
    .filter((path) => statSync(path).isDirectory() && existsSync(join(path, 'exercise.json')))
    .sort();
}

/** Finds an exercise by slug in `root`. */
export function findExercise(slug: string, root = EXERCISES_DIR): Exercise {
  const dir = join(root, slug);
  if (!/^[a-z0-9-]+$/.test(slug) || !existsSync(join(dir, 'exercise.json'))) {
    throw new ExerciseError(`no exercise '${slug}' in ${root}`);
  }
  return loadExercise(dir);
}
