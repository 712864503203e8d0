import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { base64Decode, sha256Hex, utf8Decode, utf8Encode } from './bytes.ts';

// The isolate has no TextEncoder, atob or crypto; these helpers must agree with Node's own.

/** Deterministic pseudo-random bytes (mulberry32), biased towards UTF-8 lead and continuation bytes. */
function randomBytes(seed: number, length: number): Uint8Array {
  let a = seed;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const interesting = [
    0x41, 0x7f, 0x80, 0xbf, 0xc0, 0xc2, 0xdf, 0xe0, 0xa0, 0xed, 0x9f, 0xef, 0xf0, 0x90, 0xf4, 0x8f, 0xf5, 0xff,
  ];
  return Uint8Array.from({ length }, () =>
    next() < 0.5 ? (interesting[Math.floor(next() * interesting.length)] as number) : Math.floor(next() * 256),
  );
}

describe('bytes', () => {
  test("utf8Decode replaces invalid sequences exactly as Node's TextDecoder (WHATWG) does", () => {
    const decoder = new TextDecoder('utf-8');
    for (let seed = 1; seed <= 300; seed++) {
      const bytes = randomBytes(seed, 64);
      expect(utf8Decode(bytes), `seed ${seed}`).toBe(decoder.decode(bytes));
    }
  });

  test('utf8Decode decodes long text in one piece', () => {
    const text = 'héllo 😀 '.repeat(20_000);
    expect(utf8Decode(Buffer.from(text))).toBe(text);
  });

  test("utf8Encode matches Node's, a lone surrogate becoming U+FFFD", () => {
    for (const text of ['', 'ascii', 'héllo', '€', '😀', 'a\ud800b', '\udc00']) {
      expect([...utf8Encode(text)]).toEqual([...Buffer.from(text, 'utf8')]);
    }
  });

  test("base64Decode and sha256Hex match Node's", () => {
    for (let seed = 1; seed <= 20; seed++) {
      const bytes = Buffer.from(randomBytes(seed, seed * 7));
      expect(Buffer.from(base64Decode(bytes.toString('base64')))).toEqual(bytes);
      expect(sha256Hex(bytes)).toBe(createHash('sha256').update(bytes).digest('hex'));
    }
  });
});
