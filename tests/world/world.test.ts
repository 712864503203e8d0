import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { type Fixture, type FixtureInput, FixtureSchema } from '../../sandbox/fixture.ts';
import { FixtureError, loadFixtureFile } from '../../sandbox/host/fixtures.ts';
import { SandboxPool } from '../../sandbox/host/pool.ts';
import type { RunResult } from '../../sandbox/result.ts';
import { trace, usePool } from '../support.ts';

// The simulated world of SPEC §2.4: executors and their threads, blocking calls, the network,
// the database and the file system, as the exercises' fixtures describe them.

const run = usePool();
const WORLD = fileURLToPath(new URL('../programs/world/', import.meta.url));
const CLI = fileURLToPath(new URL('../../cli/asynclab.ts', import.meta.url));

const program = (name: string): string => readFileSync(join(WORLD, name), 'utf8');
const worldFixture = (name: string): Fixture => loadFixtureFile(join(WORLD, name));
const fixture = (input: FixtureInput): Fixture => FixtureSchema.parse(input);

function tempFile(name: string, content: string | Buffer): string {
  const file = join(mkdtempSync(join(tmpdir(), 'asynclab-world-')), name);
  writeFileSync(file, content);
  return file;
}

/** Each event as `<t> <thread> <text>`, for programs whose threads matter. */
const threads = (result: RunResult): string[] => result.events.map((e) => `${e.t} ${e.thread} ${e.text}`);

const spans = (result: RunResult, kind: string): string[] =>
  result.timeline.filter((s) => s.kind === kind).map((s) => `${s.name} ${s.start}-${s.end} ${s.state}`);

