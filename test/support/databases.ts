import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** The engines integration tests run on: PGlite always, PostgreSQL when HAVEN_TEST_DATABASE_URL is set. */
export const dbKinds: ('pglite' | 'postgres')[] = [
  'pglite',
  ...(process.env.HAVEN_TEST_DATABASE_URL ? ['postgres' as const] : []),
];

/** Configuration for a brand-new, empty database of the given kind, and how to drop it. */
export interface FreshDatabase {
  databaseUrl: string | null;
  dataDir: string;
  drop(): Promise<void>;
}

/** Creates an empty database: a temp PGlite directory, or a new database on the test server. */
export async function freshDatabase(kind: 'pglite' | 'postgres'): Promise<FreshDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'haven-test-'));
  if (kind === 'pglite') {
    return {
      databaseUrl: null,
      dataDir,
      drop: async () => rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  const base = process.env.HAVEN_TEST_DATABASE_URL!;
  const name = `haven_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    databaseUrl: url.toString(),
    dataDir,
    drop: async () => {
      rmSync(dataDir, { recursive: true, force: true });
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
