import type { Grade } from '../grader/grade-schema.ts';
import type { RunResult } from '../sandbox/result.ts';

/** The human-readable form of a RunResult: each event with its virtual time and task, then
 * the diagnostics. */
export function formatRunResult(result: RunResult): string {
  const lines: string[] = [];
  const taskWidth = Math.max(4, ...result.events.map((e) => (e.task ?? '').length));
  for (const event of result.events) {
    const time = `[${event.t.toFixed(3).padStart(7)}s]`;
    const who = (event.task ?? (event.thread === 'main' ? '' : event.thread)).padEnd(taskWidth);
    const stream = event.stream === 'stderr' ? ' (stderr)' : '';
    for (const text of event.text.split('\n')) lines.push(`${time} ${who}  ${text}${stream}`);
  }
  const at = (line?: number, column?: number): string =>
    line ? ` (line ${line}${column ? `, column ${column}` : ''})` : '';
  for (const d of result.diagnostics ?? []) lines.push(`compile error${at(d.line, d.column)}: ${d.message}`);
  for (const w of result.warnings) lines.push(`warning${at(w.line)}: ${w.message}`);
  if (result.deadlock) {
    lines.push(result.deadlock.message);
    for (const task of result.deadlock.tasks) lines.push(`  ${task.task} waits for ${task.awaits}${at(task.line)}`);
  } else if (result.limit) {
    lines.push(`stopped: ${result.limit.message}`);
  } else if (result.error) {
    lines.push(`error${at(result.error.line, result.error.column)}: ${result.error.type}: ${result.error.message}`);
  }
  lines.push(`status ${result.status} · elapsed ${result.elapsed.toFixed(3)} s (simulated)`);
  return `${lines.join('\n')}\n`;
}

/** The human-readable form of a grade, in English like the rest of the command line: score,
 * each check, the feedback and the diff. */
export function formatGrade(grade: Grade): string {
  const lines: string[] = [];
  if (!grade.gradable) {
    lines.push(`${grade.exercise}: not gradable`, grade.feedback.en);
    for (const d of grade.diagnostics ?? []) lines.push(`  line ${d.line}, column ${d.column}: ${d.message}`);
    return `${lines.join('\n')}\n`;
  }
  lines.push(`${grade.exercise}: ${grade.passed ? 'passed' : 'failed'} · score ${Math.round(grade.score * 100)}%`);
  for (const check of grade.checks)
    lines.push(`  ${check.passed ? '✓' : '✗'} ${check.name}${check.passed ? '' : `: ${check.message.en}`}`);
  lines.push('', grade.feedback.en);
  if (grade.diff && grade.diff.firstDivergence !== null) {
    lines.push('', 'expected | yours');
    const time = (t: number | null): string => (t === null ? '' : `${Number(t.toFixed(6))}s`.padStart(8));
    for (const [i, line] of grade.diff.lines.entries()) {
      const mark = { same: ' ', moved: '~', missing: '-', extra: '+' }[line.op];
      const pointer = i === grade.diff.firstDivergence ? ' <- first difference' : '';
      lines.push(`${mark} ${time(line.expected).padEnd(8)} ${time(line.actual).padEnd(8)}  ${line.text}${pointer}`);
    }
  }
  for (const run of grade.runs)
    if (run.hidden) lines.push(`hidden variant ${run.variant}: ${run.passed ? 'passed' : 'failed'}`);
  return `${lines.join('\n')}\n`;
}
