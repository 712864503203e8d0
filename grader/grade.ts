import { createHash } from 'node:crypto';
import type { OutputEvent, RunOptionsInput, RunResult } from '../sandbox/result.ts';
import { emptyResult } from '../sandbox/host/results.ts';
import { runCheck, type Verdict } from './checks.ts';
import { type Exercise, ExerciseError, type Variant } from './exercise.ts';
import { capitalise, diffEvents, recogniseMistake } from './feedback.ts';
import {
  type CheckResult,
  type Grade,
  inBothLanguages,
  type LocalisedText,
  type Mistake,
  type Submission,
} from './grade-schema.ts';
import type { Check, CheckName } from './manifest.ts';

/** Runs a program in the sandbox (a SandboxPool's `run`, or `runProgram`). */
export type Runner = (source: string, options: RunOptionsInput) => Promise<RunResult>;

/** Predictions are compared line by line and to the microsecond (CURRICULUM: 1e-6). */
const PREDICT_CHECKS: Check[] = [
  { type: 'output', order: 'exact', weight: 1 },
  { type: 'timing', tolerance: 1e-6, elapsed: 'ignore', events: true, weight: 1 },
];

const HIDDEN_FAILURE: LocalisedText = {
  zh: '在一个隐藏变体上没有通过（时长、延迟或随机种子与示例不同）',
  en: 'fails on a hidden variant (other durations, latencies or seed than the example)',
};

const PASSED: LocalisedText = { zh: '通过', en: 'passed' };

/** A check's message: the exercise's template, if any, around what went wrong. */
function checkMessage(check: Check, detail: LocalisedText): LocalisedText {
  const given = check.message ?? '{detail}';
  const template = typeof given === 'string' ? inBothLanguages(given) : given;
  // A function as replacement keeps a `$` in the detail (program output) as it is.
  return {
    zh: template.zh.replace('{detail}', () => detail.zh),
    en: template.en.replace('{detail}', () => detail.en),
  };
}

/**
 * Grades submissions (SPEC §4): runs the submission and the reference in separate isolates on
 * every variant and applies the exercise's checks. Reference runs are cached by content, so
 * an exercise's reference runs once per version and variant.
 */
export class Grader {
  readonly run: Runner;
  private readonly references = new Map<string, Promise<RunResult>>();

  constructor(run: Runner) {
    this.run = run;
  }

  async grade(exercise: Exercise, submission: Submission): Promise<Grade> {
    const { manifest } = exercise;
    if (submission.kind !== manifest.kind) {
      throw new ExerciseError(`${manifest.slug} is a ${manifest.kind} exercise; got a ${submission.kind} submission`);
    }
    if (submission.kind === 'choice') return gradeChoice(exercise, submission.answers);
    if (submission.kind === 'predict') return this.gradePrediction(exercise, submission.text);
    return this.gradeProgram(exercise, submission.source);
  }

  /** The reference's run on a variant; a reference that does not end normally is a broken exercise. */
  reference(exercise: Exercise, variant: Variant): Promise<RunResult> {
    const source = exercise.reference ?? '';
    const key = createHash('sha256')
      .update(source)
      .update(JSON.stringify([variant.seed, variant.fixture]))
      .digest('hex');
    let cached = this.references.get(key);
    if (!cached) {
      cached = this.run(source, options(variant)).then(
        (result) => {
          if (result.status !== 'ok') {
            this.references.delete(key);
            throw new ExerciseError(
              `the reference of ${exercise.manifest.slug} (variant ${variant.index}) ends with ${result.status}: ${result.error?.message ?? result.deadlock?.message ?? ''}`,
            );
          }
          return result;
        },
        (error: unknown) => {
          // A sandbox that failed is not a broken exercise: the next grading runs the reference again.
          this.references.delete(key);
          throw error;
        },
      );
      this.references.set(key, cached);
    }
    return cached;
  }

  private async gradeProgram(exercise: Exercise, source: string): Promise<Grade> {
    const runs = await Promise.all(
      exercise.variants.map(async (variant) => {
        const [actual, expected] = await Promise.all([
          this.run(source, options(variant)),
          this.reference(exercise, variant),
        ]);
        return { variant, actual, expected };
      }),
    );
    const compileError = runs.find((r) => r.actual.status === 'compile-error');
    if (compileError) return notGradable(exercise, compileError.actual);
    return assemble(exercise, exercise.manifest.checks, runs, source);
  }

