import type { AtomSet } from './atoms.ts';
import type { DemandDistance } from './demand.ts';
import { demandByBeat, projectedDistance, weightedMedoid } from './demand.ts';
import { PatrolError } from './errors.ts';
import type { Position } from './geo.ts';
import { isContiguous } from './graph.ts';
import { coefficientOfVariation, mean, median, percentile, weightedPercentile } from './stats.ts';
import type { Incident, WorkloadOptions } from './workload.ts';

/** The minimum a quality report needs to know about a design. */
export interface DesignLike {
  assignment: Int32Array;
  beats: readonly { id: string; parentId: string }[];
}

/** Distance between two lon/lat points (metres, seconds... the report only carries the unit). */
export type PointDistance = (from: Position, to: Position) => number;

/** Incidents for the travel part of the report, with the atom each one falls in. */
export interface QualityDemand {
  incidents: readonly Incident[];
  atomOf: Int32Array;
  workload?: WorkloadOptions;
}

/** Options of the quality report. */
export interface QualityOptions {
  demand?: QualityDemand;
  /** Default: straight-line metres in the atoms' local projection. */
  distance?: PointDistance;
  distanceUnit?: string;
  /** Patrol-position candidates per beat (heaviest incident locations), default 200. */
  maxMedoidCandidates?: number;
}

/** Figures of one beat. */
export interface BeatQuality {
  id: string;
  parentId: string;
  atoms: number;
  workload: number;
  population: number | null;
  areaM2: number;
  perimeterM: number;
  /** 4 pi A / P^2 of the beat's union polygon. */
  polsbyPopper: number;
  contiguous: boolean;
  nested: boolean;
  /** Workload-weighted medoid of the beat's incident locations (null without demand). */
  patrolPosition: Position | null;
  travelMean: number | null;
  travelP90: number | null;
}

/** Quality figures of a whole design (proposed or current). */
export interface QualityReport {
  beats: BeatQuality[];
  workload: { total: number; mean: number; cv: number; maxOverMean: number; min: number; max: number };
  polsbyPopper: { median: number; p10: number; mean: number };
  contiguity: { all: boolean; failing: string[] };
  nesting: { all: boolean; failing: string[] };
  travel: { mean: number; p90: number; unit: string } | null;
}

function beatGeometry(atoms: AtomSet, members: readonly number[], b: number, assignment: Int32Array) {
  let area = 0;
  let perimeter = 0;
  for (const i of members) {
    area += atoms.area[i]!;
    perimeter += atoms.perimeter[i]!;
    for (let k = atoms.adjStart[i]!; k < atoms.adjStart[i + 1]!; k++) {
      const j = atoms.adjIndex[k]!;
      // Each internal edge is seen from both sides, so subtracting once per side removes it twice.
      if (assignment[j] === b && atoms.parent[j] === atoms.parent[i]) perimeter -= atoms.adjShared[k]!;
    }
  }
  return { area, perimeter: Math.max(perimeter, 0) };
}

function membersOf(design: DesignLike, atoms: AtomSet): number[][] {
  if (design.assignment.length !== atoms.ids.length) {
    throw new PatrolError('INVALID_INPUT', 'design.assignment length must equal the number of atoms');
  }
  const out: number[][] = design.beats.map(() => []);
  design.assignment.forEach((b, i) => {
    if (b < 0 || b >= out.length)
      throw new PatrolError('INVALID_INPUT', `atom ${atoms.ids[i]} has no valid beat`);
    out[b]!.push(i);
  });
  return out;
}

interface TravelFigures {
  positions: (Position | null)[];
  perBeat: { mean: number | null; p90: number | null }[];
  all: { mean: number; p90: number } | null;
}

