import type { AtomSet } from './atoms.ts';
import type { BeatState } from './objective.ts';
import type { Rng } from './rng.ts';
import { randomInt } from './rng.ts';
import type { Zone } from './seeding.ts';

/** Travel-time hook: time from atom `from` to atom `to` (any unit, used relatively). */
export type AtomTravelTime = (from: number, to: number) => number;

/** Budget and hooks of one local-search run. */
export interface SearchControl {
  rng: Rng;
  iterations: number;
  /** Initial acceptance probability of a typical worsening move (simulated annealing). */
  startAcceptance: number;
  /** Returns true when the caller's time budget is exhausted. */
  expired: () => boolean;
  onTick: (iterationsDone: number) => void;
  travel: TravelTerm | null;
  /** Periodic hook (every 20 sweeps) used to move patrol positions for the travel term. */
  refresh: (() => void) | null;
}

/** Travel part of the objective: workload x time to the beat's patrol position, normalised. */
export interface TravelTerm {
  time: AtomTravelTime;
  weight: number;
  /** Normaliser (workload x time units) making the term comparable to the others. */
  scale: number;
  /** Patrol position (atom) per beat, refreshed by the caller. */
  centre: Int32Array;
}

/** Reusable scratch for contiguity checks. */
export class Scratch {
  readonly stamp: Int32Array;
  generation = 0;
  readonly stack: number[] = [];
  readonly nb: number[] = [];
  constructor(n: number) {
    this.stamp = new Int32Array(n);
  }
}

function beatNeighbours(atoms: AtomSet, state: BeatState, i: number, b: number, out: number[]): void {
  out.length = 0;
  for (let k = atoms.adjStart[i]!; k < atoms.adjStart[i + 1]!; k++) {
    const j = atoms.adjIndex[k]!;
    if (state.assignment[j] === b && atoms.adjShared[k]! > 0 && atoms.parent[j] === atoms.parent[i])
      out.push(j);
  }
}

/** True when beat `b` stays connected after removing atom i (i is not an articulation point). */
export function staysConnected(state: BeatState, i: number, b: number, s: Scratch): boolean {
  const atoms = state.atoms;
  const nb = s.nb;
  beatNeighbours(atoms, state, i, b, nb);
  if (nb.length <= 1) return true;
  // Fast path: neighbours already linked to each other around i.
  s.generation++;
  const g = s.generation;
  s.stamp[i] = g;
  s.stack.length = 0;
  s.stack.push(nb[0]!);
  s.stamp[nb[0]!] = g;
  let found = 1;
  let local = true;
  while (s.stack.length > 0) {
    const u = s.stack.pop()!;
    for (let k = atoms.adjStart[u]!; k < atoms.adjStart[u + 1]!; k++) {
      const v = atoms.adjIndex[k]!;
      if (s.stamp[v] === g || state.assignment[v] !== b || atoms.adjShared[k]! <= 0) continue;
      if (atoms.parent[v] !== atoms.parent[u]) continue;
      const isNb = nb.includes(v);
      if (local && !isNb) continue;
      s.stamp[v] = g;
      if (isNb && ++found === nb.length) return true;
      s.stack.push(v);
    }
    if (s.stack.length === 0 && local) {
      // Local ring exhausted: continue as a full BFS from everything reached so far.
      local = false;
      for (const v of nb) if (s.stamp[v] === g) s.stack.push(v);
    }
  }
  return false;
}

function travelDelta(t: TravelTerm, atoms: AtomSet, i: number, from: number, to: number): number {
  const w = atoms.workload[i]!;
  if (w === 0) return 0;
  return (t.weight * w * (t.time(i, t.centre[to]!) - t.time(i, t.centre[from]!))) / t.scale;
}

/** A random neighbour of boundary atom i in another beat of the zone, or -1 for interior atoms. */
function otherNeighbour(state: BeatState, i: number, inZone: Uint8Array, rng: Rng): number {
  const atoms = state.atoms;
  const start = atoms.adjStart[i]!;
  const deg = atoms.adjStart[i + 1]! - start;
  if (deg === 0) return -1;
  const from = state.assignment[i]!;
  const off = randomInt(rng, deg);
  for (let d = 0; d < deg; d++) {
    const k = start + ((off + d) % deg);
    const j = atoms.adjIndex[k]!;
    if (inZone[j] === 1 && state.assignment[j] !== from && atoms.adjShared[k]! > 0) return j;
  }
  return -1;
}

/** Share of annealing steps that try a swap of two adjacent atoms instead of a single move. */
const SWAP_SHARE = 0.25;

/**
 * Swaps adjacent atoms i (beat X) and j (beat Y) under the annealing rule; both beats must stay
 * connected. Swaps trade a heavy atom for a light one, which single moves cannot do without a
 * large intermediate imbalance. Returns the objective change (0 when nothing changed).
 */
function trySwap(state: BeatState, i: number, j: number, temp: number, s: Scratch, c: SearchControl): number {
  const x = state.assignment[i]!;
  const y = state.assignment[j]!;
  if (state.count[x]! <= 1 || state.count[y]! <= 1 || !staysConnected(state, i, x, s)) return 0;
  const d1 = fullDelta(state, i, x, y, c.travel);
  state.move(i, y);
  if (state.sharedWith(j, x) <= 0 || !staysConnected(state, j, y, s)) {
    state.move(i, x);
    return 0;
  }
  const d = d1 + fullDelta(state, j, y, x, c.travel);
  if (d > 0 && (temp <= 0 || c.rng() >= Math.exp(-d / temp))) {
    state.move(i, x);
    return 0;
  }
  state.move(j, x);
  return d;
}

