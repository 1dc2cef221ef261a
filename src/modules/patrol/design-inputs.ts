// Rebuilds a design's atoms and workload from the inputs stored with it (parent regions and
// incidents), in the request handler and in the design worker alike.
import type { AtomSet } from './domain/atoms.ts';
import type { Region } from './domain/geojson.ts';
import { buildH3Atoms } from './domain/h3-atoms.ts';
import type { QualityReport } from './domain/quality.ts';
import { designQuality } from './domain/quality.ts';
import { type ReplaySummary, replayDispatch, replaySummary } from './domain/replay.ts';
import type { Incident } from './domain/workload.ts';
import { assignWorkload } from './domain/workload.ts';

/** Most atoms a design may have (choose a coarser resolution beyond that). */
export const MAX_ATOMS = 60_000;

/** What a design is built from, stored as JSON on the design row. */
export interface DesignInputs {
  parents: { id: string; polygons: Region['polygons'] }[];
  resolution: number;
  incidents: Incident[];
  onSceneMinutes?: Record<string, number>;
}

/** Atoms with workload, plus each incident's atom (for the travel part of the report). */
export interface BuiltAtoms {
  atoms: AtomSet;
  atomOf: Int32Array;
}

/** Builds the H3 atoms of the parents and sums the incidents into their workload. */
export function buildAtoms(inputs: DesignInputs): BuiltAtoms {
  const parents: Region[] = inputs.parents.map((p) => ({ id: p.id, polygons: p.polygons, properties: {} }));
  // Atoms are built in request handlers too (validation, moves): keep them at interactive sizes.
  const bare = buildH3Atoms(parents, { resolution: inputs.resolution, maxAtoms: MAX_ATOMS });
  const { atoms, atomOf } = assignWorkload(bare, inputs.incidents, {
    onSceneMinutes: inputs.onSceneMinutes,
  });
  return { atoms, atomOf };
}

/** HiGHS's exact model run on a small design: its bound and the heuristic design's gap to it. */
export interface ExactCheck {
  atoms: number;
  status: 'optimal' | 'time-limit' | 'other';
  /** Objective of the exact model's best solution and HiGHS's proven lower bound. */
  objective: number;
  bound: number;
  /** HiGHS relative gap of its own solution (0 when proven optimal). */
  mipGap: number;
  /** The design's objective under the same model, and its relative gap to the bound. */
  designObjective: number;
  designGap: number;
  seconds: number;
}

/** A design's report: quality figures, the replay of its timed incidents, and the exact check. */
export type DesignReport = QualityReport & { replay: ReplaySummary | null; exact?: ExactCheck | null };

/** Replays the design's timed incidents (one unit per beat); null when none has a time. */
export function replayOf(
  built: BuiltAtoms,
  inputs: DesignInputs,
  assignment: Int32Array,
  beats: readonly { id: string; parentId: string }[],
): ReplaySummary | null {
  if (!inputs.incidents.some((i) => Number.isFinite(i.time))) return null;
  const r = replayDispatch(built.atoms, { assignment, beats }, inputs.incidents, built.atomOf, {
    onSceneMinutes: inputs.onSceneMinutes,
  });
  return r.count > 0 ? replaySummary(r) : null;
}

/** Quality report of an assignment over built atoms, with incident travel figures and the replay. */
export function reportOf(
  built: BuiltAtoms,
  inputs: DesignInputs,
  assignment: Int32Array,
  beats: readonly { id: string; parentId: string }[],
): DesignReport {
  const quality = designQuality(
    built.atoms,
    { assignment, beats },
    {
      demand: {
        incidents: inputs.incidents,
        atomOf: built.atomOf,
        workload: { onSceneMinutes: inputs.onSceneMinutes },
      },
      maxMedoidCandidates: 60,
    },
  );
  return { ...quality, replay: replayOf(built, inputs, assignment, beats) };
}