describe('thread and process pools (concurrent.futures)', () => {
  test("the lesson's pool of two runs four one-second jobs in two waves on its two threads", async () => {
    const result = await run(program('thread-pool-submit.ts'));
    expect(result.status).toBe('ok');
    expect(threads(result)).toEqual([
      '0 main <Future at 0x1 state=running>',
      '0 main <Future at 0x2 state=running>',
      '0 main <Future at 0x3 state=pending>',
      '0 main <Future at 0x4 state=pending>',
      '1 ThreadPoolExecutor-0_0 0',
      '1 ThreadPoolExecutor-0_1 1',
      '2 ThreadPoolExecutor-0_0 2',
      '2 ThreadPoolExecutor-0_1 3',
    ]);
    expect(result.events.every((e) => e.task === null)).toBe(true);
    expect(result.elapsed).toBe(2);
  });

  test('runInExecutor awaited three ways one after another takes 6 s', async () => {
    const result = await run(program('run-in-executor-sequential.ts'));
    expect(trace(result)).toEqual([
      '2 当前方式会自动创建一个线程池去执行普通函数:  这是一个任务的返回值...',
      '4 在线程池中得到的执行结果:  这是一个任务的返回值...',
      '6 在进程池中得到的执行结果:  这是一个任务的返回值...',
    ]);
    expect(result.elapsed).toBe(6);
    expect(result.warnings).toEqual([]);
  });

  test('runInExecutor three ways gathered runs the three jobs at once on three workers: 2 s', async () => {
    const result = await run(program('run-in-executor.ts'));
    expect(trace(result)).toEqual([
      '2 default: 这是一个任务的返回值...',
      '2 thread: 这是一个任务的返回值...',
      '2 process: 这是一个任务的返回值...',
    ]);
    expect(result.elapsed).toBe(2);
    expect(spans(result, 'executor')).toEqual([
      'asyncio_0: func1() 0-2 done',
      'ThreadPoolExecutor-0_0: func1() 0-2 done',
      'ForkProcess-1: func1() 0-2 done',
    ]);
  });

  test('Future: cancel, result with a time-out, repr, done callbacks, map, wait, asCompleted and using', async () => {
    const result = await run(program('future-api.ts'));
    expect(result.status).toBe('ok');
    expect(threads(result)).toEqual([
      '0 main cancel queued: true <Future at 0x2 state=cancelled>',
      '0 main cancel running: false <Future at 0x1 state=running>',
      '0.25 main result(0.25): true 0.25',
      '1 main result(): 1 <Future at 0x1 state=finished returned int> 1',
      // A callback added before the job finishes runs on the worker, at the finish time.
      '1.5 ThreadPoolExecutor-0_0 callback: ValueError: bad input 1.5',
      '1.5 main exception(): ValueError: bad input <Future at 0x3 state=finished raised ValueError> 1.5',
      // Added to a finished future, it runs at once on the thread that adds it.
      '1.5 main late callback 1.5',
      // map submitted every call before the sleep: the results are there after it.
      '2.5 main map: 0.3 0.1 0.2 2.5',
      '3.5 main wait: 1 2 3.5',
      '3.5 main asCompleted: 1 3.5',
      '4.5 main asCompleted: 2 4.5',
      '5.5 main asCompleted: 3 5.5',
      '10.5 main asCompleted: 5 10.5',
      '11.5 main TimeoutError: 1 (of 2) futures unfinished 11.5',
      '13 main after using: 13',
    ]);
    // The 9 s job started at 5.5 s: the program ends when the pool's threads do.
    expect(result.elapsed).toBe(14.5);
  });

  test('shutdown waits for queued and running jobs, shutdown({ wait: false }) does not, cancelFutures drops the queue', async () => {
    const result = await run(`
      import * as time from 'time';
      import { ThreadPoolExecutor } from 'concurrent.futures';
      const work = (s: number) => { time.sleep(s); print('done', s); };
      const pool = new ThreadPoolExecutor({ maxWorkers: 1 });
      pool.submit(work, 1);
      pool.submit(work, 2);
      pool.shutdown();
      print('shutdown returned', time.monotonic());
      const other = new ThreadPoolExecutor({ maxWorkers: 1 });
      other.submit(work, 1);
      const queued = other.submit(work, 5);
      other.shutdown({ wait: false, cancelFutures: true });
      print('cancelled:', queued.cancelled(), time.monotonic());
      try { other.submit(work, 1); } catch (e) { print(e.name, e.message); }
    `);
    expect(trace(result)).toEqual([
      '1 done 1',
      '3 done 2',
      '3 shutdown returned 3',
      '3 cancelled: true 3',
      '3 RuntimeError cannot schedule new futures after shutdown',
      '4 done 1',
    ]);
    expect(result.elapsed).toBe(4);
  });

  test('a job that submits to its own pool and waits gets a second thread, not its own', async () => {
    const result = await run(`
      import * as time from 'time';
      import { ThreadPoolExecutor } from 'concurrent.futures';
      const pool = new ThreadPoolExecutor({ maxWorkers: 2 });
      const inner = () => { time.sleep(1); print('inner'); return 2; };
      const outer = () => { const v = pool.submit(inner).result(); time.sleep(0.5); print('outer', v); };
      pool.submit(outer);
    `);
    expect(threads(result)).toEqual(['1 ThreadPoolExecutor-0_1 inner', '1.5 ThreadPoolExecutor-0_0 outer 2']);
    expect(result.elapsed).toBe(1.5);
  });

  test('a job waiting for a job queued behind it on a one-thread pool is a deadlock, reported at once', async () => {
    const result = await run(`import { ThreadPoolExecutor } from 'concurrent.futures';
const pool = new ThreadPoolExecutor({ maxWorkers: 1 });
const outer = pool.submit(() => pool.submit(() => 1).result());
print('unreachable', outer.done());`);
    expect(result.status).toBe('deadlock');
    expect(result.events).toEqual([]);
    expect(result.deadlock).toEqual({
      message: 'deadlock: ThreadPoolExecutor-0_0 waits in Future.result() on work that nothing will complete',
      tasks: [
        {
          task: 'ThreadPoolExecutor-0_0',
          awaits: 'Future.result() on work that nothing will complete',
          line: 3,
          column: 54,
        },
      ],
    });
  });

  test('the main thread waiting for a future no job will complete is a deadlock, even inside try', async () => {
    const result = await run(`import * as cf from 'concurrent.futures';
try {
  new cf.Future().result();
} catch (e) {
  print('caught', e);
}`);
    expect(result.status).toBe('deadlock');
    expect(result.deadlock?.tasks).toMatchObject([{ task: 'MainThread', line: 3 }]);
    expect(result.events).toEqual([]);
  });

  test('submitting something that is not callable fails the job, as in CPython', async () => {
    const result = await run(`
      import { ThreadPoolExecutor } from 'concurrent.futures';
      const future = new ThreadPoolExecutor().submit(3 as never);
      print(String(future.exception()), String(future));
    `);
    expect(trace(result)).toEqual([
      "0 TypeError: 'int' object is not callable <Future at 0x1 state=finished raised TypeError>",
    ]);
  });

  test('maxWorkers must be positive', async () => {
    const result = await run(`
      import { ThreadPoolExecutor } from 'concurrent.futures';
      new ThreadPoolExecutor({ maxWorkers: 0 });
    `);
    expect(result.error).toMatchObject({ type: 'ValueError', message: 'max_workers must be greater than 0' });
  });

  test('asyncio.toThread runs on the default executor while other tasks go on; wrapFuture awaits a pool job', async () => {
    const result = await run(program('to-thread.ts'));
    expect(threads(result)).toEqual([
      '0.5 main tick 1',
      '1 asyncio_0 finished a',
      '1 main tick 2',
      '1.5 main tick 3',
      '1.5 main toThread: a 1.5',
      '1.5 main wrapped: true false true',
      '3.5 ThreadPoolExecutor-0_0 finished b',
      '3.5 main awaited: b 3.5',
      // Cancelling the wrapper cannot stop a job that is running.
      '4.5 main waitFor: true 4.5 still running: true',
      '4.5 main end 4.5',
      '6.5 ThreadPoolExecutor-0_0 finished c',
    ]);
    expect(result.elapsed).toBe(6.5);
    expect(result.warnings).toEqual([]);
  });

  test('cancelling a wrapped future cancels the queued job it wraps', async () => {
    const result = await run(`
      import * as asyncio from 'asyncio';
      import * as time from 'time';
      import { ThreadPoolExecutor } from 'concurrent.futures';
      async function main() {
        const pool = new ThreadPoolExecutor({ maxWorkers: 1 });
        pool.submit(time.sleep, 1);
        const queued = pool.submit(time.sleep, 5);
        asyncio.wrapFuture(queued).cancel();
        await asyncio.sleep(0);
        print(queued.cancelled());
      }
      asyncio.run(main());
    `);
    expect(trace(result)).toEqual(['0 true']);
    expect(result.elapsed).toBe(1);
  });

  test('runInExecutor refuses a coroutine function, with CPython message', async () => {
    const result = await run(`
      import * as asyncio from 'asyncio';
      async function job() {}
      async function main() { await asyncio.getRunningLoop().runInExecutor(null, job); }
      asyncio.run(main());
    `);
    expect(result.error).toMatchObject({
      type: 'TypeError',
      message: 'coroutines cannot be used with run_in_executor()',
    });
  });
});

