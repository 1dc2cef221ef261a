// Rows of analysis_cap_alerts and their summary view.
import { sql } from 'kysely';
import type { Database } from '../../core/db/database.ts';
import type { Tx } from '../../core/db/transaction.ts';
import type { CapAlert } from './domain/cap-model.ts';

/** A warning as staff and the public portal see it. */
export interface CapAlertSummary {
  id: string;
  origin: 'local' | 'external';
  state: 'pending' | 'published' | 'rejected' | 'received';
  identifier: string;
  sender: string;
  msgType: string;
  referencesId: string | null;
  headline: string | null;
  event: string;
  severity: string;
  expiresAt: string | null;
  jurisdictionPath: string | null;
  authorName: string;
  approverName: string | null;
  publishedAt: string | null;
  superseded: boolean;
  createdAt: string;
  areas: unknown;
}

/** A full row. */
export interface CapRow extends CapAlertSummary {
  alert: CapAlert;
  xml: string | null;
  authorId: string | null;
}

const iso = (d: unknown) => (d === null || d === undefined ? null : new Date(d as string).toISOString());

/** SELECT list of a CapRow. */
export const CAP_COLUMNS = sql`id, origin, state, identifier, sender, msg_type, references_id, headline, event, severity,
  expires_at, jurisdiction_path::text AS jurisdiction_path, author_id, author_name, approver_name, published_at,
  superseded, created_at, areas, alert, xml`;

/** Maps a selected row. */
export function capRow(r: Record<string, unknown>): CapRow {
  const json = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v);
  return {
    id: r.id as string,
    origin: r.origin as CapRow['origin'],
    state: r.state as CapRow['state'],
    identifier: r.identifier as string,
    sender: r.sender as string,
    msgType: r.msg_type as string,
    referencesId: (r.references_id as string | null) ?? null,
    headline: (r.headline as string | null) ?? null,
    event: r.event as string,
    severity: r.severity as string,
    expiresAt: iso(r.expires_at),
    jurisdictionPath: (r.jurisdiction_path as string | null) ?? null,
    authorId: (r.author_id as string | null) ?? null,
    authorName: r.author_name as string,
    approverName: (r.approver_name as string | null) ?? null,
    publishedAt: iso(r.published_at),
    superseded: Boolean(r.superseded),
    createdAt: iso(r.created_at)!,
    areas: json(r.areas),
    alert: json(r.alert) as CapAlert,
    xml: (r.xml as string | null) ?? null,
  };
}

/** The summary part of a row (no XML, no full alert). */
export function capSummary(row: CapRow): CapAlertSummary {
  const { alert: _a, xml: _x, authorId: _i, ...rest } = row;
  return rest;
}

/** Loads one row (optionally locked). */
export async function loadCap(
  db: Database['db'] | Tx['db'],
  id: string,
  lock = false,
): Promise<CapRow | null> {
  const r = await sql<Record<string, unknown>>`SELECT ${CAP_COLUMNS} FROM analysis_cap_alerts WHERE id = ${id}
    ${lock ? sql`FOR UPDATE` : sql``}`.execute(db);
  return r.rows[0] ? capRow(r.rows[0]) : null;
}
