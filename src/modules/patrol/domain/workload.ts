import Flatbush from 'flatbush';
import * as h3 from 'h3-js';
import type { AtomSet } from './atoms.ts';
import { withAtomValues } from './atoms.ts';
import { PatrolError } from './errors.ts';
import { bboxOf, pointInPolygons } from './geo.ts';

/** A historical or forecast incident used as workload. */
export interface Incident {
  lon: number;
  lat: number;
  /** Incident type, looked up in `onSceneMinutes`. */
  type?: string;
  /** Epoch milliseconds (needed for replay only). */
  time?: number;
  /** Explicit workload weight; overrides the type's on-scene time. */
  weight?: number;
}

/** How incidents become workload: each incident weighs its type's expected time on scene. */
export interface WorkloadOptions {
  /** Expected on-scene minutes per incident type. */
  onSceneMinutes?: Readonly<Record<string, number>>;
  /** Weight of incidents whose type is unknown or absent (default 1, i.e. counting). */
  defaultWeight?: number;
}

/** Maps points to the atom containing them (-1 when outside every atom). */
export type AtomLocator = (lon: number, lat: number) => number;

function h3Locator(atoms: AtomSet): AtomLocator {
  const res = atoms.resolution!;
  const byCell = new Map<string, number[]>();
  atoms.ids.forEach((id, i) => {
    const cell = id.split(':')[0]!;
    const list = byCell.get(cell);
    if (list) list.push(i);
    else byCell.set(cell, [i]);
  });
  return (lon, lat) => {
    const cell = h3.latLngToCell(lat, lon, res);
    const hits = byCell.get(cell);
    if (hits) {
      for (const i of hits) {
        const shape = atoms.shapes[i];
        if (!shape || pointInPolygons(lon, lat, shape)) return i;
      }
      return -1;
    }
    // Centre-mode cover: a point in an uncovered edge cell goes to the nearest covered neighbour.
    let best = -1;
    let bestD = Infinity;
    for (const n of h3.gridDisk(cell, 1)) {
      for (const i of byCell.get(n) ?? []) {
        if (atoms.shapes[i]) continue;
        const d = (atoms.lon[i]! - lon) ** 2 + (atoms.lat[i]! - lat) ** 2;
        if (d < bestD) {
          bestD = d;
          best = i;
        }
      }
    }
    return best;
  };
}

function polygonLocator(atoms: AtomSet): AtomLocator {
  const index = new Flatbush(atoms.ids.length);
  for (const shape of atoms.shapes) {
    const [a, b, c, d] = bboxOf(shape ?? []);
    index.add(a, b, c, d);
  }
  index.finish();
  return (lon, lat) => {
    let found = -1;
    index.search(lon, lat, lon, lat, (i) => {
      if (found === -1 && pointInPolygons(lon, lat, atoms.shapes[i]!)) found = i;
      return false;
    });
    return found;
  };
}

/** Builds a point locator for an atom set (H3 cell lookup or an R-tree over polygons). */
export function atomLocator(atoms: AtomSet): AtomLocator {
  return atoms.kind === 'h3' ? h3Locator(atoms) : polygonLocator(atoms);
}

/** Weight of one incident under the workload options. */
export function incidentWeight(incident: Incident, options: WorkloadOptions = {}): number {
  if (incident.weight !== undefined) return incident.weight;
  const byType = incident.type !== undefined ? options.onSceneMinutes?.[incident.type] : undefined;
  return byType ?? options.defaultWeight ?? 1;
}

/** Result of assigning incidents to atoms. */
export interface WorkloadAssignment {
  /** The atoms with their workload vector filled in. */
  atoms: AtomSet;
  /** Atom index of each incident, -1 when it fell outside every atom. */
  atomOf: Int32Array;
  /** Number of incidents outside every atom (ignored). */
  unassigned: number;
}

/** Sums incident weights into atom workload; throws EMPTY_WORKLOAD when nothing lands inside. */
export function assignWorkload(
  atoms: AtomSet,
  incidents: readonly Incident[],
  options: WorkloadOptions = {},
): WorkloadAssignment {
  const locate = atomLocator(atoms);
  const workload = new Float64Array(atoms.ids.length);
  const atomOf = new Int32Array(incidents.length);
  let unassigned = 0;
  let total = 0;
  incidents.forEach((inc, k) => {
    const w = incidentWeight(inc, options);
    const i = Number.isFinite(inc.lon) && Number.isFinite(inc.lat) && w >= 0 ? locate(inc.lon, inc.lat) : -1;
    atomOf[k] = i;
    if (i < 0) {
      unassigned++;
      return;
    }
    workload[i]! += w;
    total += w;
  });
  if (!(total > 0)) {
    throw new PatrolError(
      'EMPTY_WORKLOAD',
      'Empty workload: no incident with positive weight falls inside the atoms',
      {
        incidents: incidents.length,
        unassigned,
      },
    );
  }
  return { atoms: withAtomValues(atoms, workload), atomOf, unassigned };
}
