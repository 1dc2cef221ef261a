import type { SearchControl } from './local-search.ts';
import { anneal, polish } from './local-search.ts';
import type { BeatState } from './objective.ts';
import type { Rng } from './rng.ts';
import { randomInt } from './rng.ts';
import type { Zone } from './seeding.ts';
import { chooseSeeds, growRegions } from './seeding.ts';

/** Budget of the merge-and-split phase. */
export interface RecombineControl {
  rng: Rng;
  rounds: number;
  /** Annealing sweeps over the merged pair after re-splitting it. */
  sweepsPerPair: number;
  expired: () => boolean;
  /** Called after each round with the rounds done and planned (rounds may stop early). */
  onRound?: (done: number, rounds: number) => void;
}

function adjacentPairs(state: BeatState, zone: Zone, inZone: Uint8Array): [number, number][] {
  const atoms = state.atoms;
  const seen = new Set<number>();
  const pairs: [number, number][] = [];
  const nb = state.W.length;
  for (const i of zone.members) {
    const a = state.assignment[i]!;
    for (let k = atoms.adjStart[i]!; k < atoms.adjStart[i + 1]!; k++) {
      const j = atoms.adjIndex[k]!;
      const b = state.assignment[j]!;
      if (inZone[j] !== 1 || b <= a || atoms.adjShared[k]! <= 0) continue;
      if (seen.has(a * nb + b)) continue;
      seen.add(a * nb + b);
      pairs.push([a, b]);
    }
  }
  return pairs;
}

function shuffle<T>(items: T[], rng: Rng): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = randomInt(rng, i + 1);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

function stillAdjacent(state: BeatState, pair: Zone): boolean {
  const atoms = state.atoms;
  const [b1, b2] = pair.beats as [number, number];
  for (const i of pair.members) {
    if (state.assignment[i] !== b1) continue;
    for (let k = atoms.adjStart[i]!; k < atoms.adjStart[i + 1]!; k++) {
      const j = atoms.adjIndex[k]!;
      if (state.assignment[j] === b2 && atoms.adjShared[k]! > 0 && atoms.parent[j] === atoms.parent[i])
        return true;
    }
  }
  return false;
}

function tryPair(
  state: BeatState,
  pair: Zone,
  mask: Uint8Array,
  locked: Uint8Array,
  c: RecombineControl,
): boolean {
  // Pairs are listed once per round; an earlier re-split may have separated these two beats.
  if (!stillAdjacent(state, pair)) return false;
  const [b1, b2] = pair.beats as [number, number];
  const before = state.beatTerm(b1) + state.beatTerm(b2);
  const saved = Int32Array.from(pair.members, (i) => state.assignment[i]!);
  for (const i of pair.members) mask[i] = 1;
  state.clear(pair.members, pair.beats);
  growRegions(state, pair, chooseSeeds(state.atoms, pair.members, 2, c.rng), mask);
  const control: SearchControl = {
    rng: c.rng,
    iterations: c.sweepsPerPair * pair.members.length,
    startAcceptance: 0.1,
    expired: () => false,
    onTick: () => {},
    travel: null,
    refresh: null,
  };
  const grown = pair.members.every((i) => state.assignment[i]! >= 0);
  if (grown) {
    anneal(state, pair, mask, locked, control);
    polish(state, pair, mask, locked, null);
  }
  for (const i of pair.members) mask[i] = 0;
  const after = state.beatTerm(b1) + state.beatTerm(b2);
  if (grown && after < before - 1e-9) return true;
  state.clear(pair.members, pair.beats);
  pair.members.forEach((i, m) => {
    state.add(i, saved[m]!);
  });
  return false;
}

/**
 * Merge-and-split large-neighbourhood search: two adjacent beats are merged, re-split from two
 * fresh seeds and re-optimised; the result is kept only when their objective improves. This
 * removes the long strips that single-atom moves cannot straighten out.
 */
export function recombine(
  state: BeatState,
  zone: Zone,
  inZone: Uint8Array,
  locked: Uint8Array,
  c: RecombineControl,
) {
  if (zone.beats.length < 2) return 0;
  const mask = new Uint8Array(state.atoms.ids.length);
  let improved = 0;
  for (let r = 0; r < c.rounds; r++) {
    let roundImproved = 0;
    for (const [b1, b2] of shuffle(adjacentPairs(state, zone, inZone), c.rng)) {
      if (c.expired()) return improved;
      const members = zone.members.filter((i) => state.assignment[i] === b1 || state.assignment[i] === b2);
      if (tryPair(state, { parent: zone.parent, members, beats: [b1, b2] }, mask, locked, c)) roundImproved++;
    }
    improved += roundImproved;
    c.onRound?.(r + 1, c.rounds);
    if (roundImproved === 0) break;
  }
  return improved;
}
