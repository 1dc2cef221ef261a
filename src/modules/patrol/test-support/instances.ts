import type { AtomSet } from '../domain/atoms.ts';
import { withAtomValues } from '../domain/atoms.ts';
import type { Position } from '../domain/geo.ts';
import type { Region } from '../domain/geojson.ts';
import { buildH3Atoms } from '../domain/h3-atoms.ts';
import { createRng } from '../domain/rng.ts';

/** A lon/lat rectangle as a closed ring. */
export function rect(w: number, s: number, e: number, n: number): Position[][] {
  return [
    [
      [w, s],
      [e, s],
      [e, n],
      [w, n],
      [w, s],
    ],
  ];
}

/**
 * Parents side by side: a rectangle near (0.0, 0.0) cut into `parts` vertical strips; with
 * `island`, the first parent also owns a detached square north of the strips.
 */
export function stripParents(parts: number, widthDeg: number, heightDeg: number, island = false): Region[] {
  return Array.from({ length: parts }, (_, k) => {
    const strip = rect((k * widthDeg) / parts, 0, ((k + 1) * widthDeg) / parts, heightDeg);
    const isle = rect(0, heightDeg * 1.5, heightDeg * 0.4, heightDeg * 1.9);
    return { id: `P${k + 1}`, polygons: island && k === 0 ? [strip, isle] : [strip], properties: {} };
  });
}

/** Options of a random instance. */
export interface RandomInstance {
  seed: number;
  parents: number;
  widthDeg: number;
  heightDeg: number;
  resolution: number;
  mode?: 'clip' | 'centre';
  /** Share of atoms with zero workload. */
  emptyShare?: number;
  /** Give the first parent a detached island. */
  island?: boolean;
}

/** Random workload over H3 atoms covering strip parents; deterministic by seed. */
export function randomInstance(o: RandomInstance): AtomSet {
  const atoms = buildH3Atoms(stripParents(o.parents, o.widthDeg, o.heightDeg, o.island), {
    resolution: o.resolution,
    mode: o.mode ?? 'centre',
  });
  const rng = createRng(o.seed);
  // A couple of hotspots plus noise, so balance and compactness pull in different directions.
  const hx = atoms.x[Math.floor(rng() * atoms.ids.length)]!;
  const hy = atoms.y[Math.floor(rng() * atoms.ids.length)]!;
  const scale = Math.sqrt(atoms.area.reduce((a, b) => a + b, 0)) / 3;
  const w = Float64Array.from(atoms.x, (x, i) => {
    if (rng() < (o.emptyShare ?? 0)) return 0;
    const d2 = ((x - hx) ** 2 + (atoms.y[i]! - hy) ** 2) / (scale * scale);
    return Math.round(1 + 20 * Math.exp(-d2) + 4 * rng());
  });
  return withAtomValues(atoms, w);
}
