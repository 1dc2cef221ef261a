import { sql } from 'kysely';
import type { Database } from '../db/database.ts';
import { transact } from '../db/transaction.ts';
import { HavenError } from '../errors.ts';
import type { Area } from '../geo/geojson.ts';
import type { Actor } from '../identity/actor.ts';
import { insertJurisdiction } from './jurisdiction.service.ts';
import { type Level, levels } from './jurisdiction-rules.ts';

/** Which feature property holds what; `level` and `parentCode` may be fixed values instead. */
export interface BoundaryMapping {
  code: string;
  nameZh: string;
  nameEn?: string;
  /** A property naming the parent's code, or a fixed parent code for every feature. */
  parentCodeProperty?: string;
  parentCode?: string;
  /** A fixed level, or `levelProperty` naming a property holding it. */
  level?: Level;
  levelProperty?: string;
}

interface FeatureLike {
  type?: unknown;
  properties?: Record<string, unknown> | null;
  geometry?: unknown;
}

/**
 * Imports a GeoJSON FeatureCollection as jurisdictions, all or nothing: one transaction, and
 * any invalid feature aborts the whole import with the feature's index and reason.
 */
export async function importBoundaries(
  database: Database,
  actor: Actor,
  collection: unknown,
  mapping: BoundaryMapping,
): Promise<{ imported: number }> {
  const fc = collection as { type?: unknown; features?: unknown };
  if (fc?.type !== 'FeatureCollection' || !Array.isArray(fc.features)) {
    throw new HavenError('import.not_feature_collection', 400, 'The file is not a GeoJSON FeatureCollection');
  }
  const features = mergeByCode(fc.features as FeatureLike[], mapping.code);
  const prop = (f: FeatureLike, name: string | undefined) =>
    name === undefined ? undefined : (f.properties?.[name] ?? undefined);
  // Parents before children, so a parent created by this import is found by its child.
  const rank = (f: FeatureLike) => levels.indexOf((mapping.level ?? prop(f, mapping.levelProperty)) as Level);
  const ordered = features.map((f, i) => ({ f, i })).sort((a, b) => rank(a.f) - rank(b.f));
  return transact(database, actor, async (tx) => {
    const idsByCode = new Map<string, string>();
    for (const { f, i } of ordered) {
      const where = `feature ${i}`;
      const code = String(prop(f, mapping.code) ?? '').trim();
      const nameZh = String(prop(f, mapping.nameZh) ?? '').trim();
      const nameEn = String(prop(f, mapping.nameEn) ?? nameZh).trim();
      const level = (mapping.level ?? prop(f, mapping.levelProperty)) as Level;
      if (!code)
        throw new HavenError('import.missing_code', 400, `${where}: property ${mapping.code} is empty`);
      if (!nameZh)
        throw new HavenError('import.missing_name', 400, `${where}: property ${mapping.nameZh} is empty`);
      if (!levels.includes(level))
        throw new HavenError('import.bad_level', 400, `${where}: level "${level}" is unknown`);
      const parentCode = String(prop(f, mapping.parentCodeProperty) ?? mapping.parentCode ?? '').trim();
      let parentId: string | null = null;
      if (parentCode) {
        parentId = idsByCode.get(parentCode) ?? null;
        if (!parentId) {
          const res = await sql<{
            id: string;
          }>`SELECT id FROM jurisdictions WHERE code = ${parentCode}`.execute(tx.db);
          parentId = res.rows[0]?.id ?? null;
        }
        if (!parentId)
          throw new HavenError('import.unknown_parent', 400, `${where}: parent ${parentCode} not found`);
      }
      try {
        const created = await insertJurisdiction(tx, {
          parentId,
          level,
          code,
          nameZh,
          nameEn,
          geometry: (f.geometry ?? null) as Area | null,
        });
        idsByCode.set(code, created.id);
      } catch (err) {
        if (err instanceof HavenError)
          throw new HavenError(err.code, err.status, `${where}: ${err.message}`, err.extra);
        throw err;
      }
    }
    return { imported: features.length };
  });
}

/**
 * Real boundary files often split one area over several features (islands, exclaves): features
 * sharing a code become one jurisdiction with a MultiPolygon.
 */
function mergeByCode(features: FeatureLike[], codeProperty: string): FeatureLike[] {
  const byCode = new Map<string, FeatureLike>();
  const out: FeatureLike[] = [];
  for (const f of features) {
    const code = String(f.properties?.[codeProperty] ?? '').trim();
    const first = code ? byCode.get(code) : undefined;
    if (!first) {
      if (code) byCode.set(code, f);
      out.push(f);
      continue;
    }
    const polys = (g: unknown): unknown[] => {
      const geom = g as { type?: string; coordinates?: unknown[] } | null;
      if (geom?.type === 'Polygon') return [geom.coordinates];
      if (geom?.type === 'MultiPolygon') return geom.coordinates ?? [];
      return [];
    };
    const merged = {
      ...first,
      geometry: { type: 'MultiPolygon', coordinates: [...polys(first.geometry), ...polys(f.geometry)] },
    };
    out[out.indexOf(first)] = merged;
    byCode.set(code, merged);
  }
  return out;
}
