import { z } from 'zod';
import { IdSchema, Timestamp } from '../../schemas.ts';

export const RegradeBody = z
  .object({
    /** Only this class's learners' submissions (required for teachers; admins may re-grade all). */
    classId: IdSchema.optional(),
  })
  .strict()
  .default({});

export const BatchSchema = z.object({
  id: z.string(),
  exercise: z.string(),
  classId: z.string().nullable(),
  /** The exercise version the submissions are graded against now. */
  version: z.number().int(),
  total: z.number().int(),
  done: z.number().int(),
  failed: z.number().int(),
  finished: z.boolean(),
  createdAt: Timestamp,
  finishedAt: Timestamp.nullable(),
});
export type BatchView = z.infer<typeof BatchSchema>;

export const DeadLettersSchema = z.array(
  z.object({
    submissionId: z.string(),
    exercise: z.string(),
    userId: z.string(),
    error: z.string().nullable(),
    failedAt: Timestamp.nullable(),
  }),
);
