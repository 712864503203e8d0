import { z } from 'zod';

/** Schemas every module uses. */

/** A moment in time: an ISO 8601 string on the wire, a Date in the service. */
export const Timestamp = z.codec(z.iso.datetime({ offset: true }), z.date(), {
  decode: (text) => new Date(text),
  encode: (date) => date.toISOString(),
});

/** Ids are cuids: letters, digits, - and _ (anything else cannot name a row). */
export const IdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[\w-]+$/, 'an id is letters, digits, - and _');

/** A name people type: no control characters (PostgreSQL text cannot hold NUL). */
export const NameSchema = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[^\p{Cc}]*$/u, 'must not contain control characters');
export const IdParams = z.object({ id: IdSchema }).strict();
export const SlugSchema = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'a slug is lower-case words joined by hyphens')
  .max(80);
export const SlugParams = z.object({ slug: SlugSchema }).strict();

export const RoleSchema = z.enum(['learner', 'teacher', 'admin']);
export type Role = z.infer<typeof RoleSchema>;

/** Every error answer: what went wrong, for people (`message`) and programs (`code`). */
export const ErrorSchema = z.object({
  statusCode: z.number().int(),
  code: z.string(),
  error: z.string(),
  message: z.string(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});

/** Response schemas for the error statuses a route can answer with (400 is always possible). */
export function errors<const S extends number>(...statuses: S[]): Record<400 | S, typeof ErrorSchema> {
  return Object.fromEntries([400, ...statuses].map((status) => [status, ErrorSchema])) as Record<
    400 | S,
    typeof ErrorSchema
  >;
}

export const OkSchema = z.object({ ok: z.literal(true) });
