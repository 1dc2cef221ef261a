import type { Transaction } from 'kysely';
import type { HavenEventMap, HavenEventType } from '../events/event-map.ts';
import type { Actor } from '../identity/actor.ts';
import type { Database } from './database.ts';

/** One line of the audit log, written in the same transaction as the change or read it records. */
export interface AuditEntry {
  action: string;
  targetType: string;
  targetId?: string | null;
  /** Why personal fields were read; required by policy for reads of personal data. */
  purpose?: string | null;
  jurisdictionPath?: string | null;
  details?: Record<string, unknown>;
}

/** Who may receive an event: subscribers need the permission and a scope covering the path. */
export interface EmitScope {
  jurisdictionPath: string | null;
  permission: string | null;
}

/** The unit of work handed to a use case: its transaction, its actor, and the outbox and audit. */
export interface Tx {
  // biome-ignore lint/suspicious/noExplicitAny: modules narrow it with `withTables<T>()`
  db: Transaction<any>;
  actor: Actor;
  emit<K extends HavenEventType>(type: K, payload: HavenEventMap[K], scope: EmitScope): void;
  audit(entry: AuditEntry): void;
}

/**
 * Runs `work` in one transaction; its events and audit rows are written at the end of the same
 * transaction (so the record lock they take is held only for the commit), or not at all.
 */
export async function transact<T>(
  database: Database,
  actor: Actor,
  work: (tx: Tx) => Promise<T>,
): Promise<T> {
  return database.db.transaction().execute(async (trx) => {
    const events: { type: string; payload: unknown; scope: EmitScope }[] = [];
    const audits: AuditEntry[] = [];
    const tx: Tx = {
      db: trx,
      actor,
      emit: (type, payload, scope) => events.push({ type, payload, scope }),
      audit: (entry) => audits.push(entry),
    };
    const result = await work(tx);
    if (events.length > 0) {
      await trx
        .insertInto('events')
        .values(
          events.map((e) => ({
            type: e.type,
            payload: JSON.stringify(e.payload),
            jurisdiction_path: e.scope.jurisdictionPath,
            permission: e.scope.permission,
            actor_id: actor.id,
            request_id: actor.requestId,
          })),
        )
        .execute();
    }
    if (audits.length > 0) {
      await trx
        .insertInto('audit_log')
        .values(
          audits.map((a) => ({
            actor_kind: actor.kind,
            actor_id: actor.id,
            actor_name: actor.name,
            action: a.action,
            target_type: a.targetType,
            target_id: a.targetId ?? null,
            purpose: a.purpose ?? null,
            request_id: actor.requestId,
            jurisdiction_path: a.jurisdictionPath ?? null,
            details: JSON.stringify(a.details ?? {}),
          })),
        )
        .execute();
    }
    return result;
  });
}
