import type { AtomSet } from './atoms.ts';
import { withAtomValues } from './atoms.ts';
import { PatrolError } from './errors.ts';
import type { AtomTravelTime, SearchControl, TravelTerm } from './local-search.ts';
import { anneal, polish, restore } from './local-search.ts';
import type { ObjectiveWeights } from './objective.ts';
import { BeatState, DEFAULT_WEIGHTS } from './objective.ts';
import { recombine } from './recombine.ts';
import { createRng, type Rng } from './rng.ts';
import type { Zone } from './seeding.ts';
import { chooseSeeds, growRegions, nearestDistinct } from './seeding.ts';
import { refreshCentres, travelScale } from './travel-centres.ts';
import type { BeatCountSpec, FixedBeat, FreeZone, ResolvedFixedBeat } from './zones.ts';
import { beatsPerZone, freeZones, resolveFixedBeats } from './zones.ts';

/** Options of the heuristic beat designer. */
export interface DesignOptions extends BeatCountSpec {
  fixedBeats?: readonly FixedBeat[];
  /** Random seed; the same seed and inputs give the same design (unless the time limit cuts in). */
  seed?: number;
  weights?: Partial<ObjectiveWeights>;
  /** Annealing effort: iterations = sweeps x atoms (default 300). */
  sweeps?: number;
  /** Fewest annealing iterations per zone with two or more beats (default 100 000). */
  minIterations?: number;
  /** Merge-and-split rounds over adjacent beat pairs after annealing (default 8). */
  recombineRounds?: number;
  /** Annealing sweeps over a merged pair when re-splitting it (default 40). */
  sweepsPerPair?: number;
  /** Region-growing restarts per zone, best kept (default 3). */
  seedRounds?: number;
  /** Initial acceptance probability of a typical worsening move (default 0.2). */
  startAcceptance?: number;
  /** Wall-clock budget in ms; needs `now`. */
  timeLimitMs?: number;
  /** Clock in ms (the domain never reads the clock itself). */
  now?: () => number;
  /** Called with the fraction done (0..1). */
  onProgress?: (fraction: number) => void;
  /** Travel time between atoms; adds a workload x travel-to-patrol-position term. */
  travelTime?: AtomTravelTime;
  /**
   * Share (0..1) of the balanced load taken from population instead of workload; both are
   * normalised to their totals first (default 0: workload only). Needs atom population.
   */
  populationShare?: number;
}

/** One beat of a design. */
export interface DesignedBeat {
  id: string;
  parentId: string;
  fixed: boolean;
  /** Atom indices. */
  atoms: number[];
}

/** A complete design: every atom in exactly one beat, beats nested in parents. */
export interface BeatDesign {
  /** Beat index of each atom. */
  assignment: Int32Array;
  beats: DesignedBeat[];
  /** Mean objective term per beat (lower is better). */
  objective: number;
  iterations: number;
  timedOut: boolean;
}

const DEFAULT_SWEEPS = 300;

interface Plan {
  zones: Zone[];
  fixed: ResolvedFixedBeat[];
  beats: DesignedBeat[];
  targets: Float64Array;
  refAreas: Float64Array;
}

function plan(atoms: AtomSet, options: DesignOptions): Plan {
  const fixed = resolveFixedBeats(atoms, options.fixedBeats ?? []);
  const free: FreeZone[] = freeZones(atoms, fixed);
  const counts = beatsPerZone(atoms, free, fixed, options);
  const beats: DesignedBeat[] = fixed.map((f) => ({
    id: f.id,
    parentId: atoms.parentIds[f.parent]!,
    fixed: true,
    atoms: [],
  }));
  const targets: number[] = fixed.map((f) => f.members.reduce((s, i) => s + atoms.workload[i]!, 0));
  const refAreas: number[] = fixed.map(() => 1);
  const taken = new Set(beats.map((b) => b.id));
  const perParent = new Map<number, number>();
  const zones: Zone[] = free.map((z, zi) => {
    const k = counts[zi]!;
    const area = z.members.reduce((s, i) => s + atoms.area[i]!, 0);
    const ids: number[] = [];
    for (let j = 0; j < k; j++) {
      const parentId = atoms.parentIds[z.parent]!;
      let id: string;
      do {
        const n = (perParent.get(z.parent) ?? 0) + 1;
        perParent.set(z.parent, n);
        id = `${parentId}-${n}`;
      } while (taken.has(id));
      taken.add(id);
      ids.push(beats.length);
      beats.push({ id, parentId, fixed: false, atoms: [] });
      targets.push(z.workload / k);
      refAreas.push(area / k);
    }
    return { parent: z.parent, members: z.members, beats: ids };
  });
  return { zones, fixed, beats, targets: Float64Array.from(targets), refAreas: Float64Array.from(refAreas) };
}

