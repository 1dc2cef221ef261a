import type { AtomSet } from './atoms.ts';
import { MinHeap } from './heap.ts';
import type { BeatState } from './objective.ts';
import type { Rng } from './rng.ts';

/** One connected free territory of a parent and the beats it receives. */
export interface Zone {
  readonly parent: number;
  readonly members: readonly number[];
  /** Global beat indices assigned to this zone. */
  readonly beats: readonly number[];
}

function seedWeights(atoms: AtomSet, members: readonly number[]): Float64Array {
  let W = 0;
  let A = 0;
  for (const i of members) {
    W += atoms.workload[i]!;
    A += atoms.area[i]!;
  }
  // Half workload, half area: seeds follow demand but empty land still gets covered.
  return Float64Array.from(members, (i) => (W > 0 ? atoms.workload[i]! / W : 0) + atoms.area[i]! / A);
}

function sample(weights: Float64Array, rng: Rng): number {
  let total = 0;
  for (const w of weights) total += w;
  let r = rng() * total;
  for (let k = 0; k < weights.length; k++) {
    r -= weights[k]!;
    if (r <= 0 && weights[k]! > 0) return k;
  }
  return weights.length - 1;
}

function kmeans(atoms: AtomSet, members: readonly number[], k: number, rng: Rng): Float64Array {
  const q = seedWeights(atoms, members);
  const cx = new Float64Array(k);
  const cy = new Float64Array(k);
  const d2 = new Float64Array(members.length).fill(Infinity);
  for (let c = 0; c < k; c++) {
    const pick =
      c === 0
        ? sample(q, rng)
        : sample(
            Float64Array.from(q, (w, m) => w * d2[m]!),
            rng,
          );
    cx[c] = atoms.x[members[pick]!]!;
    cy[c] = atoms.y[members[pick]!]!;
    members.forEach((i, m) => {
      d2[m] = Math.min(d2[m]!, (atoms.x[i]! - cx[c]!) ** 2 + (atoms.y[i]! - cy[c]!) ** 2);
    });
  }
  for (let iter = 0; iter < 8; iter++) {
    const sw = new Float64Array(k);
    const sx = new Float64Array(k);
    const sy = new Float64Array(k);
    members.forEach((i, m) => {
      let best = 0;
      let bd = Infinity;
      for (let c = 0; c < k; c++) {
        const d = (atoms.x[i]! - cx[c]!) ** 2 + (atoms.y[i]! - cy[c]!) ** 2;
        if (d < bd) {
          bd = d;
          best = c;
        }
      }
      sw[best]! += q[m]!;
      sx[best]! += q[m]! * atoms.x[i]!;
      sy[best]! += q[m]! * atoms.y[i]!;
    });
    for (let c = 0; c < k; c++) {
      if (sw[c]! > 0) {
        cx[c] = sx[c]! / sw[c]!;
        cy[c] = sy[c]! / sw[c]!;
      }
    }
  }
  const centres = new Float64Array(2 * k);
  for (let c = 0; c < k; c++) {
    centres[2 * c] = cx[c]!;
    centres[2 * c + 1] = cy[c]!;
  }
  return centres;
}

/** Distinct member atoms nearest to each centre (x0, y0, x1, y1...). */
export function nearestDistinct(atoms: AtomSet, members: readonly number[], centres: Float64Array): number[] {
  const used = new Set<number>();
  const seeds: number[] = [];
  for (let c = 0; c < centres.length / 2; c++) {
    let best = -1;
    let bd = Infinity;
    for (const i of members) {
      if (used.has(i)) continue;
      const d = (atoms.x[i]! - centres[2 * c]!) ** 2 + (atoms.y[i]! - centres[2 * c + 1]!) ** 2;
      if (d < bd) {
        bd = d;
        best = i;
      }
    }
    used.add(best);
    seeds.push(best);
  }
  return seeds;
}

/** Seed atoms for a zone: weighted k-means++ then Lloyd iterations, snapped to atoms. */
export function chooseSeeds(atoms: AtomSet, members: readonly number[], k: number, rng: Rng): number[] {
  return nearestDistinct(atoms, members, kmeans(atoms, members, k, rng));
}

/**
 * Balanced region growing: the least-loaded beat (workload and area relative to their zone
 * means) repeatedly takes its unassigned frontier atom nearest to its seed. Fills the zone
 * completely because the zone is connected.
 */
export function growRegions(
  state: BeatState,
  zone: Zone,
  seeds: readonly number[],
  inZone: Uint8Array,
): void {
  const atoms = state.atoms;
  let W = 0;
  let A = 0;
  for (const i of zone.members) {
    W += atoms.workload[i]!;
    A += atoms.area[i]!;
  }
  const k = zone.beats.length;
  const load = (b: number) => (W > 0 ? state.W[b]! / (W / k) : 0) + (0.5 * state.A[b]!) / (A / k);
  const frontiers = zone.beats.map(() => new MinHeap());
  const beatHeap = new MinHeap();
  const pushNeighbours = (j: number, i: number) => {
    const s = seeds[j]!;
    for (let e = atoms.adjStart[i]!; e < atoms.adjStart[i + 1]!; e++) {
      const n = atoms.adjIndex[e]!;
      if (inZone[n] !== 1 || state.assignment[n] !== -1 || atoms.adjShared[e]! <= 0) continue;
      frontiers[j]!.push(n, (atoms.x[n]! - atoms.x[s]!) ** 2 + (atoms.y[n]! - atoms.y[s]!) ** 2);
    }
  };
  zone.beats.forEach((b, j) => {
    state.add(seeds[j]!, b);
    pushNeighbours(j, seeds[j]!);
    beatHeap.push(j, load(b));
  });
  while (beatHeap.size > 0) {
    const j = beatHeap.pop()!;
    const f = frontiers[j]!;
    while (f.size > 0 && state.assignment[f.peek()!] !== -1) f.pop();
    if (f.size === 0) continue;
    const i = f.pop()!;
    state.add(i, zone.beats[j]!);
    pushNeighbours(j, i);
    beatHeap.push(j, load(zone.beats[j]!));
  }
}
