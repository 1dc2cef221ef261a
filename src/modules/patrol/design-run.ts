// The body of a design run (inside the worker thread): atoms, heuristic design, quality report.
import type { BuiltAtoms, DesignInputs, DesignReport, ExactCheck } from './design-inputs.ts';
import { buildAtoms, reportOf } from './design-inputs.ts';
import { type BeatDesign, designBeats } from './domain/designer.ts';
import { districtingObjective, solveExact } from './domain/exact.ts';
import type { FixedBeat } from './domain/zones.ts';
import { loadSolver } from './solver.ts';

/** Designs up to this many atoms (and without fixed beats) are also solved exactly, for the gap. */
export const EXACT_MAX_ATOMS = 60;
const EXACT_MAX_SECONDS = 10;

/** Parameters of a design run (stored on the design row). */
export interface DesignParameters {
  beats: number;
  resolution: number;
  timeLimitSeconds: number;
  seed: number;
  fixedBeats: FixedBeat[];
  /** 'quick' caps the annealing effort so a planner gets a draft in seconds. */
  effort: 'quick' | 'thorough';
  /** Where the workload came from (shown with the design). */
  workload?: {
    source: 'synthetic' | 'incidents' | 'history';
    incidents: number;
    from?: string;
    to?: string;
    types?: string[];
    sources?: string[];
  };
}

/** What a finished run hands back to the node. */
export interface DesignRunResult {
  atomIds: string[];
  assignment: number[];
  beats: { id: string; parentId: string; fixed: boolean }[];
  quality: DesignReport;
  timedOut: boolean;
}

/** Solves the exact model seeded with the heuristic design: HiGHS's bound and both gaps. */
export async function exactCheck(
  built: BuiltAtoms,
  design: BeatDesign,
  beats: number,
  timeLimitS: number,
): Promise<ExactCheck> {
  const started = Date.now();
  const highs = await loadSolver();
  const exact = solveExact(highs, built.atoms, { beats, timeLimitS, start: design });
  const designObjective = districtingObjective(built.atoms, design);
  return {
    atoms: built.atoms.ids.length,
    status: exact.status,
    objective: exact.objective,
    bound: exact.bound,
    mipGap: exact.gap,
    designObjective,
    designGap: designObjective > 0 ? Math.max(0, (designObjective - exact.bound) / designObjective) : 0,
    seconds: (Date.now() - started) / 1000,
  };
}

/**
 * Runs the heuristic designer on the inputs and reports quality; small designs are also solved
 * exactly for the optimality gap. Progress as a 0..1 fraction.
 */
export async function runDesign(
  job: { inputs: DesignInputs; parameters: DesignParameters },
  onProgress: (fraction: number) => void,
): Promise<DesignRunResult> {
  const built = buildAtoms(job.inputs);
  const p = job.parameters;
  const design = designBeats(built.atoms, {
    beats: p.beats,
    fixedBeats: p.fixedBeats,
    seed: p.seed,
    timeLimitMs: p.timeLimitSeconds * 1000,
    now: () => Date.now(),
    onProgress,
    ...(p.effort === 'quick' ? { sweeps: 60, minIterations: 20_000, recombineRounds: 3 } : {}),
  });
  const beats = design.beats.map((b) => ({ id: b.id, parentId: b.parentId, fixed: b.fixed }));
  const quality = reportOf(built, job.inputs, design.assignment, beats);
  if (built.atoms.ids.length <= EXACT_MAX_ATOMS && p.fixedBeats.length === 0) {
    const limit = Math.min(EXACT_MAX_SECONDS, p.timeLimitSeconds);
    quality.exact = await exactCheck(built, design, p.beats, limit).catch(() => null);
  }
  return {
    atomIds: [...built.atoms.ids],
    assignment: Array.from(design.assignment),
    beats,
    quality,
    timedOut: design.timedOut,
  };
}
