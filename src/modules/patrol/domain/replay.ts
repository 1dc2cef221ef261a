import type { AtomSet } from './atoms.ts';
import { PatrolError } from './errors.ts';
import type { Position } from './geo.ts';
import { haversineM } from './geo.ts';
import type { DesignLike } from './quality.ts';
import { mean, percentile } from './stats.ts';
import type { Incident } from './workload.ts';

/** Options of the dispatch replay. */
export interface ReplayOptions {
  /** Patrol position of each beat's unit; null falls back to the beat's centroid. */
  positions?: readonly (Position | null)[];
  /** On-scene minutes per incident type (default `defaultOnSceneMinutes`). */
  onSceneMinutes?: Readonly<Record<string, number>>;
  defaultOnSceneMinutes?: number;
  /** Travel time in seconds; default straight-line distance at `speedMps`. */
  travelTimeS?: (from: Position, to: Position) => number;
  /** Default 8.33 m/s (30 km/h). */
  speedMps?: number;
}

/** Response-time distribution of a replay, in seconds. */
export interface ReplayResult {
  /** Response time (wait + travel) per replayed incident, in time order. */
  responses: Float64Array;
  count: number;
  mean: number;
  p50: number;
  p90: number;
  p95: number;
  max: number;
  /** Shares answered by the beat's own unit, by a neighbouring beat's unit, and after waiting. */
  ownBeatShare: number;
  neighbourShare: number;
  queuedShare: number;
  /** Incidents without time or outside every beat. */
  skipped: number;
}

function beatNeighbours(atoms: AtomSet, assignment: Int32Array, beats: number): number[][] {
  const sets = Array.from({ length: beats }, () => new Set<number>());
  for (let i = 0; i < assignment.length; i++) {
    for (let k = atoms.adjStart[i]!; k < atoms.adjStart[i + 1]!; k++) {
      const a = assignment[i]!;
      const b = assignment[atoms.adjIndex[k]!]!;
      if (a !== b) sets[a]!.add(b);
    }
  }
  return sets.map((s) => [...s].sort((a, b) => a - b));
}

function homePositions(atoms: AtomSet, design: DesignLike, given?: readonly (Position | null)[]): Position[] {
  const sums = design.beats.map(() => [0, 0, 0]);
  design.assignment.forEach((b, i) => {
    const s = sums[b]!;
    s[0]! += atoms.area[i]! * atoms.lon[i]!;
    s[1]! += atoms.area[i]! * atoms.lat[i]!;
    s[2]! += atoms.area[i]!;
  });
  return sums.map((s, b) => given?.[b] ?? [s[0]! / s[2]!, s[1]! / s[2]!]);
}

/** Nearest free neighbouring unit; when none is free, whichever unit (own or neighbour) arrives first. */
function backupUnit(
  own: number,
  t: number,
  neighbours: readonly number[],
  freeAt: Float64Array,
  tripS: (u: number) => number,
): number {
  let best = -1;
  let bestTrip = Infinity;
  for (const u of neighbours) {
    if (freeAt[u]! > t) continue;
    const trip = tripS(u);
    if (trip < bestTrip) {
      bestTrip = trip;
      best = u;
    }
  }
  if (best >= 0) return best;
  let bestArrive = Infinity;
  best = own;
  for (const u of [own, ...neighbours]) {
    const arrive = freeAt[u]! + tripS(u) * 1000;
    if (arrive < bestArrive) {
      bestArrive = arrive;
      best = u;
    }
  }
  return best;
}

/**
 * Replays historical incidents under a design: one unit per beat waiting at its patrol
 * position, busy for travel plus the type's on-scene time. An incident goes to its own beat's
 * unit if free, else the nearest free unit of a neighbouring beat, else whichever of those
 * arrives first once free. Units return home instantly (a deliberate simplification).
 */
export function replayDispatch(
  atoms: AtomSet,
  design: DesignLike,
  incidents: readonly Incident[],
  atomOf: Int32Array,
  options: ReplayOptions = {},
): ReplayResult {
  if (atomOf.length !== incidents.length)
    throw new PatrolError('INVALID_INPUT', 'atomOf must match incidents');
  const speed = options.speedMps ?? 8.33;
  const travel =
    options.travelTimeS ?? ((a: Position, b: Position) => haversineM(a[0], a[1], b[0], b[1]) / speed);
  const home = homePositions(atoms, design, options.positions);
  const neighbours = beatNeighbours(atoms, design.assignment, design.beats.length);
  const order = incidents
    .map((_, k) => k)
    .filter((k) => atomOf[k]! >= 0 && Number.isFinite(incidents[k]!.time))
    .sort((a, b) => incidents[a]!.time! - incidents[b]!.time! || a - b);
  const freeAt = new Float64Array(design.beats.length).fill(-Infinity);
  const responses = new Float64Array(order.length);
  let own = 0;
  let neighbour = 0;
  let queued = 0;
  order.forEach((k, n) => {
    const inc = incidents[k]!;
    const t = inc.time!;
    const b = design.assignment[atomOf[k]!]!;
    const at: Position = [inc.lon, inc.lat];
    const unit = freeAt[b]! <= t ? b : backupUnit(b, t, neighbours[b]!, freeAt, (u) => travel(home[u]!, at));
    const start = Math.max(t, freeAt[unit]!);
    const trip = travel(home[unit]!, at) * 1000;
    const scene = (options.onSceneMinutes?.[inc.type ?? ''] ?? options.defaultOnSceneMinutes ?? 30) * 60_000;
    freeAt[unit] = start + trip + scene;
    responses[n] = (start - t + trip) / 1000;
    if (unit === b) own++;
    else neighbour++;
    if (start > t) queued++;
  });
  const c = Math.max(1, order.length);
  return {
    responses,
    count: order.length,
    mean: mean(responses),
    p50: percentile(responses, 50),
    p90: percentile(responses, 90),
    p95: percentile(responses, 95),
    max: responses.reduce((a, b) => Math.max(a, b), order.length > 0 ? 0 : Number.NaN),
    ownBeatShare: own / c,
    neighbourShare: neighbour / c,
    queuedShare: queued / c,
    skipped: incidents.length - order.length,
  };
}

/** A replay as stored with a design: figures and a response-time histogram (no per-incident list). */
export interface ReplaySummary {
  count: number;
  skipped: number;
  /** Seconds. */
  mean: number;
  p50: number;
  p90: number;
  p95: number;
  max: number;
  ownBeatShare: number;
  neighbourShare: number;
  queuedShare: number;
  /** Incidents per `binSeconds`-wide bin of response time; the last bin holds everything later. */
  histogram: { binSeconds: number; counts: number[] };
}

/** Summarises a replay with fixed bins (default 60 one-minute bins + overflow) so designs compare. */
export function replaySummary(r: ReplayResult, binSeconds = 60, bins = 60): ReplaySummary {
  const counts = new Array<number>(bins + 1).fill(0);
  for (const s of r.responses) counts[Math.min(bins, Math.floor(s / binSeconds))]!++;
  const round = (v: number) => (Number.isFinite(v) ? Math.round(v * 10) / 10 : 0);
  return {
    count: r.count,
    skipped: r.skipped,
    mean: round(r.mean),
    p50: round(r.p50),
    p90: round(r.p90),
    p95: round(r.p95),
    max: round(r.max),
    ownBeatShare: r.ownBeatShare,
    neighbourShare: r.neighbourShare,
    queuedShare: r.queuedShare,
    histogram: { binSeconds, counts },
  };
}
