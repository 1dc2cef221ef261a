import { PatrolError } from './errors.ts';
import type { LocalProjection, MultiPolygonCoords } from './geo.ts';
import { localProjection } from './geo.ts';

/**
 * The building blocks of beats: H3 cells or imported small-area polygons. Struct-of-arrays so
 * the optimiser can work on tens of thousands of atoms; index i describes atom i everywhere.
 */
export interface AtomSet {
  readonly kind: 'h3' | 'polygon';
  /** H3 resolution for `kind: 'h3'`, else null. */
  readonly resolution: number | null;
  readonly ids: readonly string[];
  /** Distinct parent (district) ids; `parent[i]` indexes into this list. */
  readonly parentIds: readonly string[];
  readonly parent: Int32Array;
  /** Centroid in lon/lat and in local metres (`projection`). */
  readonly lon: Float64Array;
  readonly lat: Float64Array;
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly projection: LocalProjection;
  /** Area in m² and boundary length in m (outer rings and holes). */
  readonly area: Float64Array;
  readonly perimeter: Float64Array;
  /** Workload (sum of incident weights) and optional population. */
  readonly workload: Float64Array;
  readonly population: Float64Array | null;
  /** Adjacency in CSR form: neighbours of i are adjIndex[adjStart[i] .. adjStart[i+1]). */
  readonly adjStart: Int32Array;
  readonly adjIndex: Int32Array;
  /** Shared boundary length (m) per adjacency entry; 0 for cross-parent touches of unknown length. */
  readonly adjShared: Float64Array;
  /** Atom geometry when it is not a whole H3 cell (clipped cells, imported polygons); else null. */
  readonly shapes: readonly (MultiPolygonCoords | null)[];
}

/** Plain description of one atom, used to assemble an AtomSet. */
export interface AtomInput {
  id: string;
  parentId: string;
  lon: number;
  lat: number;
  area: number;
  perimeter: number;
  shape: MultiPolygonCoords | null;
  population?: number;
}

/** One undirected adjacency with its shared boundary length in metres. */
export interface AtomEdge {
  a: number;
  b: number;
  shared: number;
}

function buildCsr(n: number, edges: readonly AtomEdge[]) {
  const deg = new Int32Array(n + 1);
  const seen = new Set<string>();
  const uniq: AtomEdge[] = [];
  for (const e of edges) {
    if (e.a === e.b) continue;
    const key = e.a < e.b ? `${e.a},${e.b}` : `${e.b},${e.a}`;
    if (seen.has(key)) continue;
    seen.add(key);
    uniq.push(e);
    deg[e.a + 1]!++;
    deg[e.b + 1]!++;
  }
  for (let i = 0; i < n; i++) deg[i + 1]! += deg[i]!;
  const adjIndex = new Int32Array(deg[n]!);
  const adjShared = new Float64Array(deg[n]!);
  const fill = deg.slice(0, n);
  for (const e of uniq) {
    adjIndex[fill[e.a]!] = e.b;
    adjShared[fill[e.a]!++] = e.shared;
    adjIndex[fill[e.b]!] = e.a;
    adjShared[fill[e.b]!++] = e.shared;
  }
  return { adjStart: deg, adjIndex, adjShared };
}

/** Assembles an AtomSet from atom descriptions and undirected edges. */
export function assembleAtoms(
  kind: AtomSet['kind'],
  resolution: number | null,
  inputs: readonly AtomInput[],
  edges: readonly AtomEdge[],
): AtomSet {
  if (inputs.length === 0)
    throw new PatrolError('INVALID_INPUT', 'No atoms: the boundary covers no cells/areas');
  const parentIds: string[] = [];
  const parentIndex = new Map<string, number>();
  const parent = new Int32Array(inputs.length);
  let lonSum = 0;
  let latSum = 0;
  inputs.forEach((a, i) => {
    let p = parentIndex.get(a.parentId);
    if (p === undefined) {
      p = parentIds.length;
      parentIds.push(a.parentId);
      parentIndex.set(a.parentId, p);
    }
    parent[i] = p;
    lonSum += a.lon;
    latSum += a.lat;
  });
  const projection = localProjection(lonSum / inputs.length, latSum / inputs.length);
  const hasPop = inputs.some((a) => a.population !== undefined);
  return {
    kind,
    resolution,
    ids: inputs.map((a) => a.id),
    parentIds,
    parent,
    lon: Float64Array.from(inputs, (a) => a.lon),
    lat: Float64Array.from(inputs, (a) => a.lat),
    x: Float64Array.from(inputs, (a) => projection.x(a.lon)),
    y: Float64Array.from(inputs, (a) => projection.y(a.lat)),
    projection,
    area: Float64Array.from(inputs, (a) => a.area),
    perimeter: Float64Array.from(inputs, (a) => a.perimeter),
    workload: new Float64Array(inputs.length),
    population: hasPop ? Float64Array.from(inputs, (a) => a.population ?? 0) : null,
    ...buildCsr(inputs.length, edges),
    shapes: inputs.map((a) => a.shape),
  };
}

/** Copy of the atom set with a new workload (and optionally population) vector. */
export function withAtomValues(atoms: AtomSet, workload: Float64Array, population?: Float64Array): AtomSet {
  if (workload.length !== atoms.ids.length) {
    throw new PatrolError('INVALID_INPUT', 'workload length must equal the number of atoms');
  }
  return { ...atoms, workload, population: population ?? atoms.population };
}

/** True when adjacency entry k of atom i links two atoms of the same parent along a real edge. */
export function isContiguityEdge(atoms: AtomSet, i: number, k: number): boolean {
  return atoms.adjShared[k]! > 0 && atoms.parent[atoms.adjIndex[k]!] === atoms.parent[i];
}
