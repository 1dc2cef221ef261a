// Beat use cases on a finished design: move atoms, publish with an effective date, the beats in
// force at a time, GeoJSON export and import.
import { cellToBoundary } from 'h3-js';
import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import type { Database } from '../../core/db/database.ts';
import { type Tx, transact } from '../../core/db/transaction.ts';
import { conflict, invalid, notFound } from '../../core/errors.ts';
import type { Actor } from '../../core/identity/actor.ts';
import { getDesign } from './design.service.ts';
import {
  type BuiltAtoms,
  buildAtoms,
  type DesignInputs,
  type ExactCheck,
  reportOf,
} from './design-inputs.ts';
import { asProblem } from './errors.ts';
import './events.ts';
import { districtingObjective } from './domain/exact.ts';
import { beatFeatures } from './domain/export.ts';
import { isContiguous } from './domain/graph.ts';
import { PATROL_READ } from './permissions.ts';
import { patrolScope } from './scope.ts';

type BeatRef = { id: string; parentId: string; fixed: boolean };

// A design's inputs never change, so its atoms are built once per node (a few recent designs).
const ATOM_CACHE_SIZE = 8;
const atomCache = new Map<string, BuiltAtoms>();

function atomsOf(d: { id: string; inputs: DesignInputs }): BuiltAtoms {
  let built = atomCache.get(d.id);
  if (!built) {
    built = buildAtoms(d.inputs);
    atomCache.set(d.id, built);
    if (atomCache.size > ATOM_CACHE_SIZE) atomCache.delete(atomCache.keys().next().value!);
  }
  return built;
}

interface FullDesign {
  id: string;
  path: string;
  status: string;
  runState: string;
  inputs: DesignInputs;
  atomIds: string[];
  assignment: number[];
  beats: BeatRef[];
  version: number;
}

async function loadFull(
  db: Tx['db'] | Database['db'],
  actor: Actor,
  id: string,
  lock: boolean,
): Promise<FullDesign> {
  const res = await sql<{
    id: string;
    path: string;
    status: string;
    run_state: string;
    inputs: DesignInputs;
    atom_ids: string[] | null;
    assignment: number[] | null;
    beats: BeatRef[] | null;
    version: number;
  }>`SELECT id, jurisdiction_path::text AS path, status, run_state, inputs, atom_ids, assignment, beats, version
    FROM patrol_designs WHERE id = ${id}::uuid AND ${patrolScope(actor)} ${lock ? sql`FOR UPDATE` : sql``}`.execute(
    db,
  );
  const r = res.rows[0];
  if (!r) throw notFound('Design');
  if (r.run_state !== 'done' || !r.atom_ids || !r.assignment || !r.beats) {
    throw conflict('patrol.design_not_ready', 'The design has not finished running', {
      runState: r.run_state,
    });
  }
  return {
    id: r.id,
    path: r.path,
    status: r.status,
    runState: r.run_state,
    inputs: r.inputs,
    atomIds: r.atom_ids,
    assignment: r.assignment,
    beats: r.beats,
    version: r.version,
  };
}

/** A planner's adjustment: these atoms go to that beat. */
export interface AtomMove {
  atoms: string[];
  toBeat: string;
  /** Optimistic concurrency: the version the planner saw. */
  version?: number;
}

