import { readdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { Database } from './database.ts';

export const migrationsDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../../migrations');

// Constants shared by all nodes; distinct from each other and from the record lock (0001_core.sql).
const MIGRATION_LOCK = 7262553;
const STARTUP_LOCK = 7262552;

/** Applies pending SQL migrations in name order, each in its own transaction, under an advisory lock. */
export async function migrate(database: Database, dir = migrationsDir): Promise<string[]> {
  const files = readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort();
  const applied: string[] = [];
  await database.db.connection().execute(async (conn) => {
    // Session-level lock: a second node starting at the same time waits here, then finds nothing to do.
    await sql`SELECT pg_advisory_lock(${MIGRATION_LOCK})`.execute(conn);
    try {
      await sql`CREATE TABLE IF NOT EXISTS schema_migrations (
        name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`.execute(conn);
      const done = await sql<{ name: string }>`SELECT name FROM schema_migrations`.execute(conn);
      const doneNames = new Set(done.rows.map((r) => r.name));
      for (const file of files) {
        if (doneNames.has(file)) continue;
        const script = readFileSync(resolve(dir, file), 'utf8');
        await conn.transaction().execute(async (trx) => {
          await sql.raw(script).execute(trx);
          await sql`INSERT INTO schema_migrations (name) VALUES (${file})`.execute(trx);
        });
        applied.push(file);
      }
    } finally {
      await sql`SELECT pg_advisory_unlock(${MIGRATION_LOCK})`.execute(conn);
    }
  });
  return applied;
}

/**
 * Runs start-up work (demo seeding, first admin) on one node at a time. PGlite is one process's
 * own database, so there is nobody to wait for — and its single connection must stay free.
 */
export async function withStartupLock<T>(database: Database, work: () => Promise<T>): Promise<T> {
  if (database.kind === 'pglite') return work();
  return database.db.connection().execute(async (conn) => {
    await sql`SELECT pg_advisory_lock(${STARTUP_LOCK})`.execute(conn);
    try {
      return await work();
    } finally {
      await sql`SELECT pg_advisory_unlock(${STARTUP_LOCK})`.execute(conn);
    }
  });
}
