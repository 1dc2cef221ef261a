import type { Highs } from 'highs';
import type { AtomSet } from './atoms.ts';
import type { DesignedBeat } from './designer.ts';
import { PatrolError } from './errors.ts';
import { labelComponents } from './graph.ts';
import { MipModel } from './mip-model.ts';
import type { DesignLike } from './quality.ts';
import type { BeatCountSpec, FreeZone } from './zones.ts';
import { beatsPerZone, freeZones } from './zones.ts';

/** Weights of the p-districting objective shared by the exact model and its evaluator. */
export interface DistrictingWeights {
  /** Weight of |W - target| / mean beat workload. */
  balance: number;
  /** Weight of 2 pi I / refArea^2, I = moment of inertia of the beat's area about its centre atom. */
  inertia: number;
}

/** Default weights; the balance-to-compactness ratio mirrors the heuristic's defaults. */
export const DEFAULT_DISTRICTING_WEIGHTS: DistrictingWeights = { balance: 8, inertia: 0.2 };

/** Options of the exact p-districting model. */
export interface ExactOptions extends BeatCountSpec {
  weights?: Partial<DistrictingWeights>;
  /** HiGHS time limit in seconds (default 60). */
  timeLimitS?: number;
  /** Relative gap at which HiGHS may stop (default 1e-4, HiGHS's own default). */
  mipRelGap?: number;
  /** A known design (e.g. the heuristic's) handed to HiGHS as its first incumbent. */
  start?: DesignLike;
  /** 'sum' (default): total |deviation| is costed; 'minimax': only the largest one. */
  balance?: 'sum' | 'minimax';
  /** Hard balance constraint: every beat within ±tolerance x its target workload (e.g. 0.1). */
  tolerance?: number;
}

/** Solution of the exact model with HiGHS's own bound and gap. */
export interface ExactResult extends DesignLike {
  beats: DesignedBeat[];
  status: 'optimal' | 'time-limit' | 'other';
  objective: number;
  /** Best proven lower bound. */
  bound: number;
  /** HiGHS relative optimality gap (0 when proven optimal). */
  gap: number;
  /** Centre atom of each beat. */
  centres: number[];
}

function sqDist(atoms: AtomSet, i: number, c: number): number {
  return (atoms.x[i]! - atoms.x[c]!) ** 2 + (atoms.y[i]! - atoms.y[c]!) ** 2;
}

interface ZoneFacts {
  target: number;
  refArea: number;
}

function zoneFacts(atoms: AtomSet, zones: readonly FreeZone[], counts: readonly number[]): ZoneFacts[] {
  return zones.map((z, k) => ({
    target: z.workload / counts[k]!,
    refArea: z.members.reduce((s, i) => s + atoms.area[i]!, 0) / counts[k]!,
  }));
}

/** Cost of assigning atom i to centre c (the inertia part of the objective). */
function inertiaCost(atoms: AtomSet, i: number, c: number, f: ZoneFacts, w: DistrictingWeights): number {
  return (w.inertia * 2 * Math.PI * atoms.area[i]! * sqDist(atoms, i, c)) / (f.refArea * f.refArea);
}

interface ModelSpec {
  weights: DistrictingWeights;
  balance: 'sum' | 'minimax';
  tolerance: number | null;
}

function assignmentVars(
  atoms: AtomSet,
  zones: readonly FreeZone[],
  facts: ZoneFacts[],
  m: MipModel,
  w: DistrictingWeights,
) {
  const n = atoms.ids.length;
  const cols = new Map<number, number>();
  zones.forEach((zone, zi) => {
    for (const i of zone.members) {
      for (const c of zone.members)
        cols.set(i * n + c, m.addVar(inertiaCost(atoms, i, c, facts[zi]!, w), 0, 1, true));
    }
  });
  return (i: number, c: number) => cols.get(i * n + c)!;
}

function addStructure(m: MipModel, zone: FreeZone, beats: number, x: (i: number, c: number) => number) {
  m.addRow(
    beats,
    beats,
    zone.members.map((c) => [x(c, c), 1] as const),
  );
  for (const i of zone.members) {
    m.addRow(
      1,
      1,
      zone.members.map((c) => [x(i, c), 1] as const),
    );
    for (const c of zone.members) {
      if (c !== i)
        m.addRow(-Infinity, 0, [
          [x(i, c), 1],
          [x(c, c), -1],
        ]);
    }
  }
}

/** Deviation of the beat centred at c from its target: W_c - T x_cc = dp - dm, costed or bounded. */
function addBalance(
  atoms: AtomSet,
  m: MipModel,
  zone: FreeZone,
  f: ZoneFacts,
  x: (i: number, c: number) => number,
  spec: ModelSpec & { wbar: number; z: number | null },
) {
  const cost = spec.balance === 'sum' ? spec.weights.balance / spec.wbar : 0;
  for (const c of zone.members) {
    const dp = m.addVar(cost, 0, Infinity);
    const dm = m.addVar(cost, 0, Infinity);
    const terms: [number, number][] = zone.members.map((i) => [x(i, c), atoms.workload[i]!]);
    terms.push([x(c, c), -f.target], [dp, -1], [dm, 1]);
    m.addRow(0, 0, terms);
    if (spec.z !== null)
      m.addRow(-Infinity, 0, [
        [dp, 1],
        [dm, 1],
        [spec.z, -1],
      ]);
    if (spec.tolerance !== null)
      m.addRow(-Infinity, 0, [
        [dp, 1],
        [dm, 1],
        [x(c, c), -spec.tolerance * f.target],
      ]);
  }
}

