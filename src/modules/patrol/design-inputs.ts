// Rebuilds a design's atoms and workload from the inputs stored with it (parent regions and
// incidents), in the request handler and in the design worker alike.
import type { AtomSet } from './domain/atoms.ts';
import type { Region } from './domain/geojson.ts';
import { buildH3Atoms } from './domain/h3-atoms.ts';
import type { QualityReport } from './domain/quality.ts';
import { designQuality } from './domain/quality.ts';
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

/** Quality report of an assignment over built atoms, with incident travel figures. */
export function reportOf(
  built: BuiltAtoms,
  inputs: DesignInputs,
  assignment: Int32Array,
  beats: readonly { id: string; parentId: string }[],
): QualityReport {
  return designQuality(
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
}