  private async gradePrediction(exercise: Exercise, text: string): Promise<Grade> {
    const parsed = parsePrediction(text);
    if ('error' in parsed) {
      return { ...notGradable(exercise, emptyResult('compile-error')), feedback: parsed.error, diagnostics: [] };
    }
    const variant = exercise.variants[0] as Variant;
    const expected = await this.reference(exercise, variant);
    const predicted: RunResult = { ...emptyResult('ok'), events: parsed.events, elapsed: expected.elapsed };
    const checks = exercise.manifest.checks.length > 0 ? exercise.manifest.checks : PREDICT_CHECKS;
    return assemble(exercise, checks, [{ variant, actual: predicted, expected }], '');
  }
}

function options(variant: Variant): RunOptionsInput {
  return { seed: variant.seed, ...(variant.fixture ? { fixture: variant.fixture } : {}) };
}

interface VariantRun {
  variant: Variant;
  actual: RunResult;
  expected: RunResult;
}

function assemble(exercise: Exercise, checks: Check[], runs: VariantRun[], source: string): Grade {
  const verdicts = runs.map((run) => checks.map((check) => runCheck(check, run.actual, run.expected, source)));
  const results: CheckResult[] = checks.map((check, c) => {
    const failures = runs
      .map((run, r) => ({ run, verdict: verdicts[r]![c] as Verdict }))
      .filter((x) => !x.verdict.passed);
    const visible = failures.find((f) => !f.run.variant.hidden);
    return {
      name: check.type,
      passed: failures.length === 0,
      weight: check.weight,
      message: failures.length === 0 ? PASSED : checkMessage(check, visible ? visible.verdict.detail : HIDDEN_FAILURE),
    };
  });
  const total = results.reduce((sum, r) => sum + r.weight, 0);
  const score = total === 0 ? 1 : results.reduce((sum, r) => sum + (r.passed ? r.weight : 0), 0) / total;
  const passed = results.every((r) => r.passed);
  const firstVisible = runs.find((run) => !run.variant.hidden);
  const outputOrder =
    checks.find((c): c is Extract<Check, { type: 'output' }> => c.type === 'output')?.order ?? 'exact';
  return {
    exercise: exercise.manifest.slug,
    gradable: true,
    passed,
    score,
    checks: results,
    ...(passed
      ? { feedback: { zh: '所有检查都通过了。', en: 'All checks passed.' }, mistake: null }
      : feedbackFor(exercise, runs, results, outputOrder)),
    ...(firstVisible ? { diff: diffEvents(firstVisible.expected.events, firstVisible.actual.events) } : {}),
    runs: runs.map((run, r) => {
      const ok = (verdicts[r] as Verdict[]).every((v) => v.passed);
      return run.variant.hidden
        ? { variant: run.variant.index, hidden: true as const, passed: ok }
        : {
            variant: run.variant.index,
            hidden: false as const,
            passed: ok,
            result: run.actual,
            reference: run.expected,
          };
    }),
  };
}

function feedbackFor(
  exercise: Exercise,
  runs: VariantRun[],
  results: CheckResult[],
  order: 'exact' | 'same-time-any-order' | 'multiset',
): { feedback: LocalisedText; mistake: Mistake } {
  for (const run of runs.filter((r) => !r.variant.hidden)) {
    const recognised = recogniseMistake(run.actual, run.expected, order);
    if (recognised) return { feedback: recognised.hint, mistake: recognised.mistake };
  }
  const style = results.find((r) => r.name === 'style' && !r.passed);
  if (style) {
    return { feedback: { zh: `${style.message.zh}。`, en: `${capitalise(style.message.en)}.` }, mistake: 'style' };
  }
  if (results.some((r) => !r.passed && r.message.en === HIDDEN_FAILURE.en)) {
    return {
      mistake: 'hidden-variant',
      feedback: {
        zh: '你的程序能通过示例，但没有通过某个隐藏变体：它是否依赖了示例中确切的时长或延迟？',
        en: 'Your program passes the example but not a hidden variant: does it depend on the example\u2019s exact durations or latencies?',
      },
    };
  }
  const failed = results.find((r) => !r.passed);
  const hint = exercise.manifest.hints[0];
  return {
    feedback: {
      zh: `${failed ? `${CHECK_NAMES_ZH[failed.name as CheckName]}检查：${failed.message.zh}。` : ''}${hint ? `提示：${hint.zh}` : ''}`,
      en: `${failed ? `${failed.name}: ${failed.message.en}.` : ''}${hint ? ` Hint: ${hint.en}` : ''}`.trim(),
    },
    mistake: failed ? FAILED_CHECK_MISTAKE[failed.name as CheckName] : 'wrong-output',
  };
}

