import { sql } from 'kysely';
import type { Database } from '../db/database.ts';

/** Result of walking the audit chain: the first broken link, if any. */
export interface AuditVerification {
  ok: boolean;
  /** Sealed rows checked. */
  rows: number;
  /** Newest rows not sealed into the chain yet (they are sealed within a second of commit). */
  unsealed: number;
  firstBroken: { id: string; reason: 'hash_mismatch' | 'chain_broken' } | null;
}

const GENESIS = '0'.repeat(64);

/**
 * Recomputes every sealed row's hash in id order (in batches) and checks each links to the
 * previous. Sealing goes in id order, so an unsealed row may only be followed by unsealed rows.
 */
export async function verifyAudit(database: Database, batchSize = 5000): Promise<AuditVerification> {
  let lastId = '0';
  let lastHash = GENESIS;
  let rows = 0;
  for (;;) {
    const batch = await sql<{ id: string; prev_hash: string | null; hash: string | null; expected: string }>`
      SELECT a.id, a.prev_hash, a.hash, audit_row_hash(a.prev_hash, a) AS expected
      FROM audit_log a WHERE a.id > ${lastId} ORDER BY a.id LIMIT ${batchSize}`.execute(database.db);
    for (const r of batch.rows) {
      if (r.hash === null) return unsealedTail(database, r.id, rows);
      rows++;
      if (r.prev_hash !== lastHash)
        return { ok: false, rows, unsealed: 0, firstBroken: { id: r.id, reason: 'chain_broken' } };
      if (r.hash !== r.expected)
        return { ok: false, rows, unsealed: 0, firstBroken: { id: r.id, reason: 'hash_mismatch' } };
      lastHash = r.hash;
      lastId = r.id;
    }
    if (batch.rows.length < batchSize) return { ok: true, rows, unsealed: 0, firstBroken: null };
  }
}

/** From the first unsealed row on, a sealed row means a seal was removed behind the chain's back. */
async function unsealedTail(database: Database, firstUnsealed: string, rows: number) {
  const res = await sql<{ unsealed: string; sealed_after: string }>`
    SELECT count(*) FILTER (WHERE hash IS NULL)::text AS unsealed,
      count(*) FILTER (WHERE hash IS NOT NULL)::text AS sealed_after
    FROM audit_log WHERE id >= ${firstUnsealed}`.execute(database.db);
  const { unsealed, sealed_after } = res.rows[0]!;
  if (Number(sealed_after) > 0)
    return {
      ok: false,
      rows,
      unsealed: Number(unsealed),
      firstBroken: { id: firstUnsealed, reason: 'chain_broken' as const },
    };
  return { ok: true, rows, unsealed: Number(unsealed), firstBroken: null };
}
