import KDBush from 'kdbush';
import { boundsCentre, haversineMeters, localProjection } from './geo.ts';
import { createRng, shuffleInPlace } from './rng.ts';

/** An event for near-repeat analysis: place and time (t in days from any fixed origin). */
export interface KnoxEvent {
  lat: number;
  lon: number;
  t: number;
}

/** Knox test options. Band edges are inclusive upper bounds, ascending; a last open band is added. */
export interface KnoxOptions {
  /** Spatial band upper edges in metres, e.g. [0, 200, 400] (0 = same location). */
  distanceBandsM: number[];
  /** Temporal band upper edges in days, e.g. [7, 14, 21]. */
  timeBandsDays: number[];
  /** Monte-Carlo permutations of the event times. Default 999. */
  permutations?: number;
  seed?: number;
}

/** One (distance band × time band) cell of the Knox table. */
export interface KnoxCell {
  /** (lower, upper] in metres; the first band is [0, upper], the last upper is Infinity. */
  distanceM: [number, number];
  timeDays: [number, number];
  observed: number;
  /** Mean count over the permutations. */
  expected: number;
  /** observed / expected (Knox ratio); NaN when expected is 0. */
  ratio: number;
  /** Pseudo p-value (1 + #{permuted ≥ observed}) / (permutations + 1), upper tail. */
  p: number;
}

/** The full Knox table, rows = distance bands, columns = time bands. */
export interface KnoxResult {
  table: KnoxCell[][];
  pairs: number;
  permutations: number;
  seed: number;
}

function bandOf(edges: readonly number[], v: number): number {
  let b = 0;
  while (b < edges.length && v > edges[b]!) b++;
  return b;
}

function checkEdges(edges: readonly number[], what: string): void {
  if (edges.length === 0) throw new Error(`${what}: at least one band edge is needed`);
  edges.forEach((e, i) => {
    if (!(e >= 0) || (i > 0 && e <= edges[i - 1]!)) throw new Error(`${what}: edges must be ascending, ≥ 0`);
  });
}

/** Pairs (i < j) within the largest distance edge, with their distance band. */
function closePairs(events: readonly KnoxEvent[], edges: readonly number[]) {
  const proj = localProjection(boundsCentre(events));
  const index = new KDBush(Math.max(1, events.length));
  for (const e of events) index.add(...proj.toXY(e));
  if (events.length === 0) index.add(0, 0);
  index.finish();
  const maxEdge = edges[edges.length - 1]!;
  const a: number[] = [];
  const b: number[] = [];
  const band: number[] = [];
  events.forEach((e, i) => {
    const [x, y] = proj.toXY(e);
    // Search a little wider than the largest edge: the plane only approximates the sphere.
    for (const j of index.within(x, y, maxEdge * 1.01 + 1)) {
      if (j <= i || j >= events.length) continue;
      const d = haversineMeters(e, events[j]!);
      if (d > maxEdge) continue;
      a.push(i);
      b.push(j);
      band.push(bandOf(edges, d));
    }
  });
  return { a: Int32Array.from(a), b: Int32Array.from(b), band: Int32Array.from(band) };
}

/** Pairs per time band over all pairs; invariant under permutation of the times. */
function timeBandTotals(times: readonly number[], edges: readonly number[]): Float64Array {
  const sorted = [...times].sort((x, y) => x - y);
  const atMost = edges.map((edge) => {
    let count = 0;
    let lo = 0;
    for (let hi = 0; hi < sorted.length; hi++) {
      while (sorted[hi]! - sorted[lo]! > edge) lo++;
      count += hi - lo;
    }
    return count;
  });
  const n = times.length;
  const totals = new Float64Array(edges.length + 1);
  atMost.forEach((c, i) => {
    totals[i] = c - (i > 0 ? atMost[i - 1]! : 0);
  });
  totals[edges.length] = (n * (n - 1)) / 2 - atMost[atMost.length - 1]!;
  return totals;
}

type Pairs = ReturnType<typeof closePairs>;

/** Knox counts (row-major, distance × time) for one assignment of times to events. */
function knoxCounts(
  pairs: Pairs,
  times: ArrayLike<number>,
  dEdges: number,
  tEdges: readonly number[],
  totals: Float64Array,
) {
  const nt = tEdges.length + 1;
  const counts = new Float64Array((dEdges + 1) * nt);
  for (let p = 0; p < pairs.a.length; p++) {
    const dt = Math.abs(times[pairs.a[p]!]! - times[pairs.b[p]!]!);
    counts[pairs.band[p]! * nt + bandOf(tEdges, dt)]! += 1;
  }
  // Pairs beyond the largest distance edge: time-band totals minus the close pairs.
  for (let t = 0; t < nt; t++) {
    let close = 0;
    for (let d = 0; d < dEdges; d++) close += counts[d * nt + t]!;
    counts[dEdges * nt + t] = totals[t]! - close;
  }
  return counts;
}

function bounds(edges: readonly number[], i: number): [number, number] {
  return [i === 0 ? 0 : edges[i - 1]!, i < edges.length ? edges[i]! : Number.POSITIVE_INFINITY];
}

/**
 * Knox space-time interaction test for repeat / near-repeat events: counts event pairs
 * per (distance band × time band), compared with Monte-Carlo permutations of the times
 * over the events (place fixed, seeded). Distances are great-circle metres.
 */
export function knoxTest(events: readonly KnoxEvent[], options: KnoxOptions): KnoxResult {
  const dEdges = options.distanceBandsM;
  const tEdges = options.timeBandsDays;
  checkEdges(dEdges, 'distanceBandsM');
  checkEdges(tEdges, 'timeBandsDays');
  const permutations = options.permutations ?? 999;
  const seed = options.seed ?? 1;
  const times = events.map((e) => e.t);
  const pairs = closePairs(events, dEdges);
  const totals = timeBandTotals(times, tEdges);
  const observed = knoxCounts(pairs, times, dEdges.length, tEdges, totals);
  const sum = new Float64Array(observed.length);
  const atLeast = new Float64Array(observed.length);
  const rng = createRng(seed);
  const shuffled = Float64Array.from(times);
  for (let r = 0; r < permutations; r++) {
    shuffleInPlace(shuffled, rng);
    const counts = knoxCounts(pairs, shuffled, dEdges.length, tEdges, totals);
    counts.forEach((c, i) => {
      sum[i]! += c;
      if (c >= observed[i]!) atLeast[i]!++;
    });
  }
  const nt = tEdges.length + 1;
  const table = Array.from({ length: dEdges.length + 1 }, (_, d) =>
    Array.from({ length: nt }, (_, t): KnoxCell => {
      const i = d * nt + t;
      const expected = permutations > 0 ? sum[i]! / permutations : Number.NaN;
      return {
        distanceM: bounds(dEdges, d),
        timeDays: bounds(tEdges, t),
        observed: observed[i]!,
        expected,
        ratio: expected > 0 ? observed[i]! / expected : Number.NaN,
        p: (1 + atLeast[i]!) / (permutations + 1),
      };
    }),
  );
  return { table, pairs: (events.length * (events.length - 1)) / 2, permutations, seed };
}
