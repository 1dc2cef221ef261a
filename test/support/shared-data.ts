import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root, resolved from this file so tests work from any working directory. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

const sharedDataRoot = process.env.HAVEN_SHARED_DATA ?? resolve(repoRoot, '../shared/data');

/**
 * Absolute path of a file under ../shared/data, or null when it is absent, so that tests
 * using real third-party data skip cleanly on machines without it (`describe.skipIf(!p)`).
 */
export function sharedDataPath(relative: string): string | null {
  const full = resolve(sharedDataRoot, relative);
  return existsSync(full) ? full : null;
}
