import { sql } from 'kysely';
import type { Database } from '../db/database.ts';
import { type Tx, transact } from '../db/transaction.ts';
import { systemActor } from '../identity/actor.ts';

/** A module's rule for erasing personal fields of records closed before `cutoff`; returns rows purged. */
export interface RetentionRule {
  name: string;
  purge(tx: Tx, cutoff: Date): Promise<number>;
}

const RETENTION_LOCK = 7262551;

/**
 * Runs every rule once, each in its own audited transaction. Only one node purges at a time
 * (transaction-scoped advisory lock; the others skip). Aggregates survive: rules null personal
 * columns, they do not delete records.
 */
export async function purgeExpired(
  database: Database,
  rules: readonly RetentionRule[],
  retentionDays: number,
  now = new Date(),
): Promise<Record<string, number>> {
  const cutoff = new Date(now.getTime() - retentionDays * 86_400_000);
  const purged: Record<string, number> = {};
  for (const rule of rules) {
    purged[rule.name] = await transact(database, systemActor('retention'), async (tx) => {
      const got = await sql<{
        ok: boolean;
      }>`SELECT pg_try_advisory_xact_lock(${RETENTION_LOCK}) AS ok`.execute(tx.db);
      if (!got.rows[0]?.ok) return 0;
      const n = await rule.purge(tx, cutoff);
      if (n > 0) {
        tx.audit({
          action: 'retention.purged',
          targetType: rule.name,
          details: { rows: n, cutoff: cutoff.toISOString(), retentionDays },
        });
      }
      return n;
    });
  }
  return purged;
}

/** Runs the purge now and then every `everyMs` (default hourly); returns the stop function. */
export function startRetentionJob(
  database: Database,
  rules: readonly RetentionRule[],
  retentionDays: number,
  onError: (err: unknown) => void,
  everyMs = 3_600_000,
): () => void {
  const run = () => void purgeExpired(database, rules, retentionDays).catch(onError);
  const timer = setInterval(run, everyMs);
  timer.unref();
  setTimeout(run, 10_000).unref();
  return () => clearInterval(timer);
}
