import { describe, expect, it } from 'vitest';
import { FOLLOW_UP_TOKEN_BYTES, isFollowUpToken, newFollowUpToken } from './follow-up-token.ts';

describe('follow-up tokens', () => {
  it('are 24 URL-safe characters carrying at least 128 random bits', () => {
    expect(FOLLOW_UP_TOKEN_BYTES * 8).toBeGreaterThanOrEqual(128);
    const t = newFollowUpToken();
    expect(t).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(encodeURIComponent(t)).toBe(t);
    expect(isFollowUpToken(t)).toBe(true);
  });

  it('encode the random bytes exactly (base64url, no padding)', () => {
    const fixed = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i * 37 + 251) & 0xff);
    const t = newFollowUpToken(fixed);
    expect(Buffer.from(t, 'base64url')).toEqual(Buffer.from(fixed(FOLLOW_UP_TOKEN_BYTES)));
    expect(() => newFollowUpToken(() => new Uint8Array(4))).toThrow(RangeError);
  });

  it('do not repeat and use the whole alphabet', () => {
    const tokens = Array.from({ length: 5000 }, () => newFollowUpToken());
    expect(new Set(tokens).size).toBe(tokens.length);
    const chars = new Set(tokens.join(''));
    expect(chars.size).toBe(64);
  });

  it.each(['', 'short', 'x'.repeat(25), 'a+b/c='.padEnd(24, 'a'), '../../etc/passwd'.padEnd(24, 'a')])(
    '%j is not a token',
    (s) => {
      expect(isFollowUpToken(s)).toBe(false);
    },
  );
});
