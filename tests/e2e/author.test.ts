import { expect, test } from 'vitest';
import { overflowing, signUp, useBrowser } from './support.ts';

const e2e = useBrowser();

test('a teacher writes an exercise from the template, previews, saves and publishes it; a learner opens it (issue 6)', async () => {
  // The first account is the admin, who may author.
  const teacher = await e2e.newPage();
  await signUp(teacher, 'Ada');
  await teacher.getByRole('link', { name: 'Author', exact: true }).click();
  await teacher.getByRole('heading', { name: 'Author exercises' }).waitFor();
  await teacher.getByRole('link', { name: /Convert to the Python 3\.7\+ style/ }).waitFor();
  await teacher.getByRole('link', { name: 'New exercise' }).click();

  // The form starts from the example exercise, with its slug and titles cleared.
  const reference = teacher.getByRole('textbox', { name: 'Reference solution', exact: true });
  await expect.poll(() => reference.innerText()).toMatch(/asyncio\.run/);
  expect(await teacher.getByLabel('Slug').inputValue()).toBe('');
  await teacher.getByLabel('Slug').fill('my-first-exercise');
  await teacher.getByLabel('Title (English)').fill('My first exercise');
  await teacher.getByLabel('Title (Chinese)').fill('我的第一个练习');
  expect(await teacher.getByLabel('Check it fails').count()).toBeGreaterThan(0);

  // Preview: the reference on every variant (its trace and timeline) and the self-test.
  await teacher.getByRole('button', { name: 'Preview' }).click();
  await teacher.getByText(/Ready to publish/).waitFor({ timeout: 30_000 });
  await teacher
    .getByRole('img', { name: /Variant 1/ })
    .first()
    .waitFor();
  await e2e.screenshot(teacher, 'authoring');
  // Nothing wider than the window at 1280×800 or 768×1024.
  expect(await overflowing(teacher)).toEqual([]);
  await teacher.setViewportSize({ width: 768, height: 1024 });
  expect(await overflowing(teacher)).toEqual([]);
  await e2e.screenshot(teacher, 'authoring-768');
  await teacher.setViewportSize({ width: 1280, height: 800 });

  // Save creates version 1 (unpublished); Publish runs the self-test and publishes it.
  await teacher.getByRole('button', { name: 'Save' }).click();
  await teacher.getByRole('status').filter({ hasText: 'Saved version 1' }).waitFor({ timeout: 30_000 });
  expect(new URL(teacher.url()).pathname).toBe('/author/edit/my-first-exercise');
  await teacher.getByRole('button', { name: 'Publish' }).click();
  await teacher.getByRole('status').filter({ hasText: 'Published version 1' }).waitFor({ timeout: 30_000 });

  // Reloaded, the form shows the saved exercise.
  await teacher.reload();
  await expect.poll(() => teacher.getByLabel('Title (English)').inputValue()).toBe('My first exercise');

  // A learner finds it in the catalogue and opens it.
  const learner = await e2e.newPage();
  await signUp(learner, 'Lin');
  await learner.getByRole('link', { name: /My first exercise/ }).click();
  await learner.getByRole('heading', { name: /My first exercise/ }).waitFor();
  await expect.poll(() => learner.locator('main').innerText()).toMatch(/asyncio/);
});