/** Total objective change of moving i, including the optional travel term. */
export function fullDelta(
  state: BeatState,
  i: number,
  from: number,
  to: number,
  travel: TravelTerm | null,
): number {
  const d = state.moveDelta(i, from, to);
  return travel ? d + travelDelta(travel, state.atoms, i, from, to) : d;
}

function initialTemperature(state: BeatState, zone: Zone, inZone: Uint8Array, c: SearchControl): number {
  const ups: number[] = [];
  for (let t = 0; t < 400 && ups.length < 100; t++) {
    const i = zone.members[randomInt(c.rng, zone.members.length)]!;
    const j = otherNeighbour(state, i, inZone, c.rng);
    if (j < 0) continue;
    const d = fullDelta(state, i, state.assignment[i]!, state.assignment[j]!, c.travel);
    if (d > 0) ups.push(d);
  }
  if (ups.length === 0) return 0;
  ups.sort((a, b) => a - b);
  return -ups[ups.length >> 1]! / Math.log(c.startAcceptance);
}

/**
 * Simulated annealing over single boundary-atom moves between beats of one zone. A move is
 * only applied when the losing beat stays connected and keeps at least one atom, so every
 * beat remains contiguous throughout. Atoms with `locked[i] === 1` never move.
 */
export function anneal(
  state: BeatState,
  zone: Zone,
  inZone: Uint8Array,
  locked: Uint8Array,
  c: SearchControl,
) {
  const s = new Scratch(state.atoms.ids.length);
  const t0 = initialTemperature(state, zone, inZone, c);
  const n = zone.members.length;
  const cool = c.iterations > 0 ? 1e-3 ** (1 / c.iterations) : 1;
  // Keep the best design seen (checked once per sweep) so a late uphill walk is never returned.
  let current = 0;
  let best = 0;
  let bestAt = Int32Array.from(zone.members, (i) => state.assignment[i]!);
  let temp = t0;
  let it = 0;
  let timedOut = false;
  for (; it < c.iterations; it++) {
    if ((it & 2047) === 0) {
      c.onTick(it);
      if (c.expired()) {
        timedOut = true;
        break;
      }
    }
    if (it % n === 0 && current < best - 1e-12) {
      best = current;
      bestAt = Int32Array.from(zone.members, (i) => state.assignment[i]!);
    }
    temp *= cool;
    if (c.refresh && it > 0 && it % (20 * n) === 0) {
      // Moving patrol positions changes the objective itself: restart the best-so-far record.
      c.refresh();
      best = current;
      bestAt = Int32Array.from(zone.members, (i) => state.assignment[i]!);
    }
    const i = zone.members[randomInt(c.rng, n)]!;
    if (locked[i] === 1) continue;
    const from = state.assignment[i]!;
    if (state.count[from]! <= 1) continue;
    const j = otherNeighbour(state, i, inZone, c.rng);
    if (j < 0) continue;
    const to = state.assignment[j]!;
    if (c.rng() < SWAP_SHARE) {
      current += trySwap(state, i, j, temp, s, c);
      continue;
    }
    const d = fullDelta(state, i, from, to, c.travel);
    if (d > 0 && (temp <= 0 || c.rng() >= Math.exp(-d / temp))) continue;
    if (staysConnected(state, i, from, s)) {
      state.move(i, to);
      current += d;
    }
  }
  if (current > best + 1e-12) restore(state, zone, bestAt);
  c.onTick(it);
  return { iterations: it, timedOut };
}

/** Puts the zone back into a saved assignment. */
export function restore(state: BeatState, zone: Zone, saved: Int32Array): void {
  state.clear(zone.members, zone.beats);
  zone.members.forEach((i, m) => {
    state.add(i, saved[m]!);
  });
}

/** Steepest-descent polish: best improving move per boundary atom until none is left. */
export function polish(
  state: BeatState,
  zone: Zone,
  inZone: Uint8Array,
  locked: Uint8Array,
  travel: TravelTerm | null,
) {
  const atoms = state.atoms;
  const s = new Scratch(atoms.ids.length);
  for (let pass = 0; pass < 50; pass++) {
    let moved = 0;
    for (const i of zone.members) {
      const from = state.assignment[i]!;
      if (locked[i] === 1 || state.count[from]! <= 1) continue;
      let best = -1;
      let bestD = -1e-12;
      for (let k = atoms.adjStart[i]!; k < atoms.adjStart[i + 1]!; k++) {
        const to = state.assignment[atoms.adjIndex[k]!]!;
        if (inZone[atoms.adjIndex[k]!] !== 1 || to === from || atoms.adjShared[k]! <= 0) continue;
        const d = fullDelta(state, i, from, to, travel);
        if (d < bestD) {
          bestD = d;
          best = to;
        }
      }
      if (best >= 0 && staysConnected(state, i, from, s)) {
        state.move(i, best);
        moved++;
      }
    }
    if (moved === 0) break;
  }
}
