import { z } from 'zod';

/**
 * Fixtures: the simulated world an exercise's programs talk to (SPEC §2.4) — per-URL and
 * per-host HTTP responses, and database hosts with canned results. They are data in the
 * exercise; hidden variants change them. Durations are seconds of virtual time.
 */

export const MAX_BODY_BYTES = 1_000_000;

const Seconds = z.number().nonnegative().max(3600);

/** A fixed latency, or a range from which each URL or statement gets its own seeded value. */
export const LatencySchema = z.union([
  Seconds,
  z
    .object({ min: Seconds, max: Seconds })
    .strict()
    .refine((range) => range.min <= range.max, { message: 'min must not be greater than max', path: ['max'] }),
]);
export type Latency = z.infer<typeof LatencySchema>;

const BodySchema = z.union([
  z.string().max(MAX_BODY_BYTES, `a body may have at most ${MAX_BODY_BYTES} characters`),
  z
    .object({ json: z.json() })
    .strict()
    .refine((body) => JSON.stringify(body.json).length <= MAX_BODY_BYTES, {
      message: `a body may have at most ${MAX_BODY_BYTES} characters`,
      path: ['json'],
    }),
  z
    .object({
      base64: z
        .base64()
        .refine((text) => base64Bytes(text) <= MAX_BODY_BYTES, `a body may have at most ${MAX_BODY_BYTES} bytes`),
    })
    .strict(),
]);

/** How many bytes a base64 text decodes to (its length alone is ambiguous by up to 2). */
function base64Bytes(text: string): number {
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  return (text.length / 4) * 3 - padding;
}

export const ResponseSchema = z
  .object({
    latency: LatencySchema.default(0.1),
    status: z.number().int().min(100).max(599).default(200),
    body: BodySchema.default(''),
    headers: z.record(z.string(), z.string()).default({}),
    /** refused: connection refused; reset: dropped mid-response; timeout: the server times out
     * after `latency`; never: no answer at all (only the client's time-out ends the wait). */
    failure: z.enum(['refused', 'reset', 'timeout', 'never']).optional(),
  })
  .strict();
export type ResponseFixture = z.infer<typeof ResponseSchema>;

export const QuerySchema = z
  .object({
    /** The statement, matched after normalising whitespace and case. */
    sql: z.string().min(1),
    rows: z.array(z.array(z.unknown())).default([]),
    latency: LatencySchema.default(0.01),
    error: z.object({ code: z.number().int(), message: z.string() }).strict().optional(),
  })
  .strict();

export const DatabaseSchema = z
  .object({
    /** Time to connect. */
    latency: LatencySchema.default(0.05),
    failure: z.enum(['refused', 'never']).optional(),
    queries: z.array(QuerySchema).default([]),
  })
  .strict();
export type DatabaseFixture = z.infer<typeof DatabaseSchema>;

export const FixtureSchema = z
  .object({
    /** Seeds latency ranges: another seed gives other latencies. */
    seed: z.number().int().default(0),
    /** Responses for whole hosts (`flupy.org`), used when no URL entry matches. */
    hosts: z.record(z.string(), ResponseSchema).default({}),
    /** Responses per URL; a trailing `*` matches any rest (`http://flupy.org/data/flags/*`). */
    urls: z.record(z.string(), ResponseSchema).default({}),
    databases: z.record(z.string(), DatabaseSchema).default({}),
  })
  .strict();
export type Fixture = z.infer<typeof FixtureSchema>;
export type FixtureInput = z.input<typeof FixtureSchema>;