/** Moves atoms between beats of a draft, re-checking nesting and contiguity; recomputes quality. */
export async function moveAtoms(database: Database, actor: Actor, id: string, move: AtomMove) {
  await transact(database, actor, async (tx) => {
    const d = await loadFull(tx.db, actor, id, true);
    if (d.status !== 'draft')
      throw conflict('patrol.design_published', 'Published designs cannot be changed');
    if (move.version !== undefined && move.version !== d.version) {
      throw conflict('patrol.stale_version', 'The design changed since you loaded it', {
        version: d.version,
      });
    }
    const to = d.beats.findIndex((b) => b.id === move.toBeat);
    if (to < 0) throw invalid('patrol.unknown_beat', `No beat ${move.toBeat} in this design`);
    if (d.beats[to]!.fixed) throw invalid('patrol.fixed_beat', `Beat ${move.toBeat} is fixed`);
    const built = await asProblem(() => atomsOf(d));
    const index = new Map(d.atomIds.map((a, i) => [a, i]));
    const assignment = Int32Array.from(d.assignment);
    const touched = new Set<number>([to]);
    for (const a of move.atoms) {
      const i = index.get(a);
      if (i === undefined) throw invalid('patrol.unknown_atom', `No atom ${a} in this design`);
      const from = assignment[i]!;
      if (d.beats[from]!.fixed)
        throw invalid('patrol.fixed_beat', `Atom ${a} belongs to fixed beat ${d.beats[from]!.id}`);
      if (built.atoms.parentIds[built.atoms.parent[i]!] !== d.beats[to]!.parentId) {
        throw invalid('patrol.not_nested', `Atom ${a} lies outside the parent of beat ${move.toBeat}`);
      }
      touched.add(from);
      assignment[i] = to;
    }
    for (const b of touched) {
      const members: number[] = [];
      assignment.forEach((x, i) => {
        if (x === b) members.push(i);
      });
      if (members.length === 0) throw invalid('patrol.empty_beat', `Beat ${d.beats[b]!.id} would be empty`);
      if (!isContiguous(built.atoms, members)) {
        throw invalid('patrol.noncontiguous_beat', `Beat ${d.beats[b]!.id} would not be contiguous`, {
          beat: d.beats[b]!.id,
        });
      }
    }
    const quality = reportOf(built, d.inputs, assignment, d.beats);
    quality.exact = await movedExactCheck(tx.db, id, built, assignment, d.beats);
    await sql`UPDATE patrol_designs SET assignment = ${JSON.stringify(Array.from(assignment))}::jsonb,
      quality = ${JSON.stringify(quality)}::jsonb, version = version + 1, updated_at = now()
      WHERE id = ${id}::uuid`.execute(tx.db);
    tx.audit({
      action: 'patrol.design.moved',
      targetType: 'patrol_design',
      targetId: id,
      jurisdictionPath: d.path,
      details: { atoms: move.atoms.length, toBeat: move.toBeat },
    });
  });
  return getDesign(database, actor, id);
}

/** The exact check of a design after a move: HiGHS's bound still holds; the design's gap changes. */
async function movedExactCheck(
  db: Tx['db'],
  id: string,
  built: BuiltAtoms,
  assignment: Int32Array,
  beats: readonly BeatRef[],
): Promise<ExactCheck | null> {
  const res = await sql<{ exact: ExactCheck | null }>`SELECT quality->'exact' AS exact FROM patrol_designs
    WHERE id = ${id}::uuid`.execute(db);
  const before = res.rows[0]?.exact;
  if (!before) return null;
  const designObjective = districtingObjective(built.atoms, { assignment, beats });
  const designGap = designObjective > 0 ? Math.max(0, (designObjective - before.bound) / designObjective) : 0;
  return { ...before, designObjective, designGap };
}

/** The design's beats as an RFC 7946 FeatureCollection (with workload per beat). */
export async function designGeoJson(database: Database, actor: Actor, id: string) {
  const d = await loadFull(database.db, actor, id, false);
  return featuresOf(d);
}

function featuresOf(d: FullDesign) {
  const built = atomsOf(d);
  const assignment = Int32Array.from(d.assignment);
  const fc = beatFeatures(built.atoms, { assignment, beats: d.beats });
  const work = new Float64Array(d.beats.length);
  assignment.forEach((b, i) => {
    work[b]! += built.atoms.workload[i]!;
  });
  return {
    type: 'FeatureCollection' as const,
    features: fc.features.map((f, b) => ({
      ...f,
      id: f.properties.id,
      properties: { ...f.properties, workload: Math.round(work[b]! * 10) / 10, index: b },
    })),
  };
}

/** The design's atoms as GeoJSON polygons with their beat index (for the map and for moves). */
export async function designAtoms(database: Database, actor: Actor, id: string) {
  const d = await loadFull(database.db, actor, id, false);
  const a = atomsOf(d).atoms;
  const features = d.atomIds.map((atomId, i) => ({
    type: 'Feature' as const,
    id: atomId,
    geometry: a.shapes[i]
      ? { type: 'MultiPolygon' as const, coordinates: a.shapes[i] }
      : { type: 'Polygon' as const, coordinates: [cellToBoundary(atomId, true)] },
    properties: {
      id: atomId,
      beat: d.assignment[i]!,
      parentId: a.parentIds[a.parent[i]!]!,
      workload: a.workload[i]!,
    },
  }));
  return { type: 'FeatureCollection' as const, features };
}

