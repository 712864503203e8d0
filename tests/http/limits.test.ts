import { describe, expect, test } from 'vitest';
import { type Client, useApp } from './support.ts';

const t = useApp({ env: { RATE_LIMIT_AUTH: '3', RATE_LIMIT_RUN: '2', RATE_LIMIT_SUBMIT: '2' } });
const program = "import * as asyncio from 'asyncio';\nasyncio.run(asyncio.sleep(1));";

describe('rate limits and security headers (issue 5)', () => {
  let learner: Client;

  test('logging in is limited per address: the fourth attempt in a minute is 429 with Retry-After', async () => {
    await t.signUp('Admin');
    learner = await t.signUp('Lee');
    const client = t.client();
    const attempt = () => client.post('/api/auth/login', { email: 'lee@example.com', password: 'wrong password' });
    for (let i = 0; i < 3; i++) expect((await attempt()).statusCode).toBe(401);
    const limited = await attempt();
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.json()).toMatchObject({ code: 'RATE_LIMITED', message: expect.stringMatching(/at most 3 per/) });
  });

  test('free runs and submissions are limited per account', async () => {
    expect((await learner.post('/api/run', { source: program })).statusCode).toBe(200);
    expect((await learner.post('/api/run', { source: program })).statusCode).toBe(200);
    expect((await learner.post('/api/run', { source: program })).statusCode).toBe(429);
    const submit = () => learner.post('/api/exercises/concepts-quiz/submissions', { kind: 'choice', answers: [] });
    expect((await submit()).statusCode).toBe(202);
    expect((await submit()).statusCode).toBe(202);
    const before = await t.app.db.submission.count();
    expect((await submit()).statusCode).toBe(429);
    expect(await t.app.db.submission.count()).toBe(before);
  });

  test('answers carry security headers; the API documentation is served at /docs', async () => {
    const response = await t.client().get('/api/health');
    expect(response.headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'SAMEORIGIN',
      'strict-transport-security': expect.stringMatching(/max-age=/),
    });
    expect(response.headers['content-security-policy']).toMatch(/script-src 'self'/);
    const docs = await t.client().get('/docs/');
    expect(docs.statusCode).toBe(200);
    expect(docs.headers['content-type']).toMatch(/text\/html/);
  });

  test('page paths get the front end (built on install); API paths never do; answers are compressed', async () => {
    const page = await t.client().get('/exercises/convert-to-37-style');
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.body).toContain('<title>Async Lab</title>');
    const script = /<script>([\s\S]*?)<\/script>/.exec(page.body)?.[1] ?? '';
    const hash = (await import('node:crypto')).createHash('sha256').update(script).digest('base64');
    expect(page.headers['content-security-policy']).toContain(`'sha256-${hash}'`);
    expect((await t.client().get('/')).body).toContain('<title>Async Lab</title>');
    expect((await t.client().get('/api/no-such-thing')).json()).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
    const compressed = await t
      .client()
      .request({ method: 'GET', url: '/api/exercises', headers: { 'accept-encoding': 'gzip' } });
    expect(compressed.headers['content-encoding']).toBe('gzip');
  });
});
