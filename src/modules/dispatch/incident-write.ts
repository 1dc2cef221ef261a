import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import type { Tx } from '../../core/db/transaction.ts';
import type { DispatchContext } from './context.ts';
import type { IncidentSummary, TimelineEntry } from './dispatch-events.ts';
import { deriveIncidentStatus, type IncidentStatus } from './domain/incident-state.ts';
import { P } from './permissions.ts';
import { type IncidentRow, incidentSummary, queryIncidents, timelineView } from './views.ts';

/** A timeline entry to add. */
export interface NewTimelineEntry {
  kind: string;
  text: string;
  unitId?: string | null;
  details?: Record<string, unknown>;
}

/** The incident fields a timeline write reads and advances. */
export type TimelineTarget = Pick<IncidentRow, 'id' | 'path' | 'last_at'>;

/**
 * Adds a timeline entry to a row-locked incident. Its time is never before the incident's last
 * entry (clock steps between nodes cannot make the timeline run backwards).
 */
export async function writeTimeline(
  tx: Tx,
  inc: TimelineTarget,
  e: NewTimelineEntry,
): Promise<TimelineEntry> {
  const at = new Date(Math.max(Date.now(), inc.last_at.getTime()));
  inc.last_at = at;
  const row = {
    id: uuidv7(),
    incident_id: inc.id,
    at,
    kind: e.kind,
    text: e.text,
    unit_id: e.unitId ?? null,
    actor_id: tx.actor.id,
    actor_name: tx.actor.name,
    console: tx.actor.console ?? null,
    details: JSON.stringify(e.details ?? {}),
    jurisdiction_path: inc.path,
  };
  await tx.db.insertInto('dispatch_timeline').values(row).execute();
  const entry = timelineView({ ...row, details: e.details ?? {} });
  tx.emit(
    'dispatch.incident.timeline',
    { incidentId: inc.id, entry },
    { jurisdictionPath: inc.path, permission: P.incidentsRead },
  );
  return entry;
}

/** Writes column changes of a locked incident (plus last_at / updated_at). */
export async function updateIncident(tx: Tx, inc: IncidentRow, set: Record<string, unknown>): Promise<void> {
  await tx.db
    .updateTable('dispatch_incidents')
    .set({ ...set, last_at: inc.last_at, updated_at: sql`now()` })
    .where('id', '=', inc.id)
    .execute();
}

/**
 * Recomputes an incident's status from its active assignments after a unit change, stamps the
 * first-milestones it reaches, and records a status line when it moved.
 */
export async function rederiveStatus(tx: Tx, inc: IncidentRow): Promise<IncidentStatus> {
  const res = await sql<{ status: 'dispatched' | 'en_route' | 'on_scene' | 'transporting' }>`
    SELECT status FROM dispatch_assignments
    WHERE incident_id = ${inc.id} AND status IN ('dispatched', 'en_route', 'on_scene', 'transporting')`.execute(
    tx.db,
  );
  const next = deriveIncidentStatus(inc.status, res.rows, inc.on_scene_at !== null);
  const now = new Date(Math.max(Date.now(), inc.last_at.getTime()));
  const set: Record<string, unknown> = {};
  const anyAt = (s: string) => res.rows.some((r) => r.status === s);
  if (res.rows.length > 0 && inc.dispatched_at === null) set.dispatched_at = now;
  if ((anyAt('en_route') || anyAt('on_scene') || anyAt('transporting')) && inc.en_route_at === null)
    set.en_route_at = anyAt('en_route') ? now : null;
  if ((anyAt('on_scene') || anyAt('transporting')) && inc.on_scene_at === null) set.on_scene_at = now;
  if (set.en_route_at === null) delete set.en_route_at;
  if (next === 'cleared' && inc.status !== 'cleared') set.cleared_at = now;
  if (next !== inc.status) {
    set.status = next;
    await writeTimeline(tx, inc, {
      kind: 'status',
      text: `Status ${inc.status} → ${next}`,
      details: { from: inc.status, to: next },
    });
  }
  if (Object.keys(set).length > 0 || next !== inc.status) await updateIncident(tx, inc, set);
  inc.status = next;
  return next;
}

/** Reloads an incident inside the transaction and emits its new summary (created or updated). */
export async function publishIncident(
  tx: Tx,
  ctx: DispatchContext,
  id: string,
  kind: 'created' | 'updated' = 'updated',
): Promise<IncidentSummary> {
  const [row] = await queryIncidents(tx.db, sql`i.id = ${id}`);
  const summary = incidentSummary(row!, ctx.catalogue.catalogue, ctx.catalogue.thresholds, Date.now());
  tx.emit(`dispatch.incident.${kind}`, summary, { jurisdictionPath: row!.path, permission: P.incidentsRead });
  return summary;
}
