import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { freshDatabase } from './databases.ts';
import { repoRoot } from './shared-data.ts';

export interface HavenProcess {
  url: string;
  adminPassword: string;
  databaseUrl: string | null;
  dataDir: string;
  process: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

export const TEST_ADMIN_PASSWORD = 'test-admin-password';

/**
 * Starts a real `haven start` process on a free port with the demo data. Pass `databaseUrl`
 * (and the same `dataDir`) to start a second node on the same PostgreSQL database.
 */
export async function startHaven(
  opts: {
    env?: Record<string, string>;
    databaseUrl?: string | null;
    dataDir?: string;
    keepData?: boolean;
  } = {},
): Promise<HavenProcess> {
  const fresh = opts.dataDir === undefined ? await freshDatabase('pglite') : null;
  const dataDir = opts.dataDir ?? fresh!.dataDir;
  const databaseUrl = opts.databaseUrl ?? null;
  const child = spawn(process.execPath, [resolve(repoRoot, 'bin/haven.js'), 'start'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      HAVEN_PORT: '0',
      HAVEN_HOST: '127.0.0.1',
      HAVEN_DATA_DIR: dataDir,
      HAVEN_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD,
      HAVEN_LOG_LEVEL: 'warn',
      ...(databaseUrl ? { HAVEN_DATABASE_URL: databaseUrl } : {}),
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => {
    out += String(d);
  });
  child.stderr!.on('data', (d) => {
    out += String(d);
  });
  const url = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`haven did not start in 90 s:\n${out}`)), 90_000);
    const check = () => {
      const m = /Haven is running at (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        ok(m[1]!);
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`haven exited with ${code}:\n${out}`));
    });
  });
  return {
    url,
    adminPassword: TEST_ADMIN_PASSWORD,
    databaseUrl,
    dataDir,
    process: child,
    output: () => out,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      if (!opts.keepData) await fresh?.drop();
    },
  };
}
