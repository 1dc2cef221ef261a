import { randomBytes } from 'node:crypto';

/** Random bytes in a follow-up token: 18 bytes = 144 bits, 24 URL-safe characters. */
export const FOLLOW_UP_TOKEN_BYTES = 18;

const TOKEN = /^[A-Za-z0-9_-]{24}$/;

/**
 * An unguessable public follow-up token (also usable as an Open311 batch `token`): 144 bits from
 * the OS CSPRNG, base64url without padding, safe in URLs and XML. `random` is injectable for tests.
 */
export function newFollowUpToken(random: (size: number) => Uint8Array = randomBytes): string {
  const bytes = random(FOLLOW_UP_TOKEN_BYTES);
  if (bytes.length !== FOLLOW_UP_TOKEN_BYTES) throw new RangeError('random source returned the wrong length');
  return Buffer.from(bytes).toString('base64url');
}

/** Whether a string has the shape of a follow-up token (cheap pre-check before any lookup). */
export function isFollowUpToken(text: string): boolean {
  return TOKEN.test(text);
}
