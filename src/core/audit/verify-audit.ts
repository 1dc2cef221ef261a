import { sql } from 'kysely';
import type { Database } from '../db/database.ts';

/** Result of walking the audit chain: the first broken link, if any. */
export interface AuditVerification {
  ok: boolean;
  rows: number;
  firstBroken: { id: string; reason: 'hash_mismatch' | 'chain_broken' } | null;
}

const GENESIS = '0'.repeat(64);

/** Recomputes every row's hash in id order (in batches) and checks each links to the previous. */
export async function verifyAudit(database: Database, batchSize = 5000): Promise<AuditVerification> {
  let lastId = '0';
  let lastHash = GENESIS;
  let rows = 0;
  for (;;) {
    const batch = await sql<{ id: string; prev_hash: string; hash: string; expected: string }>`
      SELECT a.id, a.prev_hash, a.hash, audit_row_hash(a.prev_hash, a) AS expected
      FROM audit_log a WHERE a.id > ${lastId} ORDER BY a.id LIMIT ${batchSize}`.execute(database.db);
    for (const r of batch.rows) {
      rows++;
      if (r.prev_hash !== lastHash)
        return { ok: false, rows, firstBroken: { id: r.id, reason: 'chain_broken' } };
      if (r.hash !== r.expected)
        return { ok: false, rows, firstBroken: { id: r.id, reason: 'hash_mismatch' } };
      lastHash = r.hash;
      lastId = r.id;
    }
    if (batch.rows.length < batchSize) return { ok: true, rows, firstBroken: null };
  }
}
