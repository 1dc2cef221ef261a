// Import of beats as GeoJSON (RFC 7946): the beats become a finished draft design over the same
// atoms, so they can be compared with proposals, adjusted and published.
import * as turf from '@turf/turf';
import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import { transact } from '../../core/db/transaction.ts';
import { invalid } from '../../core/errors.ts';
import type { Actor } from '../../core/identity/actor.ts';
import type { CoreServices } from '../../core/module.ts';
import { areaOf, type DesignRequest, getDesign, inputsOf, workloadSummary } from './design.service.ts';
import { type BuiltAtoms, buildAtoms, reportOf } from './design-inputs.ts';
import type { Region } from './domain/geojson.ts';
import { readRegions } from './domain/geojson.ts';
import type { Incident } from './domain/workload.ts';
import { asProblem } from './errors.ts';

/** An import request: the beats and what to measure them with. */
export interface BeatImport {
  name: string;
  jurisdictionId: string;
  geojson: unknown;
  idProperty?: string;
  resolution?: number;
  /** Incidents to measure the beats with (shorthand for workload `incidents`). */
  incidents?: Incident[];
  /** What to measure the beats with, as for a design (default: the synthetic demo workload). */
  workload?: DesignRequest['workload'];
}

function locateAtoms(built: BuiltAtoms, regions: readonly Region[]): Int32Array {
  const a = built.atoms;
  const shapes = regions.map((r) => turf.multiPolygon(r.polygons));
  const out = new Int32Array(a.ids.length).fill(-1);
  for (let i = 0; i < out.length; i++) {
    const pt = turf.point([a.lon[i]!, a.lat[i]!]);
    out[i] = shapes.findIndex((s) => turf.booleanPointInPolygon(pt, s));
  }
  // Atoms whose centre falls just outside every beat (edge slivers) join a neighbouring beat.
  for (let changed = true; changed; ) {
    changed = false;
    for (let i = 0; i < out.length; i++) {
      if (out[i] !== -1) continue;
      for (let k = a.adjStart[i]!; k < a.adjStart[i + 1]!; k++) {
        const b = out[a.adjIndex[k]!]!;
        if (b >= 0 && a.parent[a.adjIndex[k]!] === a.parent[i]) {
          out[i] = b;
          changed = true;
          break;
        }
      }
    }
  }
  return out;
}

function majorityParent(built: BuiltAtoms, assignment: Int32Array, beats: number): string[] {
  const counts = Array.from({ length: beats }, () => new Map<number, number>());
  assignment.forEach((b, i) => {
    const p = built.atoms.parent[i]!;
    counts[b]!.set(p, (counts[b]!.get(p) ?? 0) + 1);
  });
  return counts.map((m) => {
    const best = [...m].sort((x, y) => y[1] - x[1])[0]!;
    return built.atoms.parentIds[best[0]]!;
  });
}

/** Imports beats; invalid GeoJSON, uncovered atoms or empty beats are 400 and nothing is written. */
export async function importBeats(services: CoreServices, actor: Actor, req: BeatImport) {
  const regions = await asProblem(() => readRegions(req.geojson, { idProperty: req.idProperty }));
  const area = await areaOf(services.database, actor, req.jurisdictionId);
  if (req.incidents && req.workload)
    throw invalid('patrol.import_workload', 'Give either incidents or a workload, not both');
  const workload: DesignRequest['workload'] =
    req.workload ??
    (req.incidents ? { source: 'incidents', incidents: req.incidents } : { source: 'synthetic' });
  const inputs = await inputsOf(services, actor, area, { resolution: req.resolution, workload });
  const built = await asProblem(() => buildAtoms(inputs));
  const assignment = locateAtoms(built, regions);
  const uncovered = assignment.filter((b) => b < 0).length;
  if (uncovered > 0)
    throw invalid('patrol.import_uncovered', `${uncovered} atoms of the area lie in no imported beat`);
  const sizes = new Int32Array(regions.length);
  for (const b of assignment) sizes[b]!++;
  const empty = regions.filter((_, b) => sizes[b] === 0).map((r) => r.id);
  if (empty.length > 0)
    throw invalid('patrol.import_empty_beat', `Beats cover no atom of the area: ${empty.join(', ')}`, {
      beats: empty,
    });
  const parents = majorityParent(built, assignment, regions.length);
  const beats = regions.map((r, b) => ({ id: r.id, parentId: parents[b]!, fixed: false }));
  const quality = reportOf(built, inputs, assignment, beats);
  const id = uuidv7();
  const parameters = {
    beats: beats.length,
    resolution: inputs.resolution,
    imported: true,
    workload: workloadSummary(workload, inputs),
  };
  await transact(services.database, actor, async (tx) => {
    await sql`INSERT INTO patrol_designs (id, name, jurisdiction_id, jurisdiction_path, run_state, progress, parameters, inputs,
        atom_ids, assignment, beats, quality, created_by)
      VALUES (${id}::uuid, ${req.name}, ${area.id}::uuid, ${area.path}::ltree, 'done', 1, ${JSON.stringify(parameters)}::jsonb,
        ${JSON.stringify(inputs)}::jsonb, ${JSON.stringify(built.atoms.ids)}::jsonb, ${JSON.stringify(Array.from(assignment))}::jsonb,
        ${JSON.stringify(beats)}::jsonb, ${JSON.stringify(quality)}::jsonb, ${actor.name})`.execute(tx.db);
    tx.audit({
      action: 'patrol.design.imported',
      targetType: 'patrol_design',
      targetId: id,
      jurisdictionPath: area.path,
      details: { beats: beats.length },
    });
  });
  return getDesign(services.database, actor, id);
}
