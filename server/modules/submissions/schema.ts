import { z } from 'zod';
import { GradeSchema, LocalisedTextSchema, MistakeSchema, SubmissionSchema } from '../../../grader/grade-schema.ts';
import { IdSchema, SlugSchema, Timestamp } from '../../schemas.ts';

export const SubmissionStatusSchema = z.enum(['queued', 'grading', 'graded', 'error']);

export const SubmissionBody = SubmissionSchema;

/** A submission with its grade once it has one. */
export const SubmissionViewSchema = z.object({
  id: z.string(),
  exercise: z.string(),
  version: z.number().int(),
  userId: z.string(),
  submission: SubmissionSchema,
  status: SubmissionStatusSchema,
  passed: z.boolean().nullable(),
  score: z.number().nullable(),
  mistake: MistakeSchema.nullable(),
  /** Why grading failed (status error): not the learner's fault; the submission can be re-graded. */
  error: z.string().nullable(),
  grade: GradeSchema.nullable(),
  createdAt: Timestamp,
  gradedAt: Timestamp.nullable(),
  gradingMs: z.number().int().nullable(),
});
export type SubmissionView = z.infer<typeof SubmissionViewSchema>;

/** In lists: everything but the grade's runs and diff, which can be large. */
export const SubmissionListSchema = z.array(
  SubmissionViewSchema.omit({ grade: true }).extend({ feedback: LocalisedTextSchema.nullable() }),
);

export const WaitQuery = z
  .object({
    /** Hold the request up to this many seconds until the grade is stored. */
    wait: z.coerce.number().min(0).max(30).default(0),
  })
  .strict();

export const HistoryQuery = z
  .object({
    exercise: SlugSchema.optional(),
    user: IdSchema.optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();