describe('blocking calls on the loop', () => {
  const images = worldFixture('images.fixture.json');
  const FILES = {
    '10386.jpg': '11 bytes, sha256 23d81f6e3910a490742f0b41c4fac0a18bc9c00bd26dc0f152f1beed941aee77',
    '10792.jpg': '11 bytes, sha256 18ae2b8fe5825b31ce46b5f09d09771294f27bf744e5e8a1d14fe5fc44cb22e0',
    '10798.jpg': '11 bytes, sha256 58b7e61afc07fbb835e293c185b403224e7f1bb8f722ba3e51ce52be4d2e0216',
  };
  const url = (n: string): string => `http://pic.bizhi360.com/bbpic/${n}.jpg`;

  test('requests.get inside three coroutines runs them one after another, each warned about at its line', async () => {
    const result = await run(program('requests-blocking.ts'), { fixture: images });
    expect(trace(result)).toEqual([
      `0 开始下载: ${url('98/10798')}`,
      '0.8 下载完成',
      `0.8 开始下载: ${url('92/10792')}`,
      '2 下载完成',
      `2 开始下载: ${url('86/10386')}`,
      '2.5 下载完成',
    ]);
    expect(result.elapsed).toBe(2.5);
    expect(result.warnings.map((w) => [w.kind, w.line, w.message.replace(/^.* took /, 'took ')])).toEqual([
      ['blocking-call', 8, 'took 0.800 seconds'],
      ['blocking-call', 8, 'took 1.200 seconds'],
      ['blocking-call', 8, 'took 0.500 seconds'],
    ]);
    expect(result.files).toEqual(FILES);
  });

  test('requests.get through runInExecutor overlaps the downloads: elapsed is the slowest, no warnings', async () => {
    const result = await run(program('requests-in-executor.ts'), { fixture: images });
    expect(trace(result)).toEqual([
      `0 开始下载: ${url('98/10798')}`,
      `0 开始下载: ${url('92/10792')}`,
      `0 开始下载: ${url('86/10386')}`,
      '0.5 下载完成',
      '0.8 下载完成',
      '1.2 下载完成',
    ]);
    expect(result.elapsed).toBe(1.2);
    expect(result.warnings).toEqual([]);
    expect(result.files).toEqual(FILES);
    // Each request says which worker thread made it, for the timeline's lanes.
    const makers = result.timeline.filter((s) => s.kind === 'network').map((s) => [s.task, s.thread]);
    expect(makers).toHaveLength(3);
    expect(makers.every(([task, thread]) => task === null && /^asyncio_\d$/.test(thread ?? ''))).toBe(true);
    expect(new Set(makers.map(([, thread]) => thread)).size).toBe(3);
  });

  test('the warning names the longest blocking call of the step, not the last', async () => {
    const result = await run(
      `import * as asyncio from 'asyncio';
import * as time from 'time';
async function main() {
  time.sleep(0.5);
  time.sleep(0.05);
}
asyncio.run(main());`,
    );
    expect(result.warnings).toMatchObject([{ kind: 'blocking-call', line: 4 }]);
  });
});