function buildModel(atoms: AtomSet, zones: readonly FreeZone[], counts: number[], spec: ModelSpec) {
  const facts = zoneFacts(atoms, zones, counts);
  const wbar = zones.reduce((s, z) => s + z.workload, 0) / counts.reduce((a, b) => a + b, 0);
  const m = new MipModel();
  const x = assignmentVars(atoms, zones, facts, m, spec.weights);
  // Minimax: one variable bounds every beat's deviation and carries the balance weight.
  const z = spec.balance === 'minimax' ? m.addVar(spec.weights.balance / wbar, 0, Infinity) : null;
  zones.forEach((zone, zi) => {
    addStructure(m, zone, counts[zi]!, x);
    addBalance(atoms, m, zone, facts[zi]!, x, { ...spec, wbar, z });
    addNeighbourCuts(atoms, m, zone, x);
    addFlow(atoms, m, zone, x, zone.members.length - counts[zi]!);
  });
  return { m, x };
}

/** Valid inequality: a non-centre atom of beat c has a neighbour in beat c (tightens the LP). */
function addNeighbourCuts(atoms: AtomSet, m: MipModel, zone: FreeZone, x: (i: number, c: number) => number) {
  const inZone = new Set(zone.members);
  for (const i of zone.members) {
    const nb: number[] = [];
    for (let k = atoms.adjStart[i]!; k < atoms.adjStart[i + 1]!; k++) {
      const j = atoms.adjIndex[k]!;
      if (inZone.has(j) && atoms.adjShared[k]! > 0 && atoms.parent[j] === atoms.parent[i]) nb.push(j);
    }
    for (const c of zone.members) {
      if (c === i) continue;
      m.addRow(-Infinity, 0, [[x(i, c), 1], ...nb.map((j) => [x(j, c), -1] as [number, number])]);
    }
  }
}

/** Single-commodity flow: every non-centre atom ships one unit to its own centre inside its beat. */
function addFlow(
  atoms: AtomSet,
  m: MipModel,
  zone: FreeZone,
  x: (i: number, c: number) => number,
  cap: number,
) {
  const inZone = new Set(zone.members);
  const outArcs = new Map<number, number[]>(zone.members.map((i) => [i, []]));
  const inArcs = new Map<number, number[]>(zone.members.map((i) => [i, []]));
  for (const i of zone.members) {
    for (let k = atoms.adjStart[i]!; k < atoms.adjStart[i + 1]!; k++) {
      const j = atoms.adjIndex[k]!;
      if (!inZone.has(j) || atoms.adjShared[k]! <= 0 || atoms.parent[j] !== atoms.parent[i]) continue;
      const f = m.addVar(0, 0, Math.max(0, cap));
      outArcs.get(i)!.push(f);
      inArcs.get(j)!.push(f);
      // Flow may use arc i->j only when j is in the same beat as i: f <= cap (1 - x_ic + x_jc).
      for (const c of zone.members)
        m.addRow(-Infinity, cap, [
          [f, 1],
          [x(i, c), cap],
          [x(j, c), -cap],
        ]);
    }
  }
  const n = zone.members.length;
  for (const i of zone.members) {
    const terms: [number, number][] = [...outArcs.get(i)!.map((f) => [f, 1] as [number, number])];
    for (const f of inArcs.get(i)!) terms.push([f, -1]);
    terms.push([x(i, i), n]);
    m.addRow(1, Infinity, terms);
  }
}

/** Sparse incumbent from a design: every x set, each beat centred on its best-inertia atom. */
function startSolution(
  atoms: AtomSet,
  design: DesignLike,
  x: (i: number, c: number) => number,
  w: DistrictingWeights,
) {
  const members: number[][] = design.beats.map(() => []);
  design.assignment.forEach((b, i) => {
    members[b]!.push(i);
  });
  const unit: DistrictingWeights = { balance: 0, inertia: w.inertia > 0 ? w.inertia : 1 };
  const f: ZoneFacts = { target: 0, refArea: 1 };
  const entries = new Map<number, number>();
  for (const m of members) {
    let centre = m[0]!;
    let best = Infinity;
    for (const c of m) {
      const cost = m.reduce((s, i) => s + inertiaCost(atoms, i, c, f, unit), 0);
      if (cost < best) {
        best = cost;
        centre = c;
      }
    }
    for (const i of m) {
      for (const c of m) {
        const col = x(i, c);
        // A start that mixes zones cannot be expressed in the model: ignore it.
        if (col === undefined) return null;
        entries.set(col, c === centre ? 1 : 0);
      }
    }
  }
  return { indices: Int32Array.from(entries.keys()), values: Float64Array.from(entries.values()) };
}

