import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import type { Database } from '../db/database.ts';
import { inActorScope, pgArray } from '../db/sql-values.ts';
import { type Tx, transact } from '../db/transaction.ts';
import { conflict, HavenError, invalid, notFound } from '../errors.ts';
import { type Area, bboxOf, validateArea } from '../geo/geojson.ts';
import type { Actor } from '../identity/actor.ts';
import { type Level, labelOf, levelFits, nestingTolerance, outsideShare } from './jurisdiction-rules.ts';

/** A jurisdiction as a GeoJSON feature (RFC 7946). */
export interface JurisdictionFeature {
  type: 'Feature';
  id: string;
  geometry: Area | null;
  properties: {
    id: string;
    parentId: string | null;
    path: string;
    level: Level;
    code: string;
    nameZh: string;
    nameEn: string;
  };
}

interface Row {
  id: string;
  parent_id: string | null;
  path: string;
  level: Level;
  code: string;
  name_zh: string;
  name_en: string;
  geometry: Area | null;
}

function toFeature(r: Row): JurisdictionFeature {
  return {
    type: 'Feature',
    id: r.id,
    geometry: r.geometry,
    properties: {
      id: r.id,
      parentId: r.parent_id,
      path: r.path,
      level: r.level,
      code: r.code,
      nameZh: r.name_zh,
      nameEn: r.name_en,
    },
  };
}

const columns = sql`id, parent_id, path::text AS path, level, code, name_zh, name_en, geometry`;

/** The jurisdictions inside the actor's subtrees, parents before children. */
export async function listJurisdictions(
  database: Database,
  actor: Actor,
  opts: { level?: Level; withGeometry?: boolean } = {},
): Promise<JurisdictionFeature[]> {
  const res = await sql<Row>`SELECT ${columns} FROM jurisdictions
    WHERE ${inActorScope('path', actor)}
      AND (${opts.level ?? null}::text IS NULL OR level = ${opts.level ?? null})
    ORDER BY nlevel(path), path`.execute(database.db);
  return res.rows.map((r) => {
    const f = toFeature(r);
    if (opts.withGeometry === false) f.geometry = null;
    return f;
  });
}

/** One jurisdiction the actor may see, else 404 (never 403: existence must not leak). */
export async function getJurisdiction(
  database: Database,
  actor: Actor,
  id: string,
): Promise<JurisdictionFeature> {
  const res = await sql<Row>`SELECT ${columns} FROM jurisdictions WHERE id = ${id}::uuid
    AND ${inActorScope('path', actor)}`.execute(database.db);
  const r = res.rows[0];
  if (!r) throw notFound('Jurisdiction');
  return toFeature(r);
}

export interface NewJurisdiction {
  parentId: string | null;
  level: Level;
  code: string;
  nameZh: string;
  nameEn: string;
  geometry: Area | null;
}

function checkGeometry(geometry: Area | null): void {
  if (geometry === null) return;
  const issues = validateArea(geometry);
  if (issues.length > 0) {
    throw new HavenError('geo.invalid_geometry', 400, issues[0]!.message, { errors: issues });
  }
}

async function parentOf(tx: Tx, parentId: string | null): Promise<Row | null> {
  if (parentId === null) return null;
  const res = await sql<Row>`SELECT ${columns} FROM jurisdictions WHERE id = ${parentId}::uuid
    AND ${inActorScope('path', tx.actor)}`.execute(tx.db);
  const p = res.rows[0];
  if (!p) throw notFound('Parent jurisdiction');
  return p;
}