describe('aiohttp and requests against the fixture', () => {
  const POP20 = 'BD BR CD CN DE EG ET FR ID IN IR JP MX NG PH PK RU TR US VN'.split(' ');
  const GIF = '6 bytes, sha256 610f5ae4d76e332636a17bd357fd6ce99029316a99d320280d4d77a746bf29e8';

  test('twenty flags arrive at their seeded latencies; elapsed is the slowest and every file is saved', async () => {
    const result = await run(program('download-flags.ts'), { fixture: worldFixture('flags.fixture.json') });
    expect(result.status).toBe('ok');
    expect(trace(result)).toEqual([
      '0.213 MX ',
      '0.427 JP ',
      '0.432 FR ',
      '0.586 BD ',
      '0.595 ID ',
      '0.712 DE ',
      '0.773 US ',
      '0.825 VN ',
      '0.834 IR ',
      '0.839 NG ',
      '0.96 BR ',
      '1.13 CN ',
      '1.14 IN ',
      '1.192 CD ',
      '1.229 PK ',
      '1.346 PH ',
      '1.381 EG ',
      '1.454 ET ',
      '1.456 TR ',
      '1.462 RU ',
      '1.462 \n20 flags downloaded in 1.46s',
    ]);
    const requests = result.timeline.filter((s) => s.kind === 'network');
    expect(requests).toHaveLength(20);
    // Each request names the task that made it, on the loop's thread: twenty tasks, one each.
    expect(requests.every((s) => s.thread === 'main' && /^Task-\d+$/.test(s.task ?? ''))).toBe(true);
    expect(new Set(requests.map((s) => s.task)).size).toBe(20);
    expect(requests.every((s) => s.start === 0 && s.end !== null && s.end >= 0.2 && s.end <= 1.5)).toBe(true);
    expect(result.elapsed).toBe(Math.max(...requests.map((s) => s.end ?? 0)));
    expect(result.files).toEqual(Object.fromEntries(POP20.map((cc) => [`${cc.toLowerCase()}.gif`, GIF])));
  });

  test('the same seed gives the same run; another seed another arrival order', async () => {
    const seeded = (seed: number): Fixture =>
      fixture({ seed, urls: { 'http://flupy.org/data/flags/*': { latency: { min: 0.2, max: 1.5 }, body: 'GIF89a' } } });
    const [first, again, other] = await Promise.all([
      run(program('download-flags.ts'), { fixture: seeded(1) }),
      run(program('download-flags.ts'), { fixture: seeded(1) }),
      run(program('download-flags.ts'), { fixture: seeded(2) }),
    ]);
    expect(again).toEqual(first);
    const codes = (r: RunResult): string[] => r.events.slice(0, 20).map((e) => e.text.trim());
    expect(codes(other)).not.toEqual(codes(first));
    expect([...codes(other)].sort()).toEqual(POP20);
    expect(other.elapsed).toBe(1.395);
    expect(other.files).toEqual(first.files);
  });

  test('errors: unknown host at once, refused and reset at their latency, never ends at the time-out, 404', async () => {
    const result = await run(program('http-errors.ts'), { fixture: worldFixture('http-errors.fixture.json') });
    expect(result.status).toBe('ok');
    expect(trace(result)).toEqual([
      '0 http://nowhere.example/ ClientConnectorError "Cannot connect to host nowhere.example:80 ssl:default [Name or service not known]" 0',
      `0.5 http://refused.example/ ClientConnectorError "Cannot connect to host refused.example:80 ssl:default [Connect call failed ('refused.example', 80)]" 0.5`,
      '0.75 http://reset.example/ ServerDisconnectedError "Server disconnected" 0.75',
      // The session's ClientTimeout(total=3), then the request's own total=1.
      '3.75 http://never.example/ asyncio.TimeoutError "" 3.75',
      '4.75 http://never.example/ asyncio.TimeoutError "" 4.75',
      `4.85 http://api.example/missing ClientResponseError "404, message='Not Found', url='http://api.example/missing'" 4.85`,
      '5.05 http://api.example/items 200 {"items":["a","b","c"]} 5.05',
      // Session and request used as async context managers.
      '5.25 read 23 bytes',
      "7.25 ReadTimeout true HTTPConnectionPool(host='never.example', port=80): Read timed out. (read timeout=2)",
      '7.45 3',
    ]);
    expect(spans(result, 'network')).toContain('GET http://refused.example/ 0-0.5 error');
  });

  test('a server that never answers and a client without a time-out ends at the virtual-time limit', async () => {
    const result = await run(
      `import * as requests from 'requests';
requests.get('http://never.example/');`,
      { fixture: fixture({ hosts: { 'never.example': { failure: 'never' } } }), limits: { virtualSeconds: 30 } },
    );
    expect(result.status).toBe('timeout');
    expect(result.limit?.kind).toBe('virtual-time');
    expect(result.elapsed).toBe(30);
  });

  test('a server that never answers, awaited without a time-out, is a deadlock naming the request', async () => {
    const result = await run(
      `import * as aiohttp from 'aiohttp';
import * as asyncio from 'asyncio';
async function main() {
  const session = new aiohttp.ClientSession({ timeout: new aiohttp.ClientTimeout({ total: null }) });
  await session.get('http://never.example/');
}
asyncio.run(main());`,
      { fixture: fixture({ hosts: { 'never.example': { failure: 'never' } } }) },
    );
    expect(result.status).toBe('deadlock');
    expect(result.deadlock?.tasks).toEqual([
      {
        task: 'Task-1',
        awaits: 'a response to GET http://never.example/, which never comes (no time-out is set)',
        line: 5,
        column: expect.any(Number) as number,
      },
    ]);
  });

  test('a binary body read as text decodes invalid UTF-8 to U+FFFD instead of failing', async () => {
    const bytes = Buffer.from([0xf7, 0xbf, 0x41, 0xc3, 0x41, 0xe2, 0x82, 0xac, 0xed, 0xa0, 0x80, 0x5a, 0xe2, 0x82]);
    const result = await run(
      `import * as aiohttp from 'aiohttp';
import * as asyncio from 'asyncio';
import * as fs from 'fs';
import * as requests from 'requests';
async function main() {
  const response = await new aiohttp.ClientSession().get('http://a.example/flag.gif');
  print(JSON.stringify(await response.text()));
}
asyncio.run(main());
const content = requests.get('http://a.example/flag.gif').content;
fs.writeFileSync('flag.gif', content);
print(JSON.stringify(requests.get('http://a.example/flag.gif').text) === JSON.stringify(fs.readFileSync('flag.gif', 'utf8')));`,
      { fixture: fixture({ urls: { 'http://a.example/flag.gif': { body: { base64: bytes.toString('base64') } } } }) },
    );
    // What Python's bytes.decode('utf-8', 'replace') gives.
    expect(trace(result)).toEqual(['0.1 "\ufffd\ufffdA\ufffdA€\ufffd\ufffd\ufffdZ\ufffd"', '0.3 true']);
  });

  test('network error classes keep their Python names and hierarchy', async () => {
    const result = await run(`
      import * as aiohttp from 'aiohttp';
      import * as requests from 'requests';
      print(aiohttp.ClientConnectorError.name, new aiohttp.ClientConnectorError('x') instanceof aiohttp.ClientError);
      print(requests.ReadTimeout.name, new requests.ReadTimeout('x') instanceof requests.RequestException);
    `);
    expect(trace(result)).toEqual(['0 ClientConnectorError true', '0 ReadTimeout true']);
  });
});

