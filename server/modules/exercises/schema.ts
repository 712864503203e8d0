import { z } from 'zod';
import { PackSchema } from '../../../grader/exercise.ts';
import { RunResultSchema } from '../../../sandbox/result.ts';
import { Timestamp } from '../../schemas.ts';

const Text = z.object({ zh: z.string(), en: z.string() });

export const ProgressStatusSchema = z.enum(['not-started', 'tried', 'passed']);

/** A learner's standing on one exercise. */
export const ProgressSchema = z.object({
  status: ProgressStatusSchema,
  attempts: z.number().int(),
  bestScore: z.number().nullable(),
});
export type Progress = z.infer<typeof ProgressSchema>;

export const ExerciseSummarySchema = z.object({
  slug: z.string(),
  kind: z.enum(['code', 'predict', 'choice']),
  section: z.string(),
  order: z.number().int(),
  title: Text,
  /** False only in editors' lists: the exercise has no published version yet. */
  published: z.boolean(),
  /** The signed-in learner's progress; null for anonymous visitors. */
  progress: ProgressSchema.nullable(),
});
export const ExerciseListSchema = z.array(ExerciseSummarySchema);

/**
 * What a learner sees of an exercise: never the reference, the accepted and rejected
 * solutions, a hidden variant, or which choice is correct.
 */
export const ExerciseDetailSchema = z.object({
  slug: z.string(),
  kind: z.enum(['code', 'predict', 'choice']),
  section: z.string(),
  order: z.number().int(),
  version: z.number().int(),
  title: Text,
  prompt: Text,
  starter: z.string().nullable(),
  hints: z.array(Text),
  checks: z.array(z.object({ type: z.string(), weight: z.number() })),
  /** The example variants a learner may run against (hidden ones are only counted). */
  variants: z.array(z.object({ index: z.number().int(), seed: z.number().int(), fixture: z.unknown().optional() })),
  hiddenVariants: z.number().int(),
  questions: z
    .array(
      z.object({
        text: Text,
        /** More than one option is correct (how many is not said): a learner ticks boxes, not one radio. */
        multiple: z.boolean(),
        options: z.array(z.object({ id: z.string(), text: Text })),
      }),
    )
    .nullable(),
  /**
   * Predict exercises: the lines the program prints, sorted (not in the order printed), for
   * learners who put the given lines in order rather than write them; null for other kinds,
   * or when the program could not be run just now.
   */
  lines: z.array(z.string()).nullable(),
  progress: ProgressSchema.nullable(),
});
export type ExerciseDetail = z.infer<typeof ExerciseDetailSchema>;

/** The whole pack, for the people who edit exercises. */
export const ExercisePackSchema = z.object({
  slug: z.string(),
  /** The version this pack is. */
  version: z.number().int(),
  origin: z.enum(['files', 'api']),
  latestVersion: z.number().int(),
  publishedVersion: z.number().int().nullable(),
  updatedAt: Timestamp,
  pack: PackSchema,
});

export const PackBody = PackSchema;
export const PackQuery = z.object({ version: z.coerce.number().int().positive().optional() }).strict();

/** A draft pack tried out: the reference's run on every variant, and the self-test's findings. */
export const PreviewSchema = z.object({
  variants: z.array(
    z.object({ index: z.number().int(), seed: z.number().int(), hidden: z.boolean(), result: RunResultSchema }),
  ),
  /** What `asynclab check` would say; empty when the pack is sound and can be published. */
  problems: z.array(z.string()),
});
export type Preview = z.infer<typeof PreviewSchema>;
export const PublishBody = z.object({ version: z.number().int().positive().optional() }).strict().default({});
