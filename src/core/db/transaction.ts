import { type RawBuilder, sql, type Transaction } from 'kysely';
import type { HavenEventMap, HavenEventType } from '../events/event-map.ts';
import type { Actor } from '../identity/actor.ts';
import { type Database, prepared } from './database.ts';
import { announceCommit } from './settled.ts';

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
 * transaction (so the record lock they share is held only for the commit), or not at all.
 */
export async function transact<T>(
  database: Database,
  actor: Actor,
  work: (tx: Tx) => Promise<T>,
): Promise<T> {
  const events: PendingEvent[] = [];
  const audits: AuditEntry[] = [];
  const result = await database.db.transaction().execute(async (trx) => {
    const tx: Tx = {
      db: trx,
      actor,
      emit: (type, payload, scope) => events.push({ type, payload, scope }),
      audit: (entry) => audits.push(entry),
    };
    const done = await work(tx);
    if (events.length > 0 || audits.length > 0) await flush(trx, actor, events, audits);
    return done;
  });
  if (events.length > 0) announceCommit(database);
  return result;
}

/**
 * Writes the outbox events and audit rows in ONE statement, last in the transaction: the record
 * lock their triggers share is then held for a single round trip plus the commit, which keeps
 * readers' barriers (settled.ts) short.
 */
async function flush(
  // biome-ignore lint/suspicious/noExplicitAny: any transaction
  trx: Transaction<any>,
  actor: Actor,
  events: PendingEvent[],
  audits: AuditEntry[],
): Promise<void> {
  await prepared(sql`WITH ${outboxCtes(actor, events, audits, null)} SELECT 1`).execute(trx);
}

/** An event as `emit` collects it. */
export interface PendingEvent {
  type: string;
  payload: unknown;
  scope: EmitScope;
}

/** The `ev` and `au` common table expressions that write events and audit rows. */
function outboxCtes(
  actor: Actor,
  events: readonly PendingEvent[],
  audits: readonly AuditEntry[],
  payloadPatch: RawBuilder<unknown> | null,
) {
  const eventRows = events.map((e) => ({
    type: e.type,
    payload: e.payload,
    jurisdiction_path: e.scope.jurisdictionPath,
    permission: e.scope.permission,
  }));
  const auditRows = audits.map((a) => ({
    action: a.action,
    target_type: a.targetType,
    target_id: a.targetId ?? null,
    purpose: a.purpose ?? null,
    jurisdiction_path: a.jurisdictionPath ?? null,
    details: a.details ?? {},
  }));
  const payload = payloadPatch ? sql`x.payload || ${payloadPatch}` : sql`x.payload`;
  return sql`ev AS (
      INSERT INTO events (type, payload, jurisdiction_path, permission, actor_id, request_id)
      SELECT x.type, ${payload}, x.jurisdiction_path::ltree, x.permission, ${actor.id}, ${actor.requestId}
      FROM jsonb_to_recordset(${JSON.stringify(eventRows)}::jsonb)
        AS x(type text, payload jsonb, jurisdiction_path text, permission text)),
    au AS (
      INSERT INTO audit_log (actor_kind, actor_id, actor_name, action, target_type, target_id, purpose,
        request_id, jurisdiction_path, details)
      SELECT ${actor.kind}, ${actor.id}, ${actor.name}, y.action, y.target_type, y.target_id, y.purpose,
        ${actor.requestId}, y.jurisdiction_path::ltree, y.details
      FROM jsonb_to_recordset(${JSON.stringify(auditRows)}::jsonb)
        AS y(action text, target_type text, target_id text, purpose text, jurisdiction_path text, details jsonb))`;
}

/**
 * A write that is ONE statement, with no explicit transaction: `ctes` (data-modifying common
 * table expressions) and `select` run together with the outbox and audit inserts, which makes
 * them atomic at one round trip instead of four (BEGIN, the write, the flush, COMMIT). For hot
 * paths such as call intake. Values known only inside the statement (a sequence number) reach
 * the events through `payloadPatch`, a jsonb expression merged into every event's payload.
 */
export async function writeInOneStatement<R>(
  database: Database,
  actor: Actor,
  write: { ctes: RawBuilder<unknown>; select: RawBuilder<R>; payloadPatch?: RawBuilder<unknown> },
  events: readonly PendingEvent[],
  audits: readonly AuditEntry[],
): Promise<R[]> {
  const res = await prepared(
    sql<R>`WITH ${write.ctes}, ${outboxCtes(actor, events, audits, write.payloadPatch ?? null)}
    ${write.select}`,
  ).execute(database.db);
  if (events.length > 0) announceCommit(database);
  return res.rows;
}
