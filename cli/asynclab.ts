/**
 * The `asynclab` command line (SPEC §5).
 *   asynclab run FILE.ts [--json] [--seed N] [--fixture FIXTURE.json] [--exercise SLUG [--variant N]]
 *   asynclab grade --exercise SLUG FILE [--json]
 *   asynclab check [DIR]
 *   asynclab serve
 *   asynclab worker
 *   asynclab make-teacher EMAIL
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { EXERCISES_DIR, ExerciseError, exerciseDirs, findExercise, loadExercise } from '../grader/exercise.ts';
import { Grader } from '../grader/grade.ts';
import { selfTest, submissionFor } from '../grader/selftest.ts';
import { FixtureError, loadFixtureFile } from '../sandbox/host/fixtures.ts';
import { closeSandbox, runProgram } from '../sandbox/host/index.ts';
import type { RunOptionsInput } from '../sandbox/result.ts';
import { ConfigError, loadConfig } from '../server/config.ts';
import { formatGrade, formatRunResult } from './format.ts';

const USAGE = `usage:
  asynclab run FILE.ts [--json] [--seed N] [--fixture FIXTURE.json] [--exercise SLUG [--variant N]]
  asynclab grade --exercise SLUG FILE [--json]
  asynclab check [DIR]
  asynclab serve                 the web service (settings from the environment: PORT, DATABASE_URL, …)
  asynclab worker                a grading worker: takes submissions from REDIS_URL's queue
  asynclab make-teacher EMAIL    lets an account create classes and write exercises`;

class UsageError extends Error {}

function readSource(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

function integer(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n)) throw new UsageError(`--${name} must be an integer, got '${value}'`);
  return n;
}

/** Loads an exercise, turning a missing or broken pack into a usage error. */
function exercise(slug: string) {
  try {
    return findExercise(slug);
  } catch (error) {
    if (error instanceof ExerciseError) throw new UsageError(error.message);
    throw error;
  }
}

async function runCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      seed: { type: 'string' },
      fixture: { type: 'string' },
      exercise: { type: 'string' },
      variant: { type: 'string' },
    },
  });
  const [file, ...extra] = positionals;
  if (!file || extra.length > 0) throw new UsageError(USAGE);
  const options: RunOptionsInput = { seed: integer(values.seed, 'seed', 0) };
  if (values.exercise !== undefined) {
    const { variants, manifest } = exercise(values.exercise);
    const index = integer(values.variant, 'variant', 0);
    const variant = variants[index];
    if (!variant) throw new UsageError(`${manifest.slug} has variants 0 to ${variants.length - 1}, not ${index}`);
    options.seed = values.seed === undefined ? variant.seed : options.seed;
    if (variant.fixture) options.fixture = variant.fixture;
  } else if (values.variant !== undefined) {
    throw new UsageError('--variant needs --exercise');
  }
  if (values.fixture !== undefined) {
    try {
      options.fixture = loadFixtureFile(values.fixture);
    } catch (error) {
      if (error instanceof FixtureError) throw new UsageError(error.message);
      throw error;
    }
  }
  const result = await runProgram(readSource(file), options);
  process.stdout.write(values.json ? `${JSON.stringify(result, null, 2)}\n` : formatRunResult(result));
  return result.status === 'ok' ? 0 : result.status === 'compile-error' ? 2 : 1;
}

async function gradeCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { json: { type: 'boolean', default: false }, exercise: { type: 'string' } },
  });
  const [file, ...extra] = positionals;
  if (!file || extra.length > 0 || values.exercise === undefined) throw new UsageError(USAGE);
  const pack = exercise(values.exercise);
  let submission;
  try {
    submission = submissionFor(file, readSource(file));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (submission.kind !== pack.manifest.kind) {
    const expected = { code: 'a .ts program', predict: 'a .txt prediction', choice: 'a .json answer file' }[
      pack.manifest.kind
    ];
    throw new UsageError(`${pack.manifest.slug} is a ${pack.manifest.kind} exercise: submit ${expected}`);
  }
  const grade = await new Grader(runProgram).grade(pack, submission);
  process.stdout.write(values.json ? `${JSON.stringify(grade, null, 2)}\n` : formatGrade(grade));
  return !grade.gradable ? 2 : grade.passed ? 0 : 1;
}

