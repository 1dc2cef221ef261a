// Hotspots over a filter: Gi* on an H3 grid with FDR control (returned as GeoJSON hexagons),
// kernel density on H3 cells, and the Knox near-repeat test.
import { cellToBoundary, cellToParent } from 'h3-js';
import { sql } from 'kysely';
import type { Database } from '../../core/db/database.ts';
import { forbidden, invalid } from '../../core/errors.ts';
import { type Actor, can } from '../../core/identity/actor.ts';
import { giStar } from './domain/gistar.ts';
import { kernelDensityH3 } from './domain/kernel-density.ts';
import { type KnoxResult, knoxTest } from './domain/knox.ts';
import { filterSql, type IncidentFilter } from './filters.ts';
import { ANALYSIS_READ } from './permissions.ts';

/** Options of a Gi* run. */
export interface HotspotOptions {
  /** H3 resolution 5..9 (incidents are stored at 9). */
  resolution?: number;
  /** Neighbourhood ring k. */
  k?: number;
  /** FDR level. */
  alpha?: number;
}

/** One GeoJSON hexagon with its Gi* figures. */
export interface HexFeature {
  type: 'Feature';
  id: string;
  geometry: { type: 'Polygon'; coordinates: number[][][] };
  properties: { cell: string; count: number; z: number; p: number; q: number; kind: 'hot' | 'cold' | null };
}

/** Gi* result as a GeoJSON FeatureCollection plus the global figures. */
export interface HotspotResult {
  type: 'FeatureCollection';
  features: HexFeature[];
  meta: {
    resolution: number;
    k: number;
    alpha: number;
    cells: number;
    incidents: number;
    hot: number;
    cold: number;
  };
}

const MAX_POINTS = 200_000;

function requireRead(actor: Actor): void {
  if (!can(actor, ANALYSIS_READ)) throw forbidden();
}

/** Incident counts per H3 cell at `resolution` for a filter. */
export async function cellCounts(
  database: Database,
  actor: Actor,
  filter: IncidentFilter,
  resolution: number,
): Promise<Map<string, number>> {
  const r = await sql<{ h3: string; n: string }>`SELECT h3, count(*) AS n FROM analysis_incidents
    WHERE ${filterSql(actor, filter)} GROUP BY h3`.execute(database.db);
  const counts = new Map<string, number>();
  for (const row of r.rows) {
    const cell = resolution === 9 ? row.h3 : cellToParent(row.h3, resolution);
    counts.set(cell, (counts.get(cell) ?? 0) + Number(row.n));
  }
  return counts;
}

/** Hexagon of a cell as a closed GeoJSON ring. */
export function hexGeometry(cell: string): HexFeature['geometry'] {
  const ring = cellToBoundary(cell, true);
  return { type: 'Polygon', coordinates: [[...ring, ring[0]!]] };
}

/** Getis-Ord Gi* hotspots; `significantOnly` drops cells that are neither hot nor cold. */
export async function hotspots(
  database: Database,
  actor: Actor,
  filter: IncidentFilter,
  options: HotspotOptions & { significantOnly?: boolean } = {},
): Promise<HotspotResult> {
  requireRead(actor);
  const resolution = options.resolution ?? 9;
  if (!Number.isInteger(resolution) || resolution < 5 || resolution > 9)
    throw invalid('analysis.hotspot.resolution', 'resolution must be 5..9');
  const k = options.k ?? 1;
  const alpha = options.alpha ?? 0.05;
  const counts = await cellCounts(database, actor, filter, resolution);
  const result = giStar(counts, { k, alpha });
  let incidents = 0;
  for (const v of counts.values()) incidents += v;
  const cells = options.significantOnly ? result.cells.filter((c) => c.significant) : result.cells;
  return {
    type: 'FeatureCollection',
    features: cells.map((c) => ({
      type: 'Feature',
      id: c.cell,
      geometry: hexGeometry(c.cell),
      properties: { cell: c.cell, count: c.count, z: c.z, p: c.p, q: c.q, kind: c.kind },
    })),
    meta: {
      resolution,
      k,
      alpha,
      cells: result.cells.length,
      incidents,
      hot: result.cells.filter((c) => c.kind === 'hot').length,
      cold: result.cells.filter((c) => c.kind === 'cold').length,
    },
  };
}

async function points(database: Database, actor: Actor, filter: IncidentFilter) {
  const r = await sql<{ lat: number; lon: number; t: number }>`
    SELECT lat, lon, extract(epoch FROM occurred_at) / 86400.0 AS t FROM analysis_incidents
    WHERE ${filterSql(actor, filter)} ORDER BY occurred_at LIMIT ${MAX_POINTS + 1}`.execute(database.db);
  if (r.rows.length > MAX_POINTS)
    throw invalid(
      'analysis.too_many_points',
      `More than ${MAX_POINTS} incidents: narrow the period or types`,
    );
  return r.rows.map((p) => ({ lat: Number(p.lat), lon: Number(p.lon), t: Number(p.t) }));
}

/** Kernel density (events per km²) on H3 cells, quartic kernel. */
export async function kernelDensity(
  database: Database,
  actor: Actor,
  filter: IncidentFilter,
  options: { bandwidthM?: number; resolution?: number },
) {
  requireRead(actor);
  const resolution = options.resolution ?? 8;
  if (!Number.isInteger(resolution) || resolution < 6 || resolution > 9)
    throw invalid('analysis.kde.resolution', 'resolution must be 6..9');
  const pts = await points(database, actor, filter);
  const cells =
    pts.length === 0 ? [] : kernelDensityH3(pts, resolution, { bandwidthM: options.bandwidthM ?? 400 });
  return {
    type: 'FeatureCollection' as const,
    features: cells.map((c) => ({
      type: 'Feature' as const,
      id: c.cell,
      geometry: hexGeometry(c.cell),
      properties: { cell: c.cell, density: c.density },
    })),
  };
}

/** Knox near-repeat test over the filtered incidents. */
export async function knox(
  database: Database,
  actor: Actor,
  filter: IncidentFilter,
  options: { distanceBandsM: number[]; timeBandsDays: number[]; permutations?: number },
): Promise<KnoxResult> {
  requireRead(actor);
  for (const [edges, what] of [
    [options.distanceBandsM, 'distanceBandsM'],
    [options.timeBandsDays, 'timeBandsDays'],
  ] as const) {
    if (edges.length === 0 || edges.some((e, i) => !(e >= 0) || (i > 0 && e <= edges[i - 1]!)))
      throw invalid('analysis.knox.bands', `${what} must be ascending numbers ≥ 0`);
  }
  const pts = await points(database, actor, filter);
  if (pts.length > 20_000) throw invalid('analysis.knox.too_many', 'Knox runs on at most 20000 incidents');
  return knoxTest(pts, { ...options, permutations: Math.min(options.permutations ?? 99, 999), seed: 1 });
}
