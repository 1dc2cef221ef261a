import { sql } from 'kysely';
import type { Actor } from '../../core/identity/actor.ts';
import { callsOfIncident } from './call-view.ts';
import type { DispatchContext } from './context.ts';
import type { AssignmentView, CallSummary, IncidentSummary, TimelineEntry } from './dispatch-events.ts';
import { allowedIncidentTransitions, type IncidentStatus } from './domain/incident-state.ts';
import { type DuplicateView, nearbyOpenIncidents, type PremiseView, premiseAt } from './nearby.ts';
import { findIncident, incidentScope } from './scope.ts';
import {
  assignmentView,
  type Db,
  incidentSummary,
  queryAssignments,
  queryIncidents,
  type TimelineRow,
  timelineView,
} from './views.ts';

/** One incident's summary, in scope (404 otherwise). */
export async function findIncidentSummary(
  db: Db,
  ctx: DispatchContext,
  actor: Actor,
  id: string,
): Promise<IncidentSummary> {
  const row = await findIncident(db, actor, id);
  return incidentSummary(row, ctx.catalogue.catalogue, ctx.catalogue.thresholds, Date.now());
}

/** Filters of the incident list. */
export interface IncidentQuery {
  state?: 'open' | 'closed' | 'all';
  status?: IncidentStatus;
  priority?: number;
  /** Patrol beat code recorded at intake. */
  beat?: string;
  since?: string;
  limit?: number;
}

/** Incidents in scope: the dispatcher's queue by priority and age (open by default). */
export async function listIncidents(
  ctx: DispatchContext,
  actor: Actor,
  q: IncidentQuery = {},
): Promise<IncidentSummary[]> {
  const state = q.state ?? 'open';
  const stateFilter =
    state === 'open'
      ? sql`i.status NOT IN ('closed', 'cancelled')`
      : state === 'closed'
        ? sql`i.status IN ('closed', 'cancelled')`
        : sql`true`;
  const where = sql`${stateFilter} AND ${incidentScope(actor)}
    AND (${q.status ?? null}::text IS NULL OR i.status = ${q.status ?? null})
    AND (${q.priority ?? null}::int IS NULL OR i.priority = ${q.priority ?? null})
    AND (${q.beat ?? null}::text IS NULL OR i.beat_code = ${q.beat ?? null})
    AND (${q.since ?? null}::timestamptz IS NULL OR i.received_at >= ${q.since ?? null}::timestamptz)`;
  const order =
    state === 'open' ? sql`ORDER BY i.priority, i.received_at, i.id` : sql`ORDER BY i.received_at DESC, i.id`;
  const rows = await queryIncidents(ctx.database.db, where, sql`${order} LIMIT ${q.limit ?? 200}`);
  const now = Date.now();
  return rows.map((r) => incidentSummary(r, ctx.catalogue.catalogue, ctx.catalogue.thresholds, now));
}

/** Everything the incident detail shows. */
export interface IncidentDetail {
  incident: IncidentSummary;
  calls: CallSummary[];
  assignments: AssignmentView[];
  timeline: TimelineEntry[];
  allowed: string[];
}

/** An incident with its calls, assignments (all, ended too) and complete timeline. */
export async function incidentDetail(
  ctx: DispatchContext,
  actor: Actor,
  id: string,
): Promise<IncidentDetail> {
  const db = ctx.database.db;
  const row = await findIncident(db, actor, id);
  const [calls, assignments, timeline] = await Promise.all([
    callsOfIncident(db, id),
    queryAssignments(db, sql`a.incident_id = ${id}`),
    sql<TimelineRow>`SELECT id, at, kind, text, unit_id, actor_name, console, details
      FROM dispatch_timeline WHERE incident_id = ${id} ORDER BY at, id`.execute(db),
  ]);
  return {
    incident: incidentSummary(row, ctx.catalogue.catalogue, ctx.catalogue.thresholds, Date.now()),
    calls,
    assignments: assignments.map(assignmentView),
    timeline: timeline.rows.map(timelineView),
    allowed: [...allowedIncidentTransitions(row.status, 'command')],
  };
}

/** What the call-taker form shows while a call is typed. */
export interface AssistView {
  jurisdiction: { path: string; name: { zh: string; en: string } } | null;
  duplicates: DuplicateView[];
  premise: PremiseView;
}

/** Jurisdiction, duplicate candidates and premise history for a place (and type, once chosen). */
export async function assist(
  ctx: DispatchContext,
  actor: Actor,
  q: { lon: number; lat: number; typeCode?: string; excludeIncidentId?: string },
): Promise<AssistView> {
  const db = ctx.database.db;
  const place = ctx.jurisdictions.locate(q.lon, q.lat);
  let jurisdiction: AssistView['jurisdiction'] = null;
  if (place) {
    const names = await sql<{ name_zh: string; name_en: string }>`
      SELECT name_zh, name_en FROM jurisdictions WHERE id = ${place.id}`.execute(db);
    const n = names.rows[0];
    jurisdiction = { path: place.path, name: { zh: n?.name_zh ?? place.code, en: n?.name_en ?? place.code } };
  }
  const now = Date.now();
  const typeCode = q.typeCode && ctx.catalogue.catalogue.has(q.typeCode) ? q.typeCode : null;
  const [duplicates, premise] = await Promise.all([
    nearbyOpenIncidents(db, ctx, actor, {
      lon: q.lon,
      lat: q.lat,
      typeCode,
      at: now,
      excludeId: q.excludeIncidentId ?? null,
    }),
    premiseAt(db, actor, q.lon, q.lat, now),
  ]);
  return { jurisdiction, duplicates, premise };
}
