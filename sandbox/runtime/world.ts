import type { Fixture, Latency, ResponseFixture } from '../fixture.ts';
import { base64Decode, hashUniform, utf8Encode } from './bytes.ts';
import { getRunningLoop } from './events.ts';
import { internalFuture } from './futures.ts';
import { clock, runningOwner, secondsToNs, threadNowNs, timeline } from './state.ts';

/** The exercise's simulated world for this run (SPEC §2.4); the host validated it. */
let fixture: Fixture = { seed: 0, hosts: {}, urls: {}, databases: {} };

export function setFixture(value: Fixture | undefined): void {
  if (value) fixture = value;
}

export function currentFixture(): Fixture {
  return fixture;
}

/** A latency in seconds; a range draws one value per key (URL, statement) from the seed,
 * rounded to the millisecond, so traces read cleanly and the same seed gives the same run. */
export function latencySeconds(latency: Latency, key: string): number {
  if (typeof latency === 'number') return latency;
  const drawn = latency.min + (latency.max - latency.min) * hashUniform(`${fixture.seed}:${key}`);
  return Math.round(drawn * 1000) / 1000;
}

export interface ParsedUrl {
  scheme: string;
  host: string;
  port: number;
  path: string;
}

const URL_PATTERN = /^(https?):\/\/([^/:?#]+)(?::(\d+))?([^#]*)$/i;

export function parseUrl(url: string): ParsedUrl | null {
  const m = URL_PATTERN.exec(url);
  if (!m) return null;
  const scheme = (m[1] as string).toLowerCase();
  return {
    scheme,
    host: (m[2] as string).toLowerCase(),
    port: m[3] ? Number(m[3]) : scheme === 'https' ? 443 : 80,
    path: m[4] || '/',
  };
}

/** The fixture's response for a URL: the exact URL, else the longest matching `prefix*`
 * pattern, else the host's entry. Undefined means the host does not exist. */
export function responseFor(url: string, host: string): ResponseFixture | undefined {
  const exact = fixture.urls[url];
  if (exact) return exact;
  const pattern = Object.keys(fixture.urls)
    .filter((key) => key.endsWith('*') && url.startsWith(key.slice(0, -1)))
    .sort((a, b) => b.length - a.length)[0];
  return pattern !== undefined ? fixture.urls[pattern] : fixture.hosts[host];
}

export function bodyBytes(body: ResponseFixture['body']): Uint8Array {
  if (typeof body === 'string') return utf8Encode(body);
  if ('base64' in body) return base64Decode(body.base64);
  return utf8Encode(JSON.stringify(body.json));
}

/** Waits `seconds` of virtual time inside a runtime coroutine (`yield* wait(…)`). Forever
 * (a server that never answers) is a wait nothing ends; a deadlock report names `waitingFor`. */
export function* wait(seconds: number, waitingFor = 'an answer that never comes'): Generator<unknown, void, unknown> {
  if (seconds <= 0) return;
  const loop = getRunningLoop();
  const future = internalFuture(loop);
  if (seconds === Infinity) {
    (future as { _waitingFor?: string })._waitingFor = waitingFor;
  } else {
    loop._callAtNs(clock.nowNs + secondsToNs(seconds), (f: typeof future) => f.done() || f.setResult(undefined), [
      future,
    ]);
  }
  yield future;
}

/** Records a network or database request, from `startNs` to now, on the timeline, with the task
 * or thread that made it (the one waiting for it now). */
export function requestSpan(kind: 'network' | 'database', name: string, startNs: number, failed: boolean): void {
  const state = failed ? 'error' : 'done';
  timeline.push({ kind, name, start: startNs / 1e9, end: threadNowNs() / 1e9, state, ...runningOwner() });
}
