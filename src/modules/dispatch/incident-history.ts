// Closed incidents as place, time and type only (no caller, narrative or address), for modules
// that model workload from history (patrol beat design). Filtered by the actor's jurisdictions.
import { sql } from 'kysely';
import type { Database } from '../../core/db/database.ts';
import { pgArray } from '../../core/db/sql-values.ts';
import type { Actor } from '../../core/identity/actor.ts';
import { incidentScope } from './scope.ts';

/** What a history read asks for: a period, an area (subtree and bbox), optionally some types. */
export interface IncidentHistoryQuery {
  from: Date;
  to: Date;
  /** ltree path of the area: only incidents inside this subtree. */
  within: string;
  /** [west, south, east, north]; incidents outside are left out. */
  bbox?: readonly number[];
  /** Incident type codes; all types when absent or empty. */
  types?: readonly string[];
  /** Most rows returned (the newest are dropped beyond it); default 200 000. */
  limit?: number;
}

/** A closed dispatch incident as history: where, when, what, and how long units were on scene. */
export interface ClosedIncidentRecord {
  lon: number;
  lat: number;
  type: string;
  /** Received time, epoch ms. */
  time: number;
  /** Minutes from first on scene to cleared, when both were recorded. */
  onSceneMinutes: number | null;
}

/** Closed incidents received in [from, to) inside the area and the actor's scope, oldest first. */
export async function closedIncidentHistory(
  database: Database,
  actor: Actor,
  q: IncidentHistoryQuery,
): Promise<ClosedIncidentRecord[]> {
  const [w, s, e, n] = q.bbox ?? [-180, -90, 180, 90];
  const types = q.types && q.types.length > 0 ? q.types : null;
  const res = await sql<{
    lon: number;
    lat: number;
    type_code: string;
    received_at: Date;
    on_scene_minutes: number | null;
  }>`SELECT i.lon, i.lat, i.type_code, i.received_at,
      CASE WHEN i.on_scene_at IS NOT NULL AND i.cleared_at IS NOT NULL AND i.cleared_at >= i.on_scene_at
        THEN extract(epoch FROM (i.cleared_at - i.on_scene_at)) / 60.0 END::float8 AS on_scene_minutes
    FROM dispatch_incidents i
    WHERE i.status = 'closed' AND i.received_at >= ${q.from.toISOString()}::timestamptz
      AND i.received_at < ${q.to.toISOString()}::timestamptz
      AND i.jurisdiction_path <@ ${q.within}::ltree AND ${incidentScope(actor)}
      AND i.lon BETWEEN ${w} AND ${e} AND i.lat BETWEEN ${s} AND ${n}
      AND (${pgArray(types)}::text[] IS NULL OR i.type_code = ANY(${pgArray(types)}::text[]))
    ORDER BY i.received_at LIMIT ${q.limit ?? 200_000}`.execute(database.db);
  return res.rows.map((r) => ({
    lon: Number(r.lon),
    lat: Number(r.lat),
    type: r.type_code,
    time: new Date(r.received_at).getTime(),
    onSceneMinutes: r.on_scene_minutes === null ? null : Number(r.on_scene_minutes),
  }));
}
