import type { AtomTravelTime } from './local-search.ts';
import type { BeatState } from './objective.ts';
import type { Zone } from './seeding.ts';

const CANDIDATES = 8;

function membersByBeat(state: BeatState, zone: Zone): Map<number, number[]> {
  const m = new Map<number, number[]>(zone.beats.map((b) => [b, []]));
  for (const i of zone.members) m.get(state.assignment[i]!)?.push(i);
  return m;
}

/** Workload-weighted medoid among the atoms nearest the beat's workload centroid. */
function medoid(state: BeatState, members: readonly number[], time: AtomTravelTime): number {
  const { x, y, workload } = state.atoms;
  let sw = 0;
  let sx = 0;
  let sy = 0;
  for (const i of members) {
    const w = workload[i]! + 1e-9;
    sw += w;
    sx += w * x[i]!;
    sy += w * y[i]!;
  }
  const cx = sx / sw;
  const cy = sy / sw;
  const cands = [...members]
    .sort((a, b) => (x[a]! - cx) ** 2 + (y[a]! - cy) ** 2 - ((x[b]! - cx) ** 2 + (y[b]! - cy) ** 2))
    .slice(0, CANDIDATES);
  let best = cands[0]!;
  let bestCost = Infinity;
  for (const c of cands) {
    let cost = 0;
    for (const i of members) if (workload[i]! > 0) cost += workload[i]! * time(i, c);
    if (cost < bestCost) {
      bestCost = cost;
      best = c;
    }
  }
  return best;
}

/** Recomputes the patrol position (atom) of every beat of the zone. */
export function refreshCentres(state: BeatState, zone: Zone, time: AtomTravelTime, centre: Int32Array): void {
  for (const [b, members] of membersByBeat(state, zone))
    if (members.length > 0) centre[b] = medoid(state, members, time);
}

/** Normaliser making the travel term about 1 per beat for the current design. */
export function travelScale(state: BeatState, zone: Zone, time: AtomTravelTime, centre: Int32Array): number {
  let cost = 0;
  for (const i of zone.members) {
    const w = state.atoms.workload[i]!;
    if (w > 0) cost += w * time(i, centre[state.assignment[i]!]!);
  }
  return cost > 0 ? cost / zone.beats.length : 1;
}
