// The body of a design run (inside the worker thread): atoms, heuristic design, quality report.
import type { DesignInputs } from './design-inputs.ts';
import { buildAtoms, reportOf } from './design-inputs.ts';
import { designBeats } from './domain/designer.ts';
import type { QualityReport } from './domain/quality.ts';
import type { FixedBeat } from './domain/zones.ts';

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
  quality: QualityReport;
  timedOut: boolean;
}

/** Runs the heuristic designer on the inputs and reports quality; progress as a 0..1 fraction. */
export function runDesign(
  job: { inputs: DesignInputs; parameters: DesignParameters },
  onProgress: (fraction: number) => void,
): DesignRunResult {
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
  return {
    atomIds: [...built.atoms.ids],
    assignment: Array.from(design.assignment),
    beats,
    quality: reportOf(built, job.inputs, design.assignment, beats),
    timedOut: design.timedOut,
  };
}
