import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { loadConfig } from '../../server/config.ts';
import { buildServer } from '../../server/server.ts';

/** Screenshots the browser tests save, for people to look at. */
export const SCREENSHOTS = join(import.meta.dirname, '../../test-results/screenshots');

export interface E2E {
  base: string;
  browser: Browser;
  /** A fresh browser context (its own cookies and storage) at the given viewport. */
  newPage(viewport?: { width: number; height: number }): Promise<Page>;
  screenshot(page: Page, name: string): Promise<void>;
}

/** The real service on a fresh SQLite database, listening on a free port, and Debian's Chromium. */
export function useBrowser(): E2E {
  const e2e = {} as E2E;
  let app: FastifyInstance | undefined;
  beforeAll(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'asynclab-e2e-'));
    const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'warn', PORT: '0' });
    app = await buildServer({ config });
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
    });
    mkdirSync(SCREENSHOTS, { recursive: true });
    Object.assign(e2e, {
      base: address,
      browser,
      newPage: async (viewport = { width: 1280, height: 800 }) => {
        const context = await browser.newContext({ viewport, baseURL: address });
        const page = await context.newPage();
        // A step that cannot happen fails in seconds, naming what it waited for.
        page.setDefaultTimeout(10_000);
        return page;
      },
      screenshot: async (page: Page, name: string) => {
        await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
      },
    });
  }, 120_000);
  afterAll(async () => {
    await e2e.browser?.close();
    await app?.close();
  });
  return e2e;
}

/** Signs up through the form (the first account on the database becomes the admin). */
export async function signUp(page: Page, name: string): Promise<void> {
  await page.goto('/signup');
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Email').fill(`${name.toLowerCase()}@example.com`);
  await page.getByLabel('Password').fill('correct horse battery');
  await page.getByRole('button', { name: 'Sign up' }).click();
  await page.getByRole('heading', { name: 'Exercises' }).waitFor();
}

/**
 * What sticks out past the right edge of the window and makes the page scroll sideways: the
 * outermost such elements, as `tag.class`; none when the layout fits. Elements inside a box that
 * scrolls or clips on its own (a wide table in its scroller) do not count.
 */
export function overflowing(page: Page): Promise<string[]> {
  // Evaluated in the page (the tests' own types have no DOM).
  return page.evaluate<string[]>(`(() => {
    const root = document.documentElement;
    if (root.scrollWidth <= root.clientWidth) return [];
    const clips = (el) => el !== root && el !== document.body && getComputedStyle(el).overflowX !== 'visible';
    const found = [];
    for (const el of document.body.querySelectorAll('*')) {
      if (el.getBoundingClientRect().right <= root.clientWidth + 1) continue;
      let up = el.parentElement, clipped = false, outer = true;
      for (; up && up !== document.body; up = up.parentElement) {
        if (clips(up)) clipped = true;
        if (up.getBoundingClientRect().right > root.clientWidth + 1) outer = false;
      }
      if (!clipped && outer) found.push(el.tagName.toLowerCase() + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : ''));
    }
    return found.length > 0 ? found.slice(0, 5) : ['(the page is wider than the window)'];
  })()`);
}

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * The page's accessibility problems by axe-core's WCAG 2.1 A and AA rules, as `rule: element`
 * lines; none when the page passes.
 */
export async function accessibilityProblems(page: Page): Promise<string[]> {
  // Evaluated as the browser's own tooling evaluates code, so the page's CSP does not stop it.
  if (!(await page.evaluate<boolean>('typeof window.axe === "object"'))) await page.evaluate(AXE);
  return page.evaluate<string[]>(`(async () => {
    const { violations } = await axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] });
    return violations.flatMap((v) => v.nodes.map((n) => v.id + ': ' + n.target.join(' ') + ' (' + n.failureSummary.split('\\n').slice(1).join(' ').trim() + ')'));
  })()`);
}
