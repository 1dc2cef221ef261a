import type { Database } from '../db/database.ts';
import { type Tx, transact } from '../db/transaction.ts';
import { invalid } from '../errors.ts';
import type { Actor } from '../identity/actor.ts';

/** Why someone may read personal fields; the reader names one, and it is written to the audit log. */
export const readPurposes = [
  'call_handling',
  'dispatch',
  'callback',
  'service_request_handling',
  'case_handling',
  'investigation',
  'supervision',
  'data_subject_request',
] as const;
export type ReadPurpose = (typeof readPurposes)[number];

/**
 * Reads personal fields of one record for a stated purpose, audited in the same transaction.
 * Without a known purpose nothing is read.
 */
export async function readPersonal<T>(
  database: Database,
  actor: Actor,
  target: { type: string; id: string; jurisdictionPath: string | null; purpose: string | undefined },
  read: (tx: Tx) => Promise<T>,
): Promise<T> {
  if (!target.purpose || !(readPurposes as readonly string[]).includes(target.purpose)) {
    throw invalid(
      'privacy.purpose_required',
      `Reading personal data needs a purpose: one of ${readPurposes.join(', ')}`,
    );
  }
  return transact(database, actor, async (tx) => {
    const result = await read(tx);
    tx.audit({
      action: 'personal_data.read',
      targetType: target.type,
      targetId: target.id,
      purpose: target.purpose ?? null,
      jurisdictionPath: target.jurisdictionPath,
    });
    return result;
  });
}
