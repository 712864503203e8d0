import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { type Fixture, FixtureSchema } from '../fixture.ts';

/** A fixture file that cannot be used, with every problem named by its field. */
export class FixtureError extends Error {}

/**
 * Reads a fixture file (JSON). A body given as `{ "file": "cn.gif" }` is read from beside the
 * fixture and carried as base64, so the sandbox gets the bytes and never a path.
 */
export function loadFixtureFile(file: string): Fixture {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new FixtureError(`cannot read fixture ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = FixtureSchema.safeParse(inlineBodyFiles(data, dirname(file)));
  if (!parsed.success) throw new FixtureError(`fixture ${file} is invalid:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

function inlineBodyFiles(data: unknown, base: string): unknown {
  if (typeof data !== 'object' || data === null) return data;
  const fixture = data as Record<string, unknown>;
  for (const section of ['hosts', 'urls']) {
    const responses = fixture[section];
    if (typeof responses !== 'object' || responses === null) continue;
    for (const response of Object.values(responses as Record<string, unknown>)) {
      const body = (response as { body?: unknown } | null)?.body;
      if (typeof body !== 'object' || body === null || typeof (body as { file?: unknown }).file !== 'string') continue;
      const path = resolve(base, (body as { file: string }).file);
      try {
        (response as { body: unknown }).body = { base64: readFileSync(path).toString('base64') };
      } catch {
        throw new FixtureError(`fixture body file not found: ${path}`);
      }
    }
  }
  return data;
}
