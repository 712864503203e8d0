import { z } from 'zod';
import { WarningKindSchema } from '../sandbox/result.ts';

/**
 * An exercise pack's manifest, `exercises/<slug>/exercise.json` (SPEC §3). Strict: an unknown
 * or misspelt field is an error naming it. `npm run schema` exports it as JSON Schema for
 * editors (exercises/exercise.schema.json).
 */

const Text = z.object({ zh: z.string().min(1), en: z.string().min(1) }).strict();

const weight = z.number().positive().default(1);
/**
 * A message template shown when the check fails, in both languages; `{detail}` is replaced by
 * what went wrong. A plain string (packs written before check messages were bilingual) serves
 * both languages.
 */
const message = z.union([Text, z.string().min(1)]).optional();

export const OutputCheckSchema = z
  .object({
    type: z.literal('output'),
    /** exact: same lines in the same order; same-time-any-order: lines written at the same
     * virtual time may come in any order; multiset: same lines in any order. */
    order: z.enum(['exact', 'same-time-any-order', 'multiset']).default('exact'),
    weight,
    message,
  })
  .strict();

export const TimingCheckSchema = z
  .object({
    type: z.literal('timing'),
    /** Each line's time within this many seconds of the reference's. */
    tolerance: z.number().nonnegative().default(0.001),
    /** `equal`: elapsed within tolerance of the reference's; `{ max }`: at most `max` seconds;
     * `ignore`: only the lines' times count. */
    elapsed: z
      .union([z.literal('equal'), z.literal('ignore'), z.object({ max: z.number().positive() }).strict()])
      .default('equal'),
    /** Whether each line's time is compared (off when only elapsed matters). */
    events: z.boolean().default(true),
    weight,
    message,
  })
  .strict();

const ApiUse = z.union([
  z.string().min(1),
  z.object({ name: z.string().min(1), min: z.number().int().positive().default(1) }).strict(),
  /** Any one of several APIs (`asyncio.timeout` or `waitFor`). */
  z.object({ anyOf: z.array(z.string().min(1)).min(2) }).strict(),
]);

export const StyleCheckSchema = z
  .object({
    type: z.literal('style'),
    /** API uses that must appear (`asyncio.run`, `createTask`, `{ name: 'asyncio.sleep', min: 2 }`,
     * `{ anyOf: ['timeout', 'waitFor'] }`). */
    require: z.array(ApiUse).default([]),
    /** API uses that must not (`getEventLoop`, `time.sleep`). */
    forbid: z.array(z.string().min(1)).default([]),
    weight,
    message,
  })
  .strict();

export const WarningsCheckSchema = z
  .object({
    type: z.literal('warnings'),
    forbid: z.array(WarningKindSchema).default(['never-awaited', 'blocking-call', 'unretrieved-exception']),
    weight,
    message,
  })
  .strict();

export const FilesCheckSchema = z.object({ type: z.literal('files'), weight, message }).strict();

export const CheckSchema = z.discriminatedUnion('type', [
  OutputCheckSchema,
  TimingCheckSchema,
  StyleCheckSchema,
  WarningsCheckSchema,
  FilesCheckSchema,
]);
export type Check = z.infer<typeof CheckSchema>;
export type CheckName = Check['type'];

export const VariantSchema = z
  .object({
    seed: z.number().int().default(0),
    /** A fixture file in the pack (`fixtures/slow.json`), or none. */
    fixture: z.string().min(1).optional(),
    /** Hidden variants are graded but never shown: pass or fail only. */
    hidden: z.boolean().default(false),
  })
  .strict();

const OptionSchema = z
  .object({ id: z.string().regex(/^[a-z]$/), text: Text, correct: z.boolean(), explanation: Text })
  .strict();

export const QuestionSchema = z
  .object({
    text: Text,
    options: z.array(OptionSchema).min(2),
  })
  .strict()
  .refine((q) => q.options.some((o) => o.correct), 'a question needs at least one correct option')
  .refine((q) => new Set(q.options.map((o) => o.id)).size === q.options.length, 'option ids must be unique');

export const ManifestSchema = z
  .object({
    /** Editors find the JSON Schema through this. */
    $schema: z.string().optional(),
    slug: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'a slug is lower-case words joined by hyphens'),
    kind: z.enum(['code', 'predict', 'choice']),
    /** Where it sits in the course: the chapter's section and the exercise's place. */
    section: z
      .string()
      .min(1)
      .max(100)
      .regex(/^[^\p{Cc}]*$/u, 'must not contain control characters'),
    order: z.number().int().positive(),
    title: Text,
    /** Markdown files in the pack. */
    prompt: z.object({ zh: z.string().min(1), en: z.string().min(1) }).strict(),
    /** code: the program learners start from; predict: the program whose output they predict. */
    starter: z.string().min(1).optional(),
    /** The solution whose trace defines the expected output (code and predict). */
    reference: z.string().min(1).optional(),
    hints: z.array(Text).default([]),
    checks: z.array(CheckSchema).default([]),
    variants: z
      .array(VariantSchema)
      .min(1)
      .default([{ seed: 0, hidden: false }]),
    questions: z.array(QuestionSchema).optional(),
  })
  .strict()
  .superRefine((m, ctx) => {
    const need = (field: keyof typeof m, why: string): void => {
      if (m[field] === undefined)
        ctx.addIssue({ code: 'custom', path: [field], message: `${m.kind} exercises need ${why}` });
    };
    if (m.kind === 'choice') need('questions', 'questions');
    else need('reference', 'a reference program');
    if (m.kind === 'predict') need('starter', 'the program to predict (starter)');
    if (m.kind === 'code' && m.checks.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['checks'], message: 'code exercises need at least one check' });
    }
  });
export type Manifest = z.infer<typeof ManifestSchema>;
