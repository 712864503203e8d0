import { readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { z } from 'zod';
import { type Fixture, FixtureSchema, MAX_BODY_BYTES } from '../fixture.ts';

/** A fixture file that cannot be used, with every problem named by its field. */
export class FixtureError extends Error {}

/**
 * Reads a fixture file (JSON). A body given as `{ "file": "cn.gif" }` is read from the
 * fixture's folder (or below it) and carried as base64, so the sandbox gets the bytes and
 * never a path.
 */
export function loadFixtureFile(file: string): Fixture {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new FixtureError(`cannot read fixture ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = FixtureSchema.safeParse(inlineBodyFiles(data, file));
  if (!parsed.success) throw new FixtureError(`fixture ${file} is invalid:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

function inlineBodyFiles(data: unknown, file: string): unknown {
  if (typeof data !== 'object' || data === null) return data;
  const base = resolve(dirname(file));
  const fixture = data as Record<string, unknown>;
  for (const section of ['hosts', 'urls']) {
    const responses = fixture[section];
    if (typeof responses !== 'object' || responses === null) continue;
    for (const [key, response] of Object.entries(responses as Record<string, unknown>)) {
      const body = (response as { body?: unknown } | null)?.body;
      if (typeof body !== 'object' || body === null || typeof (body as { file?: unknown }).file !== 'string') continue;
      const path = resolve(base, (body as { file: string }).file);
      const problem = (message: string): FixtureError =>
        new FixtureError(`fixture ${file} is invalid: ${section}[${JSON.stringify(key)}].body.file: ${message}`);
      // Fixture data reaches learners: it may not read the host's files beside the exercise.
      const inside = relative(base, path);
      if (inside.split(sep)[0] === '..' || isAbsolute(inside)) throw problem(`${path} is outside the fixture's folder`);
      const stat = statSync(path, { throwIfNoEntry: false });
      if (!stat?.isFile()) throw problem(`file not found: ${path}`);
      const size = stat.size;
      if (size > MAX_BODY_BYTES) throw problem(`a body may have at most ${MAX_BODY_BYTES} bytes (${path} has ${size})`);
      (response as { body: unknown }).body = { base64: readFileSync(path).toString('base64') };
    }
  }
  return data;
}
