import { expect, test } from 'vitest';
import { timedLines } from '../lesson/traces.ts';
import { signUp, useBrowser } from './support.ts';

const e2e = useBrowser();

test('a teacher writes a choice exercise in the browser, goes back to an earlier version, and publishes it; a learner answers it (issue 6)', async () => {
  // The first account is the admin, who may author.
  const teacher = await e2e.newPage();
  await signUp(teacher, 'Ada');
  await teacher.goto('/author/new');
  await teacher.getByLabel('Kind').selectOption('choice');
  await teacher.getByLabel('Slug').fill('pick-one');
  await teacher.getByLabel('Title (English)').fill('Pick one');
  await teacher.getByLabel('Title (Chinese)').fill('选一个');
  await teacher.getByLabel('Prompt (English, Markdown)').fill('# Pick one\n\nAnswer the **question**.');
  await teacher.getByLabel('Prompt (Chinese, Markdown)').fill('# 选一个\n\n回答**问题**。');
  await teacher.getByLabel('Show the prompts as learners see them').check();
  await teacher.getByRole('region', { name: 'Prompt (English, Markdown)' }).getByText('question').waitFor();

  // One question, two options: a) is right.
  const question = teacher.getByRole('group', { name: 'Question 1', exact: true });
  await question.getByLabel('Question (English, Markdown)').fill('Does `await` on a done future yield?');
  await question.getByLabel('Question (Chinese, Markdown)').fill('`await` 一个已完成的 future 会让出控制权吗？');
  for (const [id, en, zh, why] of [
    ['a', 'No', '不会', 'It returns its result at once.'],
    ['b', 'Yes', '会', 'Only a pending future suspends the task.'],
  ] as const) {
    const option = teacher.getByRole('group', { name: `Question 1, option ${id}` });
    await option.getByLabel('Option (English)').fill(en);
    await option.getByLabel('Option (Chinese)').fill(zh);
    await option.getByLabel('Explanation shown after answering (English)').fill(why);
    await option.getByLabel('Explanation shown after answering (Chinese)').fill(`${zh}：${why}`);
  }
  expect(
    await teacher.getByRole('group', { name: 'Question 1, option a' }).getByLabel('Right answer').isChecked(),
  ).toBe(true);

  // The self-test: one accepted and one rejected set of answers.
  await teacher
    .getByRole('group', { name: 'Accepted solutions' })
    .getByRole('button', { name: 'Add solution' })
    .click();
  await teacher
    .getByLabel(/^Answers, one per question/)
    .first()
    .fill('["a"]');
  await teacher
    .getByRole('group', { name: 'Rejected solutions' })
    .getByRole('button', { name: 'Add solution' })
    .click();
  await teacher
    .getByLabel(/^Answers, one per question/)
    .nth(1)
    .fill('["b"]');
  await teacher.getByRole('button', { name: 'Preview' }).click();
  await teacher.getByText(/Ready to publish/).waitFor({ timeout: 30_000 });
  await e2e.screenshot(teacher, 'authoring-choice');
  await teacher.getByRole('button', { name: 'Save' }).click();
  await teacher.getByRole('status').filter({ hasText: 'Saved version 1' }).waitFor({ timeout: 30_000 });
  expect(new URL(teacher.url()).pathname).toBe('/author/edit/pick-one');

  // A second version with another title; the version picker shows the first one again.
  await teacher.getByLabel('Title (English)').fill('Pick the one');
  await teacher.getByRole('button', { name: 'Save' }).click();
  await teacher.getByRole('status').filter({ hasText: 'Saved version 2' }).waitFor({ timeout: 30_000 });
  await teacher.getByLabel('Version shown').selectOption('1');
  await expect.poll(() => teacher.getByLabel('Title (English)').inputValue()).toBe('Pick one');
  await teacher.getByRole('button', { name: 'Publish version 1' }).click();
  await teacher.getByRole('status').filter({ hasText: 'Published version 1' }).waitFor({ timeout: 30_000 });

  // The learner gets version 1: one answer per question, so radio buttons; then the explanation.
  const learner = await e2e.newPage();
  await signUp(learner, 'Lin');
  await learner.getByRole('link', { name: /Pick one/ }).click();
  await learner.getByText('Choose the one option you think is right.').waitFor();
  expect(await learner.getByRole('checkbox').count()).toBe(0);
  await learner.getByRole('radio', { name: /Yes/ }).check();
  await learner.getByRole('radio', { name: /No/ }).check();
  expect(await learner.getByRole('radio', { name: /Yes/ }).isChecked()).toBe(false);
  await learner.getByRole('button', { name: 'Submit' }).click();
  await expect.poll(() => learner.locator('.headline').textContent(), { timeout: 30_000 }).toMatch(/passed/);
  await expect.poll(() => learner.locator('main').innerText()).toMatch(/It returns its result at once/);
});

test('a learner predicts by putting the given lines in order with the keyboard, and passes (issue 6)', async () => {
  const learner = await e2e.newPage();
  await signUp(learner, 'Pat');
  await learner.goto('/exercises/create-task-order');
  await learner.getByRole('radio', { name: 'Put the given lines in order' }).check();

  const up = (text: string) => learner.getByRole('button', { name: `Move “${text}” up` });
  const order = () => learner.locator('ol.ordered code').allInnerTexts();
  const printed = timedLines('create-task-order');
  expect([...(await order())].sort()).toEqual(printed.map(([, text]) => text).sort());

  // Each line is moved up with Enter: the keyboard stays on the line it moves.
  for (const [, text] of printed) {
    await up(text).focus();
    for (
      let moves = 0;
      moves < 10 && (await order()).indexOf(text) !== printed.findIndex(([, t]) => t === text);
      moves++
    ) {
      await learner.keyboard.press('Enter');
    }
  }
  expect(await order()).toEqual(printed.map(([, text]) => text));
  for (const [time, text] of printed) await learner.getByLabel(`Time, in seconds, of “${text}”`).fill(time);
  await e2e.screenshot(learner, 'predict-in-order');

  await learner.getByRole('button', { name: 'Submit' }).click();
  await expect.poll(() => learner.locator('.headline').textContent(), { timeout: 30_000 }).toMatch(/passed/);
  // The prediction is the draft in the written form too.
  await learner.getByRole('radio', { name: 'Write the lines' }).check();
  expect(await learner.getByRole('textbox', { name: /^Your prediction:/ }).inputValue()).toBe(
    printed.map((p) => p.join(' ')).join('\n'),
  );
});
