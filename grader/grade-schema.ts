import { z } from 'zod';
import { CompileDiagnosticSchema, RunResultSchema } from '../sandbox/result.ts';

/** The grade of one submission (SPEC §4): data, never an exception. */

/** A text for the learner in both languages of the interface, as manifests carry theirs. */
export const LocalisedTextSchema = z.object({ zh: z.string(), en: z.string() });
export type LocalisedText = z.infer<typeof LocalisedTextSchema>;

/** A text written when it came in one language only (older grades, check messages of older packs). */
export const inBothLanguages = (text: string): LocalisedText => ({ zh: text, en: text });

export const CheckResultSchema = z.object({
  name: z.string(),
  passed: z.boolean(),
  weight: z.number(),
  message: LocalisedTextSchema,
});
export type CheckResult = z.infer<typeof CheckResultSchema>;

/** A line of the expected-versus-actual diff of output events. */
export const DiffLineSchema = z.object({
  op: z.enum(['same', 'missing', 'extra', 'moved']),
  text: z.string(),
  expected: z.number().nullable(),
  actual: z.number().nullable(),
});
export type DiffLine = z.infer<typeof DiffLineSchema>;

export const VisibleRunSchema = z.object({
  variant: z.number().int(),
  hidden: z.literal(false),
  passed: z.boolean(),
  result: RunResultSchema,
  reference: RunResultSchema,
});
export const HiddenRunSchema = z.object({ variant: z.number().int(), hidden: z.literal(true), passed: z.boolean() });

/** What went wrong, as a category a class dashboard can count ("42% ran the awaits sequentially"). */
export const MistakeSchema = z.enum([
  'compile-error',
  'deadlock',
  'timeout',
  'limit',
  'crash',
  'never-awaited',
  'blocking-call',
  'sequential-awaits',
  'reordered',
  'missing-output',
  'extra-output',
  'style',
  'hidden-variant',
  'wrong-output',
  'wrong-timing',
  'warnings',
  'wrong-files',
  'wrong-answer',
]);
export type Mistake = z.infer<typeof MistakeSchema>;

export const GradeSchema = z.object({
  exercise: z.string(),
  gradable: z.boolean(),
  passed: z.boolean(),
  score: z.number().min(0).max(1),
  checks: z.array(CheckResultSchema),
  feedback: LocalisedTextSchema,
  /** Null when the submission passed. */
  mistake: MistakeSchema.nullable(),
  diagnostics: z.array(CompileDiagnosticSchema).optional(),
  diff: z.object({ firstDivergence: z.number().int().nullable(), lines: z.array(DiffLineSchema) }).optional(),
  runs: z.array(z.union([VisibleRunSchema, HiddenRunSchema])),
});
export type Grade = z.infer<typeof GradeSchema>;

/**
 * A grade as the database holds it. It was a Grade when it was stored, so only its texts are
 * read again (a grade's runs can be large, and answers are checked on the way out anyway):
 * grades stored before their texts came in both languages have plain English strings, and each
 * stands for both languages.
 */
const StoredText = z.union([LocalisedTextSchema, z.string().transform(inBothLanguages)]);
export const StoredGradeSchema = z.looseObject({
  checks: z.array(z.looseObject({ message: StoredText })),
  feedback: StoredText,
});
export const readStoredGrade = (json: string): Grade => StoredGradeSchema.parse(JSON.parse(json)) as unknown as Grade;

/** What a learner hands in, by exercise kind. */
export const SubmissionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('code'), source: z.string().max(100_000) }).strict(),
  z.object({ kind: z.literal('predict'), text: z.string().max(100_000) }).strict(),
  z
    .object({
      kind: z.literal('choice'),
      answers: z.array(z.union([z.string().max(100), z.array(z.string().max(100)).max(100)])).max(100),
    })
    .strict(),
]);
export type Submission = z.infer<typeof SubmissionSchema>;
