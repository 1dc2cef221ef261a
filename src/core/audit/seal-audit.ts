import { sql } from 'kysely';
import type { Database } from '../db/database.ts';
import { GapWatch, gaplessPrefix, recordBarrier } from '../db/settled.ts';

const BATCH = 2000;

/**
 * Links the audit rows written since the last seal into the hash chain, in id order. Rows are
 * sealed only once settled (db/settled.ts): a row that commits late must not find the chain
 * already past it. With a `gap` watch, a gap is waited out only once overdue (the background
 * sealer); without, at once. Returns how many rows it sealed (0 when another node is sealing).
 */
export async function sealAudit(database: Database, gap: GapWatch | null = null): Promise<number> {
  let total = 0;
  for (;;) {
    const res = await sql<{ id: string; last_sealed: string | null }>`
      SELECT a.id::text AS id,
        (SELECT s.id::text FROM audit_log s WHERE s.hash IS NOT NULL ORDER BY s.id DESC LIMIT 1) AS last_sealed
      FROM audit_log a WHERE a.hash IS NULL ORDER BY a.id LIMIT ${BATCH}`.execute(database.db);
    if (res.rows.length === 0) return total;
    const after = BigInt(res.rows[0]!.last_sealed ?? '0');
    let settled = gaplessPrefix(
      after,
      res.rows.map((r) => BigInt(r.id)),
    );
    if (settled === 0) {
      if (gap && !gap.overdue(after)) return total;
      if (!(await recordBarrier(database))) return total;
      settled = res.rows.length;
    }
    gap?.clear();
    const upto = res.rows[settled - 1]!.id;
    const sealed = await sql<{ n: number }>`SELECT audit_seal(${upto}) AS n`.execute(database.db);
    const n = Number(sealed.rows[0]!.n);
    total += n;
    if (n === 0) return total;
  }
}

/** Seals on every node every `intervalMs` (one node at a time does the work). */
export function startAuditSealer(
  database: Database,
  onError: (err: unknown) => void,
  intervalMs = 1000,
): () => Promise<void> {
  let running: Promise<unknown> | null = null;
  const gap = new GapWatch(intervalMs);
  const tick = () => {
    running ??= sealAudit(database, gap)
      .catch(onError)
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