describe('aiomysql against the fixture', () => {
  test('two hosts queried at once: rows at the reachable host latency, the other fails at connectTimeout', async () => {
    const result = await run(program('aiomysql-two-hosts.ts'), { fixture: worldFixture('mysql.fixture.json') });
    expect(trace(result)).toEqual(['0.3 127.0.0.1: [["localhost","root"],["%","app"]]', '2 40.0.0.1: connect failed']);
    expect(result.elapsed).toBe(2);
    expect(spans(result, 'database')).toEqual([
      'connect 127.0.0.1:3306 0-0.1 done',
      'SELECT Host,User FROM user 0.1-0.3 done',
      'connect 40.0.0.1:3306 0-2 error',
    ]);
  });

  test('a pool of two makes the third query wait for a release; asyncWith releases; a statement the fixture lacks is an error', async () => {
    const result = await run(program('aiomysql-pool.ts'), { fixture: worldFixture('pool.fixture.json') });
    expect(result.status).toBe('ok');
    expect(trace(result)).toEqual([
      '0.5 pool size=1 free=1 0.5',
      '0.5 acquired 1 size=1 free=0 0.5',
      '1 acquired 2 size=2 free=0 1',
      '1.5 row 1 [1,"ann"] 1.5',
      '1.5 acquired 3 size=2 free=0 1.5',
      '2 row 2 [2,"bob"] 2',
      '2.5 row 3 [3,"cy"] 2.5',
      `2.5 ProgrammingError (1064, "the exercise's database has no result for: DELETE FROM users") 2.5`,
      // asyncWith gave the connection back to the pool.
      '2.5 after release size=2 free=2',
    ]);
  });

  test('a connect that fails in a full pool lets the next waiting acquire try in turn', async () => {
    const result = await run(
      `import * as aiomysql from 'aiomysql';
import * as asyncio from 'asyncio';
async function use(pool: aiomysql.Pool, n: number) {
  try {
    await pool.acquire();
  } catch (e) {
    print('acquire', n, e.constructor.name, asyncio.getRunningLoop().time());
  }
}
async function main() {
  const pool = await aiomysql.createPool({ host: 'down', minsize: 0, maxsize: 1, connectTimeout: 1 });
  await asyncio.gather(use(pool, 1), use(pool, 2));
}
asyncio.run(main());`,
      { fixture: fixture({ databases: { down: { failure: 'never' } } }) },
    );
    expect(result.status).toBe('ok');
    expect(trace(result)).toEqual(['1 acquire 1 OperationalError 1', '2 acquire 2 OperationalError 2']);
  });

  test('execute interpolates a list of arguments or one value, quoting strings', async () => {
    const result = await run(
      `import * as aiomysql from 'aiomysql';
import * as asyncio from 'asyncio';
async function main() {
  const cur = await (await aiomysql.connect({ host: 'db' })).cursor();
  const rows = await cur.execute('SELECT * FROM t WHERE name = %s AND id = %s', ["o'neil", 7]);
  print(rows, JSON.stringify(await cur.fetchall()));
  print(await cur.execute('SELECT * FROM t WHERE id = %s', 7), JSON.stringify(await cur.fetchone()), await cur.fetchone());
}
asyncio.run(main());`,
      {
        fixture: fixture({
          databases: {
            db: {
              latency: 0,
              queries: [
                { sql: "SELECT * FROM t WHERE name = 'o\\'neil' AND id = 7", latency: 0, rows: [[7, "o'neil"]] },
                { sql: 'select *  from T where ID = 7;', latency: 0.5, rows: [[7, 'x']] },
              ],
            },
          },
        }),
      },
    );
    expect(trace(result)).toEqual(['0 1 [[7,"o\'neil"]]', '0.5 1 [7,"x"] null']);
  });

  test('connect failures: unknown name at once, refused at its latency, too slow at connectTimeout', async () => {
    const result = await run(
      `import * as aiomysql from 'aiomysql';
import * as asyncio from 'asyncio';
async function main() {
  for (const [host, connectTimeout] of [['db.invalid', 5], ['refusing', 5], ['slow', 1], ['10.9.9.9', 3]] as const) {
    try {
      await aiomysql.connect({ host, connectTimeout });
    } catch (e) {
      print(e.constructor.name, e.message, asyncio.getRunningLoop().time());
    }
  }
}
asyncio.run(main());`,
      { fixture: fixture({ databases: { refusing: { failure: 'refused', latency: 0.2 }, slow: { latency: 5 } } }) },
    );
    expect(trace(result)).toEqual([
      `0 OperationalError (2005, "Unknown MySQL server host 'db.invalid' (-2)") 0`,
      `0.2 OperationalError (2003, "Can't connect to MySQL server on 'refusing' ([Errno 111] Connection refused)") 0.2`,
      `1.2 OperationalError (2003, "Can't connect to MySQL server on 'slow' (timed out)") 1.2`,
      `4.2 OperationalError (2003, "Can't connect to MySQL server on '10.9.9.9' (timed out)") 4.2`,
    ]);
  });
});

