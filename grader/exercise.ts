import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { z } from 'zod';
import type { Fixture } from '../sandbox/fixture.ts';
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

function readPackFile(dir: string, file: string): string {
  const path = join(dir, file);
  if (!existsSync(path)) throw new ExerciseError(`${path}: file not found (named in exercise.json)`);
  return readFileSync(path, 'utf8');
}

/** `// fails: timing` (programs), `# fails: output` (predictions) or `"fails": "answers"` (choices). */
function failsOf(file: string, source: string): string | undefined {
  if (file.endsWith('.json')) {
    const fails = (JSON.parse(source) as { fails?: unknown }).fails;
    return typeof fails === 'string' ? fails : undefined;
  }
  return /^\s*(?:\/\/|#)\s*fails:\s*([a-z-]+)/.exec(source)?.[1];
}

function selfTests(dir: string, kind: 'accept' | 'reject'): SelfTest[] {
  const folder = join(dir, kind);
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((file) => /\.(ts|txt|json)$/.test(file))
    .sort()
    .map((file) => {
      const source = readFileSync(join(folder, file), 'utf8');
      const fails = kind === 'reject' ? failsOf(file, source) : undefined;
      if (kind === 'reject' && !fails) {
        throw new ExerciseError(
          `${join(folder, file)}: a reject must name the check it fails on its first line ("// fails: timing")`,
        );
      }
      return { file: join(kind, file), source, ...(fails ? { fails } : {}) };
    });
}

/** Reads and validates one exercise pack. */
export function loadExercise(dir: string): Exercise {
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
  return {
    dir,
    manifest,
    prompt: { zh: readPackFile(dir, manifest.prompt.zh), en: readPackFile(dir, manifest.prompt.en) },
    starter: manifest.starter === undefined ? undefined : readPackFile(dir, manifest.starter),
    reference: manifest.reference === undefined ? undefined : readPackFile(dir, manifest.reference),
    variants: manifest.variants.map((variant, index) => ({
      index,
      seed: variant.seed,
      hidden: variant.hidden,
      fixture: variant.fixture === undefined ? undefined : loadFixture(dir, variant.fixture),
    })),
    accept: selfTests(dir, 'accept'),
    reject: selfTests(dir, 'reject'),
  };
}

function loadFixture(dir: string, file: string): Fixture {
  try {
    return loadFixtureFile(join(dir, file));
  } catch (error) {
    throw new ExerciseError(error instanceof Error ? error.message : String(error));
  }
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
