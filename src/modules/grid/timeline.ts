import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import type { Tx } from '../../core/db/transaction.ts';
import type { Db } from './catalogue.ts';

/** One timeline entry to write. */
export interface TimelineEntry {
  requestId: string;
  at: Date;
  kind: string;
  from?: string | null;
  to?: string | null;
  note?: string | null;
  /** Shown to the reporter and the public. */
  public: boolean;
  details?: Record<string, unknown>;
}

/** Appends an entry, attributed to the transaction's actor. */
export async function addTimeline(tx: Tx, e: TimelineEntry): Promise<void> {
  await sql`INSERT INTO grid_request_events
      (id, request_id, at, kind, from_state, to_state, actor_kind, actor_name, note, public, details)
    VALUES (${uuidv7()}, ${e.requestId}, ${e.at}, ${e.kind}, ${e.from ?? null}, ${e.to ?? null},
      ${tx.actor.kind}, ${tx.actor.name}, ${e.note ?? null}, ${e.public}, ${JSON.stringify(e.details ?? {})}::jsonb)`.execute(
    tx.db,
  );
}

/** A timeline entry as read back. */
export interface TimelineItem {
  id: string;
  at: string;
  kind: string;
  from: string | null;
  to: string | null;
  actorKind: string;
  actorName: string;
  note: string | null;
  public: boolean;
  details: Record<string, unknown>;
}

/** The timeline of a request, oldest first; `publicOnly` for the reporter and the public. */
export async function readTimeline(db: Db, requestId: string, publicOnly: boolean): Promise<TimelineItem[]> {
  const res = await sql<{
    id: string;
    at: Date;
    kind: string;
    from_state: string | null;
    to_state: string | null;
    actor_kind: string;
    actor_name: string;
    note: string | null;
    public: boolean;
    details: Record<string, unknown>;
  }>`SELECT id, at, kind, from_state, to_state, actor_kind, actor_name, note, public, details
     FROM grid_request_events WHERE request_id = ${requestId} AND (${publicOnly} = false OR public)
     ORDER BY at, id`.execute(db);
  return res.rows.map((r) => ({
    id: r.id,
    at: r.at.toISOString(),
    kind: r.kind,
    from: r.from_state,
    to: r.to_state,
    // The public never learns which member of staff acted.
    actorKind: r.actor_kind,
    actorName: publicOnly ? '' : r.actor_name,
    note: r.note,
    public: r.public,
    details: publicOnly ? {} : r.details,
  }));
}