/** A check's name in a Chinese sentence (as the interface names the checks). */
const CHECK_NAMES_ZH: Record<CheckName, string> = {
  output: '输出',
  timing: '时间',
  style: '写法',
  warnings: '警告',
  files: '文件',
};

/** The category of a failure no typical mistake explains: the check that failed. */
const FAILED_CHECK_MISTAKE: Record<CheckName, Mistake> = {
  output: 'wrong-output',
  timing: 'wrong-timing',
  style: 'style',
  warnings: 'warnings',
  files: 'wrong-files',
};

function notGradable(exercise: Exercise, result: RunResult): Grade {
  const diagnostics = result.diagnostics ?? [];
  const first = diagnostics[0];
  return {
    exercise: exercise.manifest.slug,
    gradable: false,
    passed: false,
    score: 0,
    checks: [],
    feedback: first
      ? {
          zh: `你的程序无法编译：第 ${first.line} 行第 ${first.column} 列：${first.message}`,
          en: `Your program does not compile: line ${first.line}, column ${first.column}: ${first.message}`,
        }
      : { zh: '你的提交无法评分。', en: 'Your submission cannot be graded.' },
    mistake: 'compile-error',
    diagnostics,
    runs: [],
  };
}

/** A prediction, one output event per line: `<t> <text>` (e.g. `2 end task_2`); blank lines
 * and `#` comments are ignored. */
export function parsePrediction(text: string): { events: OutputEvent[] } | { error: LocalisedText } {
  const events: OutputEvent[] = [];
  const lines = text.split(/\r?\n/);
  for (const [i, line] of lines.entries()) {
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const m = /^\s*(\d+(?:\.\d+)?)(?:\s+(.*))?$/.exec(line);
    if (!m) {
      return {
        error: {
          zh: `第 ${i + 1} 行不是“<时间> <文本>”的格式（例如 '2 end task_2'）：${line}`,
          en: `Line ${i + 1} is not '<time> <text>' (for example '2 end task_2'): ${line}`,
        },
      };
    }
    events.push({ t: Number(m[1]), text: (m[2] ?? '').trimEnd(), stream: 'stdout', task: null, thread: 'main' });
  }
  return { events };
}

function gradeChoice(exercise: Exercise, answers: (string | string[])[]): Grade {
  const questions = exercise.manifest.questions ?? [];
  const explanations: LocalisedText[] = [];
  let right = 0;
  questions.forEach((question, q) => {
    const given = new Set([answers[q] ?? []].flat());
    const correct = new Set(question.options.filter((o) => o.correct).map((o) => o.id));
    const ok = given.size === correct.size && [...given].every((id) => correct.has(id));
    if (ok) right++;
    const chosen = question.options.filter((o) => given.has(o.id));
    const why = (language: keyof LocalisedText): string =>
      chosen.map((o) => `${o.id}) ${o.explanation[language]}`).join(' ');
    explanations.push({
      zh: `第 ${q + 1} 题：${ok ? '正确' : '不正确'}。${why('zh')}`,
      en: `Question ${q + 1}: ${ok ? 'right' : 'not right'}.${chosen.length > 0 ? ` ${why('en')}` : ''}`,
    });
  });
  const passed = right === questions.length;
  const extra = answers.length - questions.length;
  return {
    exercise: exercise.manifest.slug,
    gradable: true,
    passed,
    score: questions.length === 0 ? 0 : right / questions.length,
    checks: [
      {
        name: 'answers',
        passed,
        weight: 1,
        message: {
          zh: `${questions.length} 题中答对了 ${right} 题${extra > 0 ? `（多了 ${extra} 个答案）` : ''}`,
          en: `${right} of ${questions.length} questions right${extra > 0 ? ` (${extra} answers too many)` : ''}`,
        },
      },
    ],
    // One line per question: the front end shows each as a paragraph.
    feedback: {
      zh: explanations.map((e) => e.zh).join('\n'),
      en: explanations.map((e) => e.en).join('\n'),
    },
    mistake: passed ? null : 'wrong-answer',
    runs: [],
  };
}
