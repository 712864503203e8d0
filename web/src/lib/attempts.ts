/** How an attempt (a stored submission) reads in lists: its status and the work handed in. */
import type { SubmissionList } from './api.ts';
import { i18n } from './i18n.svelte.ts';

type Attempt = SubmissionList[number];

export function attemptStatus(attempt: Attempt): string {
  if (attempt.status === 'graded') return i18n.t(attempt.passed ? 'passed' : 'failed');
  if (attempt.status === 'queued') return i18n.t('queued');
  if (attempt.status === 'grading') return i18n.t('grading');
  return i18n.t('gradingError');
}

/** The program, the prediction, or the quiz answers one question a line. */
export function attemptWork(attempt: Attempt): string {
  const work = attempt.submission;
  if (work.kind === 'code') return work.source;
  if (work.kind === 'predict') return work.text;
  return work.answers.map((a, q) => `${q + 1}. ${[a].flat().join(', ')}`).join('\n');
}

/** A score (0–1) as a whole percentage. */
export const percent = (score: number): string => `${Math.round(score * 100)}%`;