/** Publishes a draft from `effectiveFrom`: its beats supersede those in force for the same area. */
export async function publishDesign(database: Database, actor: Actor, id: string, effectiveFrom: Date) {
  await transact(database, actor, async (tx) => {
    const d = await loadFull(tx.db, actor, id, true);
    if (d.status !== 'draft') throw conflict('patrol.design_published', 'The design is already published');
    // Two designs of one area published at once must not both stay in force: serialise per area.
    await sql`SELECT pg_advisory_xact_lock(hashtext(${`patrol-beats:${d.path.split('.')[0]}`}))`.execute(
      tx.db,
    );
    const fc = featuresOf(d);
    const paths = await sql<{ code: string; path: string }>`SELECT code, path::text AS path FROM jurisdictions
      WHERE path <@ ${d.path}::ltree`.execute(tx.db);
    const pathOf = new Map(paths.rows.map((r) => [r.code, r.path]));
    const at = effectiveFrom.toISOString();
    // Beats of this area already in force end at the new date; later-dated ones never start.
    await sql`UPDATE patrol_beats SET effective_to = GREATEST(effective_from, ${at}::timestamptz)
      WHERE area_path <@ ${d.path}::ltree AND (effective_to IS NULL OR effective_to > ${at}::timestamptz)`.execute(
      tx.db,
    );
    for (const f of fc.features) {
      await sql`INSERT INTO patrol_beats (id, design_id, beat_code, parent_code, jurisdiction_path, area_path, geometry, workload, effective_from)
        VALUES (${uuidv7()}::uuid, ${id}::uuid, ${f.properties.id}, ${f.properties.parentId},
          ${pathOf.get(f.properties.parentId) ?? d.path}::ltree, ${d.path}::ltree, ${JSON.stringify(f.geometry)}::jsonb,
          ${f.properties.workload}, ${at}::timestamptz)`.execute(tx.db);
    }
    await sql`UPDATE patrol_designs SET status = 'published', effective_from = ${at}::timestamptz, published_at = now(),
      updated_at = now() WHERE id = ${id}::uuid`.execute(tx.db);
    tx.audit({
      action: 'patrol.design.published',
      targetType: 'patrol_design',
      targetId: id,
      jurisdictionPath: d.path,
      details: { effectiveFrom: at },
    });
    tx.emit(
      'patrol.beats.published',
      { designId: id, effectiveFrom: at, beats: fc.features.length },
      { jurisdictionPath: d.path, permission: PATROL_READ },
    );
  });
  return getDesign(database, actor, id);
}

/** A beat in force, as a GeoJSON feature. */
export interface BeatInForce {
  type: 'Feature';
  id: string;
  geometry: { type: 'MultiPolygon'; coordinates: unknown };
  properties: {
    beat: string;
    parent: string;
    jurisdictionPath: string;
    designId: string;
    workload: number;
    effectiveFrom: string;
    effectiveTo: string | null;
  };
}

/** The beats in force at `at` visible to the actor (for dispatch and analysis). */
export async function beatsInForce(database: Database, actor: Actor, at: Date) {
  const res = await sql<{
    beat_code: string;
    parent_code: string;
    path: string;
    design_id: string;
    geometry: BeatInForce['geometry'];
    workload: number;
    effective_from: Date;
    effective_to: Date | null;
  }>`SELECT beat_code, parent_code, jurisdiction_path::text AS path, design_id, geometry, workload, effective_from, effective_to
    FROM patrol_beats WHERE effective_from <= ${at.toISOString()}::timestamptz
      AND (effective_to IS NULL OR effective_to > ${at.toISOString()}::timestamptz) AND ${patrolScope(actor)}
    ORDER BY beat_code`.execute(database.db);
  const features: BeatInForce[] = res.rows.map((r) => ({
    type: 'Feature',
    id: r.beat_code,
    geometry: r.geometry,
    properties: {
      beat: r.beat_code,
      parent: r.parent_code,
      jurisdictionPath: r.path,
      designId: r.design_id,
      workload: Number(r.workload),
      effectiveFrom: new Date(r.effective_from).toISOString(),
      effectiveTo: r.effective_to ? new Date(r.effective_to).toISOString() : null,
    },
  }));
  return { type: 'FeatureCollection' as const, features };
}
