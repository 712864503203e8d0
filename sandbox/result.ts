import { z } from 'zod';
import { FixtureSchema } from './fixture.ts';

/**
 * The RunResult contract (SPEC §2.6): what one run of a program produces. The runtime inside
 * the isolate emits it with transpiled-JavaScript positions; the host parses it with these
 * schemas and rewrites every position to the learner's TypeScript line and column.
 */

export const PositionSchema = z.object({
  line: z.number().int().positive(),
  column: z.number().int().positive(),
});
export type Position = z.infer<typeof PositionSchema>;

export const OutputEventSchema = z.object({
  t: z.number().nonnegative(),
  text: z.string(),
  stream: z.enum(['stdout', 'stderr']),
  task: z.string().nullable(),
  thread: z.string(),
});
export type OutputEvent = z.infer<typeof OutputEventSchema>;

export const WarningKindSchema = z.enum([
  'never-awaited',
  'unretrieved-exception',
  'pending-destroyed',
  'blocking-call',
  'callback-exception',
]);
export type WarningKind = z.infer<typeof WarningKindSchema>;

export const WarningSchema = z.object({
  kind: WarningKindSchema,
  message: z.string(),
  t: z.number().nonnegative(),
  line: z.number().int().positive().optional(),
  column: z.number().int().positive().optional(),
});
export type Warning = z.infer<typeof WarningSchema>;

export const FrameSchema = z.object({
  name: z.string(),
  line: z.number().int().positive(),
  column: z.number().int().positive(),
});

export const RunErrorSchema = z.object({
  type: z.string(),
  message: z.string(),
  line: z.number().int().positive().optional(),
  column: z.number().int().positive().optional(),
  traceback: z.array(FrameSchema).optional(),
});
export type RunError = z.infer<typeof RunErrorSchema>;

export const LimitKindSchema = z.enum(['cpu', 'memory', 'virtual-time', 'output', 'callbacks']);
export type LimitKind = z.infer<typeof LimitKindSchema>;

export const DeadlockSchema = z.object({
  message: z.string(),
  tasks: z.array(
    z.object({
      task: z.string(),
      awaits: z.string(),
      line: z.number().int().positive().optional(),
      column: z.number().int().positive().optional(),
    }),
  ),
});
export type Deadlock = z.infer<typeof DeadlockSchema>;

export const SpanSchema = z.object({
  /** await: a task waiting (between two steps of it), with what it waits for in `detail`. */
  kind: z.enum(['task', 'await', 'timer', 'blocking', 'executor', 'network', 'database']),
  name: z.string(),
  detail: z.string().optional(),
  start: z.number().nonnegative(),
  end: z.number().nonnegative().nullable(),
  state: z.enum(['done', 'cancelled', 'error', 'pending']),
  /** network and database: who made the request, as output events name their writer. */
  task: z.string().nullable().optional(),
  thread: z.string().optional(),
});
export type Span = z.infer<typeof SpanSchema>;

export const CompileDiagnosticSchema = z.object({
  message: z.string(),
  line: z.number().int().positive(),
  column: z.number().int().positive(),
});
export type CompileDiagnostic = z.infer<typeof CompileDiagnosticSchema>;

export const RunStatusSchema = z.enum(['ok', 'error', 'deadlock', 'timeout', 'limit', 'compile-error']);
export type RunStatus = z.infer<typeof RunStatusSchema>;

export const RunResultSchema = z.object({
  status: RunStatusSchema,
  elapsed: z.number().nonnegative(),
  events: z.array(OutputEventSchema),
  warnings: z.array(WarningSchema),
  error: RunErrorSchema.optional(),
  limit: z.object({ kind: LimitKindSchema, message: z.string() }).optional(),
  deadlock: DeadlockSchema.optional(),
  diagnostics: z.array(CompileDiagnosticSchema).optional(),
  timeline: z.array(SpanSchema),
  files: z.record(z.string(), z.string()),
  // Only what the program determines: a measured CPU time would make two runs differ.
  stats: z.object({
    callbacks: z.number().int().nonnegative(),
    tasks: z.number().int().nonnegative(),
  }),
});
export type RunResult = z.infer<typeof RunResultSchema>;

/** What the runtime hands the host: a RunResult, flagged when a diagnostic lacks its source
 * line because the run outgrew its budget of recorded sites (the host replays it). */
export const RuntimeOutputSchema = RunResultSchema.extend({ sitesMissing: z.literal(true).optional() });
export type RuntimeOutput = z.infer<typeof RuntimeOutputSchema>;

/** Limits of one run; every field has a default so callers name only what they change. */
export const RunLimitsSchema = z.object({
  cpuMs: z.number().int().positive().default(2000),
  memoryMb: z.number().int().min(8).default(64),
  virtualSeconds: z.number().positive().default(3600),
  outputBytes: z.number().int().positive().default(1_000_000),
  callbacksPerInstant: z.number().int().positive().default(1_000_000),
});
export type RunLimits = z.infer<typeof RunLimitsSchema>;

export const RunOptionsSchema = z.object({
  seed: z.number().int().default(0),
  /** The simulated network and databases (SPEC §2.4). */
  fixture: FixtureSchema.optional(),
  limits: RunLimitsSchema.default(RunLimitsSchema.parse({})),
});
export type RunOptions = z.infer<typeof RunOptionsSchema>;
export type RunOptionsInput = z.input<typeof RunOptionsSchema>;
