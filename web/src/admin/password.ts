// No look-alike characters, so a password read out over the phone survives.
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789';

/** A random password of `length` characters from the browser's CSPRNG. */
export function generatePassword(length = 16): string {
  const bytes = new Uint32Array(length);
  crypto.getRandomValues(bytes);
  let out = '';
  for (const b of bytes) out += ALPHABET[b % ALPHABET.length];
  return out;
}

/** Minimum length the form asks for before sending; the server has the final say. */
export const MIN_PASSWORD_LENGTH = 8;