/** Inserts a jurisdiction within an open transaction (shared by the API, import and demo data). */
export async function insertJurisdiction(tx: Tx, input: NewJurisdiction): Promise<JurisdictionFeature> {
  checkGeometry(input.geometry);
  const parent = await parentOf(tx, input.parentId);
  if (!parent && tx.actor.kind !== 'system' && !tx.actor.scopes.includes('')) {
    throw invalid(
      'jurisdictions.root_forbidden',
      'Only a system administrator may create a root jurisdiction',
    );
  }
  if (!levelFits(parent?.level ?? null, input.level)) {
    throw invalid('jurisdictions.bad_level', `A ${input.level} cannot sit under a ${parent?.level}`);
  }
  if (parent?.geometry && input.geometry) {
    const share = outsideShare(input.geometry, parent.geometry);
    if (share > nestingTolerance) {
      throw invalid(
        'jurisdictions.not_nested',
        `${(share * 100).toFixed(1)} % of the area lies outside its parent (tolerance ${nestingTolerance * 100} %)`,
      );
    }
  }
  const dup = await sql`SELECT 1 FROM jurisdictions WHERE code = ${input.code}`.execute(tx.db);
  if (dup.rows.length > 0) throw conflict('jurisdictions.code_taken', `Code ${input.code} is already used`);
  const id = uuidv7();
  const path = parent ? `${parent.path}.${labelOf(input.code)}` : labelOf(input.code);
  await sql`INSERT INTO jurisdictions (id, parent_id, path, level, code, name_zh, name_en, geometry, bbox)
    VALUES (${id}, ${input.parentId}, ${path}::ltree, ${input.level}, ${input.code}, ${input.nameZh}, ${input.nameEn},
      ${input.geometry ? JSON.stringify(input.geometry) : null}::jsonb,
      ${input.geometry ? pgArray(bboxOf(input.geometry)) : null}::float8[])`.execute(tx.db);
  tx.audit({
    action: 'jurisdiction.created',
    targetType: 'jurisdiction',
    targetId: id,
    jurisdictionPath: path,
  });
  tx.emit(
    'jurisdiction.created',
    { id, path, level: input.level },
    { jurisdictionPath: path, permission: null },
  );
  return toFeature({
    id,
    parent_id: input.parentId,
    path,
    level: input.level,
    code: input.code,
    name_zh: input.nameZh,
    name_en: input.nameEn,
    geometry: input.geometry,
  });
}

/** Creates a jurisdiction under a parent the actor may see. */
export function createJurisdiction(database: Database, actor: Actor, input: NewJurisdiction) {
  return transact(database, actor, (tx) => insertJurisdiction(tx, input));
}

/** Renames or re-codes a jurisdiction, or replaces its boundary (nesting re-checked). */
export async function updateJurisdiction(
  database: Database,
  actor: Actor,
  id: string,
  patch: Partial<{ nameZh: string; nameEn: string; code: string; geometry: Area }>,
): Promise<JurisdictionFeature> {
  const current = await getJurisdiction(database, actor, id);
  if (patch.geometry) checkGeometry(patch.geometry);
  return transact(database, actor, async (tx) => {
    if (patch.geometry && current.properties.parentId) {
      const parent = await parentOf(tx, current.properties.parentId);
      if (parent?.geometry && outsideShare(patch.geometry, parent.geometry) > nestingTolerance) {
        throw invalid('jurisdictions.not_nested', 'The new boundary lies outside the parent');
      }
    }
    if (patch.code !== undefined && patch.code !== current.properties.code) {
      const dup = await sql`SELECT 1 FROM jurisdictions WHERE code = ${patch.code}`.execute(tx.db);
      if (dup.rows.length > 0)
        throw conflict('jurisdictions.code_taken', `Code ${patch.code} is already used`);
    }
    await sql`UPDATE jurisdictions SET
        name_zh = coalesce(${patch.nameZh ?? null}, name_zh),
        name_en = coalesce(${patch.nameEn ?? null}, name_en),
        code = coalesce(${patch.code ?? null}, code),
        geometry = coalesce(${patch.geometry ? JSON.stringify(patch.geometry) : null}::jsonb, geometry),
        bbox = coalesce(${patch.geometry ? pgArray(bboxOf(patch.geometry)) : null}::float8[], bbox),
        updated_at = now()
      WHERE id = ${id}::uuid`.execute(tx.db);
    const path = current.properties.path;
    tx.audit({
      action: 'jurisdiction.updated',
      targetType: 'jurisdiction',
      targetId: id,
      jurisdictionPath: path,
      details: { changed: Object.keys(patch) },
    });
    tx.emit('jurisdiction.updated', { id, path }, { jurisdictionPath: path, permission: null });
    const res = await sql<Row>`SELECT ${columns} FROM jurisdictions WHERE id = ${id}::uuid`.execute(tx.db);
    return toFeature(res.rows[0]!);
  });
}