describe('the in-memory file system', () => {
  test("fs and path behave as Node's, errors included; RunResult.files lists what was saved", async () => {
    const result = await run(program('files-and-paths.ts'));
    expect(result.status).toBe('ok');
    expect(result.events.map((e) => e.text)).toEqual([
      "read missing ENOENT ENOENT: no such file or directory, open 'missing.txt'",
      "write into missing dir ENOENT ENOENT: no such file or directory, open 'out/a.txt'",
      'mkdir undefined',
      "mkdir again EEXIST EEXIST: file already exists, mkdir 'out'",
      'mkdir again, recursive undefined',
      "mkdir nested ENOENT ENOENT: no such file or directory, mkdir 'out/flags/asia'",
      'mkdir nested, recursive "out/flags"',
      'read text "héllo!"',
      'read bytes 7',
      'readdir ["flags","note.txt"]',
      "readdir of a file ENOTDIR ENOTDIR: not a directory, scandir 'out/note.txt'",
      'exists [true,true,false]',
      'basename "10798.jpg"',
      'basename without ext "cn"',
    ]);
    expect(result.files).toEqual({
      'out/flags/cn.gif': '3 bytes, sha256 76c664ef152e065922fed4727315d065b8fb1aed61015cdaef7bcfea3c58d5ab',
      'out/note.txt': '7 bytes, sha256 ffd074b78f3940eda79f83648c40912e6602be8cb395e90fb6612e7a463a4852',
    });
  });

  test('directories cannot be read, written or unlinked as files', async () => {
    const result = await run(`
      import * as fs from 'fs';
      fs.mkdirSync('d');
      fs.writeFileSync('f', 'x');
      for (const action of [() => fs.readFileSync('d'), () => fs.writeFileSync('d', 'x'), () => fs.unlinkSync('d'), () => fs.writeFileSync('f/g', 'x')]) {
        try { action(); } catch (e) { print(e.message); }
      }
    `);
    expect(result.events.map((e) => e.text)).toEqual([
      'EISDIR: illegal operation on a directory, read',
      "EISDIR: illegal operation on a directory, open 'd'",
      "EISDIR: illegal operation on a directory, unlink 'd'",
      "ENOTDIR: not a directory, open 'f/g'",
    ]);
  });
});