async function checkCommand(args: string[]): Promise<number> {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  if (positionals.length > 1) throw new UsageError(USAGE);
  const root = positionals[0] ? resolve(positionals[0]) : EXERCISES_DIR;
  const dirs = exerciseDirs(root);
  if (dirs.length === 0) throw new UsageError(`no exercise packs (folders with exercise.json) in ${root}`);
  const grader = new Grader(runProgram);
  // Packs are checked concurrently; the sandbox pool bounds how many programs run at once.
  const reports = await Promise.all(
    dirs.map(async (dir) => {
      try {
        return { dir, problems: await selfTest(grader, loadExercise(dir)) };
      } catch (error) {
        if (!(error instanceof ExerciseError)) throw error;
        return { dir, problems: [error.message] };
      }
    }),
  );
  let broken = 0;
  for (const { dir, problems } of reports) {
    const name = dir.slice(root.length + 1);
    if (problems.length === 0) {
      process.stdout.write(`ok     ${name}\n`);
      continue;
    }
    broken++;
    process.stdout.write(
      `FAILED ${name}\n${problems.map((p) => `       - ${p.replace(/\n/g, '\n         ')}`).join('\n')}\n`,
    );
  }
  process.stdout.write(`${dirs.length - broken} of ${dirs.length} exercises sound\n`);
  return broken === 0 ? 0 : 1;
}

/** Starts the web service; it runs until SIGINT or SIGTERM. */
async function serveCommand(args: string[]): Promise<number | 'serving'> {
  if (args.length > 0) throw new UsageError(USAGE);
  const config = loadConfig();
  // The service's dependencies load only for the commands that need them.
  const { serve } = await import('../server/server.ts');
  try {
    await serve({ config });
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
      throw new UsageError(
        `cannot listen on ${config.HOST}:${config.PORT} (${code}): set PORT or HOST to another value`,
      );
    }
    throw error;
  }
  return 'serving';
}

/** Starts a grading worker; it runs until SIGINT or SIGTERM. */
async function workerCommand(args: string[]): Promise<number | 'serving'> {
  if (args.length > 0) throw new UsageError(USAGE);
  const config = loadConfig();
  const { runWorker } = await import('../server/grading/worker.ts');
  await runWorker(config);
  return 'serving';
}

async function makeTeacherCommand(args: string[]): Promise<number> {
  const [email, ...extra] = args;
  if (!email || extra.length > 0) throw new UsageError(USAGE);
  const config = loadConfig();
  const { migrate, openDatabase } = await import('../server/db/client.ts');
  const { setRole } = await import('../server/modules/users/service.ts');
  await migrate(config.DATABASE_URL);
  const db = await openDatabase(config.DATABASE_URL);
  try {
    const user = await setRole(db, 'cli', { email: email.toLowerCase() }, 'teacher');
    process.stdout.write(`${user.email} is now a teacher\n`);
    return 0;
  } catch (error) {
    // No such account, or the last admin: a message, not a stack trace.
    const status = (error as { statusCode?: number }).statusCode;
    if (status === 404 || status === 409) throw new UsageError((error as Error).message);
    throw error;
  } finally {
    await db.$disconnect();
  }
}

async function main(argv: string[]): Promise<number | 'serving'> {
  const [command, ...args] = argv;
  try {
    switch (command) {
      case 'run':
        return await runCommand(args);
      case 'grade':
        return await gradeCommand(args);
      case 'check':
        return await checkCommand(args);
      case 'serve':
        return await serveCommand(args);
      case 'worker':
        return await workerCommand(args);
      case 'make-teacher':
        return await makeTeacherCommand(args);
      case undefined:
      case '--help':
      case '-h':
        process.stdout.write(`${USAGE}\n`);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command '${command}'\n${USAGE}`);
    }
  } catch (error) {
    const usage = error instanceof UsageError || error instanceof ConfigError;
    if (usage || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`asynclab: ${(error as Error).message}\n`);
      return 2;
    }
    throw error;
  } finally {
    await closeSandbox();
  }
}

const status = await main(process.argv.slice(2));
if (status !== 'serving') process.exitCode = status;