function zoneObjective(state: BeatState, zone: Zone): number {
  return zone.beats.reduce((s, b) => s + state.beatTerm(b), 0);
}

function seedZone(state: BeatState, zone: Zone, inZone: Uint8Array, rng: Rng, rounds: number): void {
  const atoms = state.atoms;
  let best: Int32Array | null = null;
  let bestObj = Infinity;
  let seeds = chooseSeeds(atoms, zone.members, zone.beats.length, rng);
  for (let r = 0; r < rounds; r++) {
    state.clear(zone.members, zone.beats);
    growRegions(state, zone, seeds, inZone);
    const obj = zoneObjective(state, zone);
    if (obj < bestObj) {
      bestObj = obj;
      best = Int32Array.from(zone.members, (i) => state.assignment[i]!);
    }
    const centres = new Float64Array(2 * zone.beats.length);
    zone.beats.forEach((b, j) => {
      const [cx, cy] = state.centroid(b);
      centres[2 * j] = cx;
      centres[2 * j + 1] = cy;
    });
    seeds = nearestDistinct(atoms, zone.members, centres);
  }
  state.clear(zone.members, zone.beats);
  zone.members.forEach((i, m) => {
    state.add(i, best![m]!);
  });
}

interface RunContext {
  state: BeatState;
  rng: Rng;
  options: DesignOptions;
  totalWork: number;
  done: number;
  deadline: number | null;
}

function travelTerm(ctx: RunContext, zone: Zone): TravelTerm | null {
  const time = ctx.options.travelTime;
  const weight = ctx.state.weights.travel;
  if (!time || weight <= 0) return null;
  const centre = new Int32Array(ctx.state.W.length);
  refreshCentres(ctx.state, zone, time, centre);
  return { time, weight, centre, scale: travelScale(ctx.state, zone, time, centre) };
}

const MAX_RESTARTS = 12;

/**
 * Annealing plan of a zone: runs x iterations. Iterations are sweeps x atoms; zones too small to
 * use `minIterations` in one run get independent restarts instead (best kept).
 */
function zoneRuns(zone: Zone, options: DesignOptions): { runs: number; perRun: number } {
  if (zone.beats.length < 2) return { runs: 0, perRun: 0 };
  const perRun = Math.max(1, Math.round((options.sweeps ?? DEFAULT_SWEEPS) * zone.members.length));
  const runs = Math.max(1, Math.min(MAX_RESTARTS, Math.floor((options.minIterations ?? 100_000) / perRun)));
  return { runs, perRun };
}

/** Progress units of a zone: each run counts its annealing iterations twice (anneal, then merge-and-split). */
function zoneWork(zone: Zone, options: DesignOptions): number {
  const { runs, perRun } = zoneRuns(zone, options);
  return 2 * runs * perRun;
}

function runOnce(
  ctx: RunContext,
  zone: Zone,
  masks: [Uint8Array, Uint8Array],
  control: SearchControl,
  report: (fractionOfRun: number) => void,
) {
  const { state, options } = ctx;
  const [inZone, locked] = masks;
  seedZone(state, zone, inZone, ctx.rng, options.seedRounds ?? 3);
  control.travel = travelTerm(ctx, zone);
  const travel = control.travel;
  control.refresh = travel ? () => refreshCentres(state, zone, travel.time, travel.centre) : null;
  control.onTick = (k) => report((0.5 * k) / control.iterations);
  const result = anneal(state, zone, inZone, locked, control);
  recombine(state, zone, inZone, locked, {
    rng: ctx.rng,
    rounds: options.recombineRounds ?? 8,
    sweepsPerPair: options.sweepsPerPair ?? 40,
    expired: control.expired,
    onRound: (done, rounds) => report(0.5 + (0.5 * done) / rounds),
  });
  polish(state, zone, inZone, locked, travel);
  report(1);
  return result;
}