describe('uvloop and functools', () => {
  test('after uvloop.install() the running loop is a uvloop.Loop; partial binds a done callback', async () => {
    const result = await run(program('uvloop-install.ts'));
    expect(trace(result)).toEqual([
      '0 loop: uvloop.Loop true',
      "0 functools.partial(<function report>, 'settled:')",
      '1.5 settled: 42 1.5',
    ]);
  });

  test("the lesson's setEventLoop(new uvloop.EventLoopPolicy()) is CPython's TypeError", async () => {
    const result = await run(`
      import * as asyncio from 'asyncio';
      import * as uvloop from 'uvloop';
      asyncio.setEventLoop(new uvloop.EventLoopPolicy() as never);
    `);
    expect(result.error).toMatchObject({
      type: 'TypeError',
      message: "loop must be an instance of AbstractEventLoop or None, not 'EventLoopPolicy'",
      line: 4,
    });
  });

  test('setEventLoopPolicy(new uvloop.EventLoopPolicy()) makes asyncio.run use uvloop loops', async () => {
    const result = await run(`
      import * as asyncio from 'asyncio';
      import * as uvloop from 'uvloop';
      asyncio.setEventLoopPolicy(new uvloop.EventLoopPolicy());
      asyncio.run((async () => print(String(asyncio.getRunningLoop()).split(' ')[0]))());
    `);
    expect(trace(result)).toEqual(['0 <uvloop.Loop']);
  });
});

