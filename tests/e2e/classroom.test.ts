import { expect, test } from 'vitest';
import { signUp, useBrowser } from './support.ts';

const e2e = useBrowser();

test('a teacher opens a class, a learner joins it by code and sees the assignment (issue 6)', async () => {
  const teacher = await e2e.newPage();
  await signUp(teacher, 'Tess');
  await teacher.goto('/classes');
  await teacher.getByLabel('Class name').fill('Async 101');
  await teacher.getByRole('button', { name: 'Create class' }).click();
  const code = (await teacher.locator('strong.code').first().textContent())?.trim() ?? '';
  expect(code).toMatch(/^[A-Z2-9]{8}$/);
  await teacher.getByLabel('Exercise').selectOption('convert-to-37-style');
  await teacher.getByLabel('due').fill('2026-12-01T12:00');
  await teacher.getByRole('button', { name: 'Assign' }).click();
  await teacher.getByRole('link', { name: /Convert to the Python 3\.7\+ style/ }).waitFor();

  const learner = await e2e.newPage({ width: 768, height: 1024 });
  await signUp(learner, 'Lee');
  await learner.getByLabel('Join code').fill(code);
  await learner.getByRole('button', { name: 'Join' }).click();
  const item = learner.getByRole('listitem').filter({ hasText: 'Convert to the Python 3.7+ style' });
  await expect.poll(() => item.textContent()).toMatch(/due/);
  await e2e.screenshot(learner, 'catalogue-tablet');

  // The interface in Chinese, remembered across reloads.
  await learner.getByLabel('Language').selectOption('zh');
  await learner.reload();
  await learner.getByRole('heading', { name: '练习' }).waitFor();
});