function optimiseZone(ctx: RunContext, zone: Zone, inZone: Uint8Array, locked: Uint8Array) {
  const { state, options } = ctx;
  const { runs, perRun } = zoneRuns(zone, options);
  if (runs === 0) {
    seedZone(state, zone, inZone, ctx.rng, 1);
    return { iterations: 0, timedOut: false };
  }
  const now = options.now;
  // Each zone gets a share of the remaining time proportional to its share of remaining work.
  const zoneDeadline =
    ctx.deadline !== null && now
      ? now() + ((ctx.deadline - now()) * 2 * runs * perRun) / Math.max(1, ctx.totalWork - ctx.done)
      : null;
  const control: SearchControl = {
    rng: ctx.rng,
    iterations: perRun,
    startAcceptance: options.startAcceptance ?? 0.2,
    expired: () => zoneDeadline !== null && now!() > zoneDeadline,
    onTick: () => {},
    travel: null,
    refresh: null,
  };
  let best: Int32Array | null = null;
  let bestObj = Infinity;
  let iterations = 0;
  let timedOut = false;
  for (let r = 0; r < runs && !timedOut; r++) {
    const offset = ctx.done + 2 * r * perRun;
    const report = (f: number) =>
      options.onProgress?.(Math.min(1, (offset + 2 * perRun * f) / Math.max(1, ctx.totalWork)));
    const result = runOnce(ctx, zone, [inZone, locked], control, report);
    iterations += result.iterations;
    timedOut = result.timedOut || control.expired();
    const obj = zoneObjective(state, zone);
    if (obj < bestObj) {
      bestObj = obj;
      best = Int32Array.from(zone.members, (i) => state.assignment[i]!);
    }
  }
  if (best) restore(state, zone, best);
  ctx.done += 2 * runs * perRun;
  return { iterations, timedOut };
}

/** Atoms whose workload is the load to balance: workload blended with population when asked. */
function balancedLoad(atoms: AtomSet, share: number): AtomSet {
  if (share === 0) return atoms;
  const pop = atoms.population;
  if (!pop || !(share > 0 && share <= 1)) {
    throw new PatrolError('INVALID_INPUT', 'populationShare needs atom population and a value in 0..1');
  }
  const W = atoms.workload.reduce((a, b) => a + b, 0);
  const P = pop.reduce((a, b) => a + b, 0);
  if (!(P > 0)) throw new PatrolError('INVALID_INPUT', 'populationShare needs a positive total population');
  // Express population in workload units so the balance term keeps its meaning.
  const scale = W > 0 ? W : P;
  const load = Float64Array.from(atoms.workload, (w, i) => (1 - share) * w + (share * scale * pop[i]!) / P);
  return withAtomValues(atoms, load);
}

/**
 * Designs beats nested in parents: seeded balanced region growing, then simulated annealing
 * and a steepest-descent polish over boundary-atom moves that keep every beat contiguous.
 */
export function designBeats(input: AtomSet, options: DesignOptions): BeatDesign {
  if (options.timeLimitMs !== undefined && !options.now) {
    throw new PatrolError(
      'INVALID_INPUT',
      'timeLimitMs needs a clock: pass now (the domain never reads the clock)',
    );
  }
  const atoms = balancedLoad(input, options.populationShare ?? 0);
  let total = 0;
  for (const w of atoms.workload) total += w;
  if (!(total > 0)) throw new PatrolError('EMPTY_WORKLOAD', 'Empty workload: every atom has zero workload');
  const p = plan(atoms, options);
  const weights = { ...DEFAULT_WEIGHTS, ...options.weights };
  const assignment = new Int32Array(atoms.ids.length).fill(-1);
  p.fixed.forEach((f, b) => {
    for (const i of f.members) assignment[i] = b;
  });
  const state = new BeatState(atoms, assignment, p.beats.length, weights, total / p.beats.length);
  state.target.set(p.targets);
  state.refArea.set(p.refAreas);
  const start = options.now?.();
  const ctx: RunContext = {
    state,
    rng: createRng(options.seed ?? 1),
    options,
    totalWork: p.zones.reduce((s, z) => s + zoneWork(z, options), 0),
    done: 0,
    deadline: options.timeLimitMs !== undefined && start !== undefined ? start + options.timeLimitMs : null,
  };
  const inZone = new Uint8Array(atoms.ids.length);
  const locked = new Uint8Array(atoms.ids.length);
  let iterations = 0;
  let timedOut = false;
  for (const zone of p.zones) {
    for (const i of zone.members) inZone[i] = 1;
    const r = optimiseZone(ctx, zone, inZone, locked);
    for (const i of zone.members) inZone[i] = 0;
    iterations += r.iterations;
    timedOut ||= r.timedOut;
  }
  options.onProgress?.(1);
  if (assignment.some((b) => b < 0)) {
    // Every phase keeps the partition complete; this guards the invariant the output promises.
    throw new PatrolError('SOLVER_FAILED', 'Internal error: the designer left atoms without a beat');
  }
  for (let i = 0; i < assignment.length; i++) p.beats[assignment[i]!]!.atoms.push(i);
  let objective = 0;
  for (let b = 0; b < p.beats.length; b++) if (!p.beats[b]!.fixed) objective += state.beatTerm(b);
  return { assignment, beats: p.beats, objective: objective / p.beats.length, iterations, timedOut };
}
