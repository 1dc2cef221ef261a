import type { AtomSet } from './atoms.ts';
import type { Position } from './geo.ts';
import type { Incident, WorkloadOptions } from './workload.ts';
import { incidentWeight } from './workload.ts';

/** Incidents of one beat merged by location: positions with summed weights. */
export interface BeatDemand {
  lon: Float64Array;
  lat: Float64Array;
  weight: Float64Array;
}

/** Groups incidents by beat (via their atom) and merges identical locations. */
export function demandByBeat(
  incidents: readonly Incident[],
  atomOf: Int32Array,
  assignment: Int32Array,
  beats: number,
  options: WorkloadOptions = {},
): BeatDemand[] {
  const maps = Array.from({ length: beats }, () => new Map<string, [number, number, number]>());
  incidents.forEach((inc, k) => {
    const a = atomOf[k]!;
    if (a < 0) return;
    const w = incidentWeight(inc, options);
    if (!(w > 0)) return;
    const key = `${inc.lon},${inc.lat}`;
    const m = maps[assignment[a]!]!;
    const cur = m.get(key);
    if (cur) cur[2] += w;
    else m.set(key, [inc.lon, inc.lat, w]);
  });
  return maps.map((m) => {
    const rows = [...m.values()];
    return {
      lon: Float64Array.from(rows, (r) => r[0]),
      lat: Float64Array.from(rows, (r) => r[1]),
      weight: Float64Array.from(rows, (r) => r[2]),
    };
  });
}

/** Distance function over demand-point indices of one beat and a candidate position. */
export type DemandDistance = (lon1: number, lat1: number, lon2: number, lat2: number) => number;

/** Straight-line metres in the atoms' local projection (fast default). */
export function projectedDistance(atoms: AtomSet): DemandDistance {
  const p = atoms.projection;
  return (lon1, lat1, lon2, lat2) => Math.hypot(p.x(lon1) - p.x(lon2), p.y(lat1) - p.y(lat2));
}

/**
 * Workload-weighted medoid: the incident location minimising the weighted sum of distances to
 * the beat's incidents, among the `maxCandidates` heaviest locations. Null when no demand.
 */
export function weightedMedoid(d: BeatDemand, dist: DemandDistance, maxCandidates: number): Position | null {
  const n = d.weight.length;
  if (n === 0) return null;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => d.weight[b]! - d.weight[a]! || a - b);
  let best = order[0]!;
  let bestCost = Infinity;
  for (const c of order.slice(0, maxCandidates)) {
    let cost = 0;
    for (let i = 0; i < n && cost < bestCost; i++)
      cost += d.weight[i]! * dist(d.lon[c]!, d.lat[c]!, d.lon[i]!, d.lat[i]!);
    if (cost < bestCost) {
      bestCost = cost;
      best = c;
    }
  }
  return [d.lon[best]!, d.lat[best]!];
}
