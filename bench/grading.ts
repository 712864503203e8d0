/**
 * Grading benchmark (`npm run bench`): median and p95 wall time to grade a typical submission
 * of each exercise (its first accepted solution: the submission's runs on every variant, the
 * reference's cached), against the target of 30 ms median. Machine named in the header.
 */
import os from 'node:os';
import { exerciseDirs, loadExercise } from '../grader/exercise.ts';
import { Grader } from '../grader/grade.ts';
import { submissionFor } from '../grader/selftest.ts';
import { SandboxPool } from '../sandbox/host/pool.ts';
import { percentile, table } from './report.ts';

const RUNS = 20;
const TARGET_MS = 30;

console.log('Async Lab grading benchmark');
console.log(
  `machine: ${os.availableParallelism()} cores, ${os.cpus()[0]?.model.trim() ?? 'unknown CPU'}, Node ${process.version}`,
);
console.log(`each exercise: its first accepted solution graded ${RUNS} times (reference cached), pool of 2 workers\n`);

const pool = new SandboxPool({ size: 2 });
await pool.warm();
const grader = new Grader((source, options) => pool.run(source, options));
const rows: string[][] = [];
const medians: number[] = [];
for (const dir of exerciseDirs()) {
  const exercise = loadExercise(dir);
  const accepted = exercise.accept[0];
  if (!accepted) continue;
  const submission = submissionFor(accepted.file, accepted.source);
  await grader.grade(exercise, submission); // fills the reference cache
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    const grade = await grader.grade(exercise, submission);
    samples.push(performance.now() - start);
    if (!grade.passed) throw new Error(`${exercise.manifest.slug}: ${accepted.file} does not pass`);
  }
  const median = percentile(samples, 50);
  medians.push(median);
  rows.push([
    exercise.manifest.slug,
    exercise.manifest.kind,
    String(exercise.variants.length),
    median.toFixed(1),
    percentile(samples, 95).toFixed(1),
    median <= TARGET_MS ? 'PASS' : 'FAIL',
  ]);
}
await pool.close();

table(['exercise', 'kind', 'variants', 'median ms', 'p95 ms', `≤ ${TARGET_MS} ms`], rows, 2);
const failing = rows.filter((r) => r[5] === 'FAIL').length;
console.log(
  `\n${rows.length - failing} of ${rows.length} exercises within ${TARGET_MS} ms; median of medians ${percentile(medians, 50).toFixed(1)} ms`,
);