describe('fixtures', () => {
  test('a fixture of the wrong shape is rejected with the field named', () => {
    const parsed = FixtureSchema.safeParse({
      urls: { 'http://a.example/': { status: 'ok', latency: { min: 2, max: 1 } } },
      hosts: { 'b.example': { failure: 'explode' } },
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path.join('.')).sort()).toEqual(
      ['hosts.b.example.failure', 'urls.http://a.example/.latency.max', 'urls.http://a.example/.status'].sort(),
    );
  });

  test('a body over the limit is rejected, as a string, as base64, as JSON and as a file', () => {
    const big = 'x'.repeat(1_000_001);
    for (const body of [big, { base64: Buffer.from(big).toString('base64') }, { json: [big] }]) {
      const parsed = FixtureSchema.safeParse({ urls: { 'http://a.example/': { body } } });
      expect(parsed.error?.issues[0]?.path.slice(0, 3)).toEqual(['urls', 'http://a.example/', 'body']);
      expect(parsed.error?.issues[0]?.message).toMatch(/^a body may have at most 1000000 (characters|bytes)$/);
    }
    const dir = mkdtempSync(join(tmpdir(), 'asynclab-world-'));
    writeFileSync(join(dir, 'big.gif'), Buffer.alloc(1_000_001));
    writeFileSync(join(dir, 'fixture.json'), JSON.stringify({ urls: { 'http://a/': { body: { file: 'big.gif' } } } }));
    expect(() => loadFixtureFile(join(dir, 'fixture.json'))).toThrow(
      `urls["http://a/"].body.file: a body may have at most 1000000 bytes`,
    );
  });

  test('a body at the limit reaches the program whole', async () => {
    const result = await run(
      `import * as requests from 'requests';
print(requests.get('http://a.example/').content.length);`,
      { fixture: fixture({ urls: { 'http://a.example/': { body: 'x'.repeat(1_000_000) } } }) },
    );
    expect(trace(result)).toEqual(['0.1 1000000']);
  });

  test('loadFixtureFile names the field that is wrong, and reads body files beside the fixture only', () => {
    const bad = tempFile('bad.json', JSON.stringify({ urls: { 'http://a/': { status: 'x' } } }));
    expect(() => loadFixtureFile(bad)).toThrow(FixtureError);
    expect(() => loadFixtureFile(bad)).toThrow(
      `fixture ${bad} is invalid:\n✖ Invalid input: expected number, received string\n  → at urls["http://a/"].status`,
    );
    const outside = tempFile('f.json', JSON.stringify({ hosts: { a: { body: { file: '../../../etc/passwd' } } } }));
    expect(() => loadFixtureFile(outside)).toThrow(`hosts["a"].body.file: /etc/passwd is outside the fixture's folder`);
    const missing = tempFile('f.json', JSON.stringify({ hosts: { a: { body: { file: 'cn.gif' } } } }));
    expect(() => loadFixtureFile(missing)).toThrow('hosts["a"].body.file: file not found');
    const broken = tempFile('f.json', '{ "urls": ');
    expect(() => loadFixtureFile(broken)).toThrow(`cannot read fixture ${broken}`);
  });

  test('a body file beside the fixture reaches the program as its bytes', async () => {
    const file = tempFile(
      'fixture.json',
      JSON.stringify({ urls: { 'http://a/cn.gif': { body: { file: 'cn.gif' } } } }),
    );
    writeFileSync(join(file, '..', 'cn.gif'), Buffer.from([0x47, 0x49, 0x46, 0xff]));
    const result = await run(
      `import * as requests from 'requests';
print([...requests.get('http://a/cn.gif').content].join(' '));`,
      { fixture: loadFixtureFile(file) },
    );
    expect(trace(result)).toEqual(['0.1 71 73 70 255']);
  });

  test('asynclab run --fixture with an invalid fixture exits 2 naming the field', () => {
    const bad = tempFile('bad.json', JSON.stringify({ urls: { 'http://a/': { status: 'x' } } }));
    const cli = spawnSync(
      process.execPath,
      ['--no-node-snapshot', CLI, 'run', join(WORLD, 'download-flags.ts'), '--fixture', bad],
      { encoding: 'utf8' },
    );
    expect(cli.status).toBe(2);
    expect(cli.stdout).toBe('');
    expect(cli.stderr).toBe(
      `asynclab: fixture ${bad} is invalid:\n✖ Invalid input: expected number, received string\n  → at urls["http://a/"].status\n`,
    );
  });
});

describe('hostile programs in the simulated world', () => {
  const pool = new SandboxPool({ size: 1 });
  afterAll(() => pool.close());

  test('100,000 aiohttp requests end with a verdict in the same worker, which then runs the next program', async () => {
    const source = `import * as aiohttp from 'aiohttp';
import * as asyncio from 'asyncio';
async function fetch(session: aiohttp.ClientSession, i: number): Promise<number> {
  const response = await session.get('http://flupy.org/data/' + i);
  return response.status;
}
async function main() {
  const session = new aiohttp.ClientSession();
  const tasks = [];
  for (let i = 0; i < 100_000; i++) tasks.push(asyncio.createTask(fetch(session, i)));
  let ok = 0;
  for (const task of tasks) if ((await task) === 200) ok++;
  print(ok);
}
asyncio.run(main());`;
    await pool.run('print(1)');
    const workers = pool.workerPids;
    const result = await pool.run(source, {
      fixture: fixture({ urls: { 'http://flupy.org/data/*': { latency: { min: 0.1, max: 2 } } } }),
    });
    const verdict = { status: result.status, kind: result.limit?.kind };
    expect([{ status: 'limit', kind: 'memory' }, { status: 'timeout', kind: 'cpu' }, { status: 'ok' }]).toContainEqual(
      verdict,
    );
    if (result.status === 'ok') expect(trace(result)).toEqual(['2 100000']);
    expect(pool.workerPids).toEqual(workers);
    const next = await pool.run(program('thread-pool-submit.ts'));
    expect(next.elapsed).toBe(2);
  });
});
