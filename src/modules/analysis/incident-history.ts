// Imported historical incidents as place, time and type only, for modules that model workload
// from history (patrol beat design). Filtered by the actor's scope as every analysis read is.
import { sql } from 'kysely';
import type { Database } from '../../core/db/database.ts';
import { pgArray } from '../../core/db/sql-values.ts';
import type { Actor } from '../../core/identity/actor.ts';
import { analysisScope, seesUnassigned } from './scope.ts';

/** What a history read asks for: a period, an area (subtree and bbox), optionally some types. */
export interface ImportedHistoryQuery {
  from: Date;
  to: Date;
  /** ltree path of the area: rows inside this subtree (and rows without a jurisdiction, see below). */
  within: string;
  /** [west, south, east, north]; rows outside are left out. */
  bbox?: readonly number[];
  /** Type codes; all types when absent or empty. */
  types?: readonly string[];
  /** Most rows returned; default 200 000. */
  limit?: number;
}

/** An imported incident as history: where, when and what. */
export interface ImportedIncidentRecord {
  lon: number;
  lat: number;
  type: string;
  /** Occurrence time, epoch ms. */
  time: number;
}

/**
 * Imported incidents that occurred in [from, to) in the area and the actor's scope, oldest first.
 * Rows imported before the area's boundaries existed carry no jurisdiction: they count when they
 * lie in the bbox and the actor may see unassigned rows (see scope.ts).
 */
export async function importedIncidentHistory(
  database: Database,
  actor: Actor,
  q: ImportedHistoryQuery,
): Promise<ImportedIncidentRecord[]> {
  const [w, s, e, n] = q.bbox ?? [-180, -90, 180, 90];
  const types = q.types && q.types.length > 0 ? q.types : null;
  const inArea = seesUnassigned(actor)
    ? sql`(jurisdiction_path <@ ${q.within}::ltree OR jurisdiction_path IS NULL)`
    : sql`jurisdiction_path <@ ${q.within}::ltree`;
  const res = await sql<{ lon: number; lat: number; type_code: string; occurred_at: Date }>`
    SELECT lon, lat, type_code, occurred_at FROM analysis_incidents
    WHERE source = 'import' AND occurred_at >= ${q.from.toISOString()}::timestamptz
      AND occurred_at < ${q.to.toISOString()}::timestamptz
      AND ${inArea} AND ${analysisScope(actor)}
      AND lon BETWEEN ${w} AND ${e} AND lat BETWEEN ${s} AND ${n}
      AND (${pgArray(types)}::text[] IS NULL OR type_code = ANY(${pgArray(types)}::text[]))
    ORDER BY occurred_at LIMIT ${q.limit ?? 200_000}`.execute(database.db);
  return res.rows.map((r) => ({
    lon: Number(r.lon),
    lat: Number(r.lat),
    type: r.type_code,
    time: new Date(r.occurred_at).getTime(),
  }));
}
