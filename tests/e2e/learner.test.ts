import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { EXERCISES_DIR } from '../../grader/exercise.ts';
import { SCREENSHOTS, signUp, useBrowser } from './support.ts';

const e2e = useBrowser();
const SLUG = 'convert-to-37-style';
const solution = readFileSync(join(EXERCISES_DIR, SLUG, 'accept/gather.ts'), 'utf8');

test('a learner fails an exercise, sees the hint and the timeline, fixes it and passes; the teacher sees it (issue 6)', async () => {
  // The first account is the admin, who may teach.
  const teacher = await e2e.newPage();
  await signUp(teacher, 'Tess');
  await teacher.goto('/classes');
  await teacher.getByLabel('Class name').fill('Async 101');
  await teacher.getByRole('button', { name: 'Create class' }).click();
  const code = ((await teacher.locator('strong.code').first().textContent()) ?? '').trim();

  const learner = await e2e.newPage();
  await signUp(learner, 'Lee');
  await learner.getByLabel('Join code').fill(code);
  await learner.getByRole('button', { name: 'Join' }).click();
  await learner.getByRole('link', { name: /Convert to the Python 3\.7\+ style/ }).click();
  await learner.getByRole('heading', { name: /Convert to the Python 3\.7\+ style/ }).waitFor();

  // The starter runs its awaits one after another: the verdict names that mistake.
  await learner.getByRole('button', { name: 'Submit' }).click();
  const verdict = learner.locator('.headline');
  await verdict.waitFor({ timeout: 30_000 });
  expect(await verdict.textContent()).toMatch(/failed/);
  await expect.poll(() => learner.locator('main').innerText()).toMatch(/Hint|style/);
  const timelines = learner.getByRole('img', { name: /Your run|Reference/ });
  await expect.poll(() => timelines.count()).toBeGreaterThanOrEqual(2);
  await e2e.screenshot(learner, 'exercise-failed');
  await timelines.first().screenshot({ path: join(SCREENSHOTS, 'timeline.png') });

  // The fix, as a draft the page restores on reload, then submitted.
  await learner.evaluate(
    ([slug, text]) => localStorage.setItem(`asynclab.draft.${slug}`, text as string),
    [SLUG, solution],
  );
  await learner.reload();
  await learner.getByRole('button', { name: 'Submit' }).click();
  await expect.poll(() => learner.locator('.headline').textContent(), { timeout: 30_000 }).toMatch(/passed/);
  await e2e.screenshot(learner, 'exercise-passed');

  // The teacher's dashboard shows the learner's two attempts and the pass.
  await teacher.goto('/classes');
  await teacher.getByRole('link', { name: 'Progress' }).first().click();
  const row = teacher.getByRole('row', { name: /Lee/ });
  await expect.poll(() => row.innerText()).toMatch(/✓ 2/);
  await expect.poll(() => teacher.locator('table.summary').innerText()).toMatch(/100%/);
  await e2e.screenshot(teacher, 'dashboard');

  // After an exercise changes, the teacher re-grades the class's submissions and watches them finish (issue 7).
  await teacher.getByRole('button', { name: /Re-grade: Convert to the Python 3\.7\+ style/ }).click();
  await expect
    .poll(() =>
      teacher
        .getByRole('status')
        .filter({ hasText: /re-graded/ })
        .textContent(),
    )
    .toMatch(/2 \/ 2\s+re-graded/);
});
