import { expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { accessibilityProblems, overflowing, signUp, useBrowser } from './support.ts';

const e2e = useBrowser();

const LAPTOP = { width: 1280, height: 800 };
const TABLET = { width: 768, height: 1024 };

/** The page as it is now: no axe-core WCAG 2.1 A/AA problem, nothing wider than a laptop's or a tablet's window. */
async function audit(page: Page, name: string): Promise<void> {
  for (const viewport of [TABLET, LAPTOP]) {
    await page.setViewportSize(viewport);
    // Charts redraw at the new width a frame or two after the window changes.
    await expect
      .poll(() => overflowing(page), { message: `${name} at ${viewport.width}×${viewport.height}` })
      .toEqual([]);
  }
  expect(await accessibilityProblems(page), name).toEqual([]);
}

test('every page passes axe-core\u2019s WCAG 2.1 AA rules and fits 1280×800 and 768×1024 (issue 6)', async () => {
  const visitor = await e2e.newPage();
  await visitor.goto('/login');
  await visitor.getByRole('button', { name: 'Log in' }).waitFor();
  await audit(visitor, 'log in');
  await visitor.goto('/signup');
  await visitor.getByRole('button', { name: 'Sign up' }).waitFor();
  await audit(visitor, 'sign up');

  // The first account is the admin: a teacher and an author.
  const teacher = await e2e.newPage();
  await signUp(teacher, 'Tess');
  await audit(teacher, 'catalogue');
  await teacher.goto('/classes');
  await teacher.getByLabel('Class name').fill('Async 101');
  await teacher.getByRole('button', { name: 'Create class' }).click();
  const code = ((await teacher.locator('strong.code').first().textContent()) ?? '').trim();
  await teacher.getByLabel('Exercise').selectOption('convert-to-37-style');
  await teacher.getByLabel('due').fill('2026-12-01T12:00');
  await teacher.getByRole('button', { name: 'Assign' }).click();
  await teacher.getByRole('link', { name: /Convert to the Python 3\.7\+ style/ }).waitFor();
  await audit(teacher, 'classes');

  const learner = await e2e.newPage();
  await signUp(learner, 'Lee');
  await learner.getByLabel('Join code').fill(code);
  await learner.getByRole('button', { name: 'Join' }).click();
  await learner.getByRole('link', { name: /Convert to the Python 3\.7\+ style/ }).click();
  await learner.getByRole('button', { name: 'Run' }).click();
  await learner
    .getByRole('img', { name: /Your run/ })
    .first()
    .waitFor({ timeout: 30_000 });
  await learner.getByRole('button', { name: 'Submit' }).click();
  await expect.poll(() => learner.locator('.headline').textContent(), { timeout: 30_000 }).toMatch(/failed/);
  await audit(learner, 'code exercise with its run and verdict');

  await learner.goto('/exercises/create-task-order');
  await learner.getByRole('radio', { name: 'Put the given lines in order' }).check();
  await audit(learner, 'predict exercise, lines to put in order');
  await learner.goto('/exercises/concepts-quiz');
  await learner.getByRole('button', { name: 'Submit' }).waitFor();
  await learner.getByRole('radio').first().check();
  await learner.getByRole('button', { name: 'Submit' }).click();
  await expect.poll(() => learner.locator('.headline').textContent(), { timeout: 30_000 }).toMatch(/failed/);
  await audit(learner, 'choice exercise with its verdict');
  await learner.getByLabel('Language').selectOption('zh');
  await learner.getByRole('heading', { name: '答案' }).waitFor();
  await audit(learner, 'choice exercise in Chinese');

  await teacher.goto('/classes');
  await teacher.getByRole('link', { name: 'Progress' }).first().click();
  await expect.poll(() => teacher.getByRole('row', { name: /Lee/ }).innerText()).toMatch(/✗ 1/);
  await audit(teacher, 'progress dashboard');
  await teacher.getByRole('link', { name: 'Lee', exact: true }).click();
  await teacher.getByRole('dialog').waitFor();
  await audit(teacher, 'a learner\u2019s attempts');
  await teacher.keyboard.press('Escape');

  await teacher.goto('/author');
  await teacher.getByRole('link', { name: /Convert to the Python 3\.7\+ style/ }).click();
  await teacher.getByRole('button', { name: 'Preview' }).click();
  await teacher.getByText(/Ready to publish/).waitFor({ timeout: 30_000 });
  await audit(teacher, 'authoring a code exercise, previewed');
  await teacher.goto('/author/edit/create-task-order');
  await teacher.getByRole('textbox', { name: 'Program to predict' }).waitFor();
  await audit(teacher, 'authoring a predict exercise');
  await teacher.goto('/author/edit/concepts-quiz');
  await teacher.getByRole('group', { name: 'Question 1', exact: true }).waitFor();
  await teacher.getByLabel('Show the prompts as learners see them').check();
  await audit(teacher, 'authoring a choice exercise');
});
