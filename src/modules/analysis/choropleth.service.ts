// Counts per jurisdiction at one level of the tree, as GeoJSON for a choropleth map: each
// jurisdiction the actor sees at that level with the incidents inside it (its descendants' too).
import { sql } from 'kysely';
import type { Database } from '../../core/db/database.ts';
import { forbidden } from '../../core/errors.ts';
import { type Actor, can } from '../../core/identity/actor.ts';
import {
  type JurisdictionFeature,
  listJurisdictions,
} from '../../core/jurisdictions/jurisdiction.service.ts';
import type { Level } from '../../core/jurisdictions/jurisdiction-rules.ts';
import { checkFilter, filterSql, type IncidentFilter } from './filters.ts';
import { ANALYSIS_READ } from './permissions.ts';
import { countSource } from './rollup.ts';

/** A jurisdiction with its count (geometry as stored, possibly null). */
export interface ChoroplethFeature {
  type: 'Feature';
  id: string;
  geometry: JurisdictionFeature['geometry'];
  properties: JurisdictionFeature['properties'] & { count: number };
}

/** The choropleth for a filter: features, the level, and the largest count (for the scale). */
export interface Choropleth {
  type: 'FeatureCollection';
  features: ChoroplethFeature[];
  meta: { level: Level; max: number; total: number; unassigned: number };
}

/** Counts by jurisdiction path for a filter (rollup when the time zone allows). */
async function countsByPath(database: Database, actor: Actor, filter: IncidentFilter) {
  const f = checkFilter(filter);
  const src = await countSource(database, f.tz, f.from, f.to);
  const r = await sql<{ path: string | null; n: string }>`
    SELECT jurisdiction_path::text AS path, ${src.count} AS n FROM ${src.table}
    WHERE ${filterSql(actor, f, src.time)} GROUP BY 1`.execute(database.db);
  return r.rows.map((x) => ({ path: x.path, count: Number(x.n) }));
}

/** Counts per jurisdiction of `level` (sums over each jurisdiction's subtree). */
export async function choropleth(
  database: Database,
  actor: Actor,
  filter: IncidentFilter,
  level: Level,
): Promise<Choropleth> {
  if (!can(actor, ANALYSIS_READ)) throw forbidden();
  const [rows, areas] = await Promise.all([
    countsByPath(database, actor, filter),
    listJurisdictions(database, actor, { level, withGeometry: true }),
  ]);
  const byPrefix = new Map<string, number>();
  let total = 0;
  let unassigned = 0;
  for (const { path, count } of rows) {
    total += count;
    if (path === null) {
      unassigned += count;
      continue;
    }
    const parts = path.split('.');
    for (let i = 1; i <= parts.length; i++) {
      const prefix = parts.slice(0, i).join('.');
      byPrefix.set(prefix, (byPrefix.get(prefix) ?? 0) + count);
    }
  }
  const features = areas.map((a) => ({
    type: 'Feature' as const,
    id: a.id,
    geometry: a.geometry,
    properties: { ...a.properties, count: byPrefix.get(a.properties.path) ?? 0 },
  }));
  const max = features.reduce((m, x) => Math.max(m, x.properties.count), 0);
  return { type: 'FeatureCollection', features, meta: { level, max, total, unassigned } };
}
