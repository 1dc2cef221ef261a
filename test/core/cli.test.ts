import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/shared-data.ts';

function haven(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [resolve(repoRoot, 'bin/haven.js'), ...args], {
    env: { ...process.env, HAVEN_LOG_LEVEL: 'silent', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('the haven command', () => {
  it('builds every command: configuration flags and command options do not clash', () => {
    for (const args of [
      ['--help'],
      ['start', '--help'],
      ['import', 'incidents', '--help'],
      ['import', 'requests', '--help'],
    ]) {
      const run = haven(args);
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
    }
    // --time-zone of an import is the zone of the file's times; the node's zone is HAVEN_TIME_ZONE.
    expect(haven(['import', 'incidents', '--help']).stdout).toMatch(/--time-zone <zone>/);
  });

  it('refuses a bad HAVEN_TIME_ZONE at start-up with a message naming it', () => {
    const run = haven(['start'], {
      HAVEN_TIME_ZONE: 'Mars/Olympus_Mons',
      HAVEN_DATA_DIR: '/nonexistent/haven',
    });
    expect(run.status).not.toBe(0);
    expect(run.stderr + run.stdout).toMatch(/HAVEN_TIME_ZONE must be an IANA time zone/);
  });
});
