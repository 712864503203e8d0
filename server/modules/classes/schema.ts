import { z } from 'zod';
import { MistakeSchema } from '../../../grader/grade-schema.ts';
import { IdSchema, NameSchema, SlugSchema, Timestamp } from '../../schemas.ts';
import { ProgressStatusSchema } from '../exercises/schema.ts';

export const ClassBody = z.object({ name: NameSchema }).strict();
export const JoinBody = z
  .object({
    code: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z0-9]{8}$/, 'a join code is 8 letters and digits'),
  })
  .strict();
export const AssignmentBody = z.object({ exercise: SlugSchema, dueAt: Timestamp }).strict();
export const ClassParams = z.object({ id: IdSchema }).strict();

export const AssignmentSchema = z.object({
  id: z.string(),
  exercise: z.string(),
  title: z.object({ zh: z.string(), en: z.string() }),
  dueAt: Timestamp,
});

export const ClassSchema = z.object({
  id: z.string(),
  name: z.string(),
  teacher: z.object({ id: z.string(), name: z.string() }),
  /** Only for the class's teacher and admins. */
  joinCode: z.string().nullable(),
  members: z.number().int(),
  assignments: z.array(AssignmentSchema),
  createdAt: Timestamp,
});
export type ClassView = z.infer<typeof ClassSchema>;
export const ClassListSchema = z.array(ClassSchema);

export const MemberSchema = z.object({ id: z.string(), name: z.string(), email: z.string(), joinedAt: Timestamp });
export const MembersSchema = z.array(MemberSchema);

const MistakeShareSchema = z.object({ mistake: MistakeSchema, learners: z.number().int(), share: z.number() });

/** One learner on one exercise. */
export const CellSchema = z.object({
  status: ProgressStatusSchema,
  attempts: z.number().int(),
  bestScore: z.number().nullable(),
  /** When the learner first passed, and how many attempts it took. */
  firstPassedAt: Timestamp.nullable(),
  attemptsToPass: z.number().int().nullable(),
  mistakes: z.array(MistakeSchema),
});
export type Cell = z.infer<typeof CellSchema>;

/** The class's graded submissions on one UTC day, and how many of them passed. */
export const ActivityDaySchema = z.object({
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  submissions: z.number().int(),
  passed: z.number().int(),
});
export type ActivityDay = z.infer<typeof ActivityDaySchema>;

export const ProgressReportSchema = z.object({
  exercises: z.array(
    z.object({ slug: z.string(), title: z.object({ zh: z.string(), en: z.string() }), dueAt: Timestamp.nullable() }),
  ),
  learners: z.array(
    z.object({ id: z.string(), name: z.string(), email: z.string(), cells: z.record(z.string(), CellSchema) }),
  ),
  /** Per exercise: how many learners tried and passed, the median attempts, and their mistakes. */
  summary: z.record(
    z.string(),
    z.object({
      tried: z.number().int(),
      passed: z.number().int(),
      passRate: z.number(),
      medianAttempts: z.number().nullable(),
      mistakes: z.array(MistakeShareSchema),
    }),
  ),
  /** Submissions over time: every day from the first to the last submission, quiet days as zeros. */
  activity: z.array(ActivityDaySchema),
});
export type ProgressReport = z.infer<typeof ProgressReportSchema>;