function statusOf(highs: Highs, code: number): ExactResult['status'] {
  const s = highs.constants.modelStatus;
  if (code === s.optimal) return 'optimal';
  if (code === s.timeLimit) return 'time-limit';
  return 'other';
}

/**
 * Exact p-districting for small instances with HiGHS: each atom is assigned to a centre atom of
 * its zone, beats per zone fixed, objective = weighted |workload deviation| + moment of inertia
 * about the centre, contiguity by single-commodity flow. Reports HiGHS's bound and gap.
 */
export function solveExact(highs: Highs, atoms: AtomSet, options: ExactOptions): ExactResult {
  const w = { ...DEFAULT_DISTRICTING_WEIGHTS, ...options.weights };
  const zones = freeZones(atoms, []);
  const counts = beatsPerZone(atoms, zones, [], options);
  const balance = options.balance ?? 'sum';
  const { m, x } = buildModel(atoms, zones, counts, {
    weights: w,
    balance,
    tolerance: options.tolerance ?? null,
  });
  const model = highs.createModel(m.toModelData(highs));
  try {
    model.options.set({
      output_flag: false,
      time_limit: options.timeLimitS ?? 60,
      mip_rel_gap: options.mipRelGap ?? 1e-4,
    });
    const start = options.start ? startSolution(atoms, options.start, x, w) : null;
    if (start) model.setSolution(start);
    model.run();
    const status = statusOf(highs, model.getModelStatus());
    const col = model.getSolution().colValue;
    const objective = model.getObjectiveValue();
    if (!Number.isFinite(objective) || col.length !== m.numCols) {
      throw new PatrolError(
        'SOLVER_FAILED',
        `HiGHS found no feasible districting (status ${model.getModelStatus()})`,
      );
    }
    const bound = Number(model.info.get('mip_dual_bound'));
    const gap = Number(model.info.get('mip_gap'));
    return {
      ...decode(atoms, zones, col, x),
      status,
      objective,
      bound,
      gap: status === 'optimal' ? Math.max(0, gap) : gap,
    };
  } finally {
    model.dispose();
  }
}

function decode(
  atoms: AtomSet,
  zones: readonly FreeZone[],
  col: Float64Array,
  x: (i: number, c: number) => number,
) {
  const assignment = new Int32Array(atoms.ids.length).fill(-1);
  const beats: DesignedBeat[] = [];
  const centres: number[] = [];
  const perParent = new Map<number, number>();
  for (const zone of zones) {
    for (const c of zone.members) {
      if (col[x(c, c)]! < 0.5) continue;
      const k = (perParent.get(zone.parent) ?? 0) + 1;
      perParent.set(zone.parent, k);
      const parentId = atoms.parentIds[zone.parent]!;
      const b = beats.length;
      beats.push({ id: `${parentId}-${k}`, parentId, fixed: false, atoms: [] });
      centres.push(c);
      for (const i of zone.members) {
        if (col[x(i, c)]! > 0.5) {
          assignment[i] = b;
          beats[b]!.atoms.push(i);
        }
      }
    }
  }
  return { assignment, beats, centres };
}

/**
 * The exact model's objective for any design (best centre atom per beat), so heuristic and
 * exact solutions can be compared on the same scale. Beats are grouped by zone (connected
 * piece of a parent) to get their targets; `balance` must match the model's.
 */
export function districtingObjective(
  atoms: AtomSet,
  design: DesignLike,
  weights?: Partial<DistrictingWeights>,
  balance: 'sum' | 'minimax' = 'sum',
): number {
  const w = { ...DEFAULT_DISTRICTING_WEIGHTS, ...weights };
  const { component, count } = labelComponents(atoms, Int32Array.from(atoms.parent));
  const members: number[][] = design.beats.map(() => []);
  design.assignment.forEach((b, i) => {
    members[b]!.push(i);
  });
  const zoneW = new Float64Array(count);
  const zoneA = new Float64Array(count);
  const zoneK = new Float64Array(count);
  atoms.ids.forEach((_, i) => {
    zoneW[component[i]!]! += atoms.workload[i]!;
    zoneA[component[i]!]! += atoms.area[i]!;
  });
  for (const m of members) if (m.length > 0) zoneK[component[m[0]!]!]!++;
  const wbar = zoneW.reduce((a, b) => a + b, 0) / design.beats.length;
  let inertia = 0;
  let devSum = 0;
  let devMax = 0;
  for (const m of members) {
    if (m.length === 0) continue;
    const z = component[m[0]!]!;
    const f = { target: zoneW[z]! / zoneK[z]!, refArea: zoneA[z]! / zoneK[z]! };
    const dev = Math.abs(m.reduce((s, i) => s + atoms.workload[i]!, 0) - f.target);
    devSum += dev;
    devMax = Math.max(devMax, dev);
    let best = Infinity;
    for (const c of m)
      best = Math.min(
        best,
        m.reduce((s, i) => s + inertiaCost(atoms, i, c, f, w), 0),
      );
    inertia += best;
  }
  return (w.balance * (balance === 'sum' ? devSum : devMax)) / wbar + inertia;
}