function travelFigures(atoms: AtomSet, design: DesignLike, options: QualityOptions): TravelFigures | null {
  const demand = options.demand;
  if (!demand) return null;
  const dist: DemandDistance = options.distance
    ? (a, b, c, d) => options.distance!([a, b], [c, d])
    : projectedDistance(atoms);
  const byBeat = demandByBeat(
    demand.incidents,
    demand.atomOf,
    design.assignment,
    design.beats.length,
    demand.workload,
  );
  const allD: number[] = [];
  const allW: number[] = [];
  const positions: (Position | null)[] = [];
  const perBeat = byBeat.map((d) => {
    const pos = weightedMedoid(d, dist, options.maxMedoidCandidates ?? 200);
    positions.push(pos);
    if (!pos) return { mean: null, p90: null };
    const ds = Float64Array.from(d.weight, (_, i) => dist(pos[0], pos[1], d.lon[i]!, d.lat[i]!));
    let sw = 0;
    let s = 0;
    ds.forEach((v, i) => {
      sw += d.weight[i]!;
      s += v * d.weight[i]!;
      allD.push(v);
      allW.push(d.weight[i]!);
    });
    return { mean: s / sw, p90: weightedPercentile(ds, d.weight, 90) };
  });
  let sw = 0;
  let s = 0;
  allD.forEach((v, i) => {
    sw += allW[i]!;
    s += v * allW[i]!;
  });
  return {
    positions,
    perBeat,
    all: sw > 0 ? { mean: s / sw, p90: weightedPercentile(allD, allW, 90) } : null,
  };
}

/**
 * Quality of any design: workload balance (CV, max/mean), Polsby-Popper of each beat's union
 * polygon, contiguity and nesting per beat, and travel from each beat's patrol position
 * (workload-weighted medoid) to its incidents.
 */
export function designQuality(
  atoms: AtomSet,
  design: DesignLike,
  options: QualityOptions = {},
): QualityReport {
  const members = membersOf(design, atoms);
  const travel = travelFigures(atoms, design, options);
  const beats: BeatQuality[] = design.beats.map((beat, b) => {
    const m = members[b]!;
    const g = beatGeometry(atoms, m, b, design.assignment);
    const pop = atoms.population;
    return {
      id: beat.id,
      parentId: beat.parentId,
      atoms: m.length,
      workload: m.reduce((s, i) => s + atoms.workload[i]!, 0),
      population: pop ? m.reduce((s, i) => s + pop[i]!, 0) : null,
      areaM2: g.area,
      perimeterM: g.perimeter,
      polsbyPopper: g.perimeter > 0 ? (4 * Math.PI * g.area) / (g.perimeter * g.perimeter) : 0,
      contiguous: isContiguous(atoms, m),
      nested: m.every((i) => atoms.parentIds[atoms.parent[i]!] === beat.parentId),
      patrolPosition: travel?.positions[b] ?? null,
      travelMean: travel?.perBeat[b]?.mean ?? null,
      travelP90: travel?.perBeat[b]?.p90 ?? null,
    };
  });
  const w = beats.map((b) => b.workload);
  const pp = beats.map((b) => b.polsbyPopper);
  const mw = mean(w);
  const failing = (f: (b: BeatQuality) => boolean) => beats.filter((b) => !f(b)).map((b) => b.id);
  return {
    beats,
    workload: {
      total: w.reduce((a, b) => a + b, 0),
      mean: mw,
      cv: coefficientOfVariation(w),
      maxOverMean: mw > 0 ? Math.max(...w) / mw : 0,
      min: Math.min(...w),
      max: Math.max(...w),
    },
    polsbyPopper: { median: median(pp), p10: percentile(pp, 10), mean: mean(pp) },
    contiguity: { all: failing((b) => b.contiguous).length === 0, failing: failing((b) => b.contiguous) },
    nesting: { all: failing((b) => b.nested).length === 0, failing: failing((b) => b.nested) },
    travel: travel?.all
      ? { ...travel.all, unit: options.distanceUnit ?? (options.distance ? 'unit' : 'm') }
      : null,
  };
}
