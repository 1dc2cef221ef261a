import * as turf from '@turf/turf';
import * as h3 from 'h3-js';
import { describe, expect, it } from 'vitest';
import { rect } from '../test-support/instances.ts';
import { withAtomValues } from './atoms.ts';
import { perimeterM } from './geo.ts';
import { buildH3Atoms } from './h3-atoms.ts';
import { designQuality } from './quality.ts';

const atoms = buildH3Atoms([{ id: 'D', polygons: [rect(0, 0, 0.03, 0.03)], properties: {} }], {
  resolution: 10,
  mode: 'centre',
});
const centre = h3.latLngToCell(0.015, 0.015, 10);
const disk = new Set(h3.gridDisk(centre, 2));
const assignment = Int32Array.from(atoms.ids, (id) => (disk.has(id) ? 0 : 1));
const beats = [
  { id: 'disk', parentId: 'D' },
  { id: 'rest', parentId: 'D' },
];

describe('designQuality', () => {
  it('computes Polsby-Popper of the union from non-shared edges, matching turf on the merged polygon', () => {
    const q = designQuality(atoms, { assignment, beats });
    const union = h3.cellsToMultiPolygon([...disk], true) as [number, number][][][];
    const area = turf.area(turf.multiPolygon(union));
    const expected = (4 * Math.PI * area) / perimeterM(union) ** 2;
    expect(q.beats[0]!.atoms).toBe(19);
    expect(q.beats[0]!.polsbyPopper).toBeCloseTo(expected, 3);
    // A 19-cell hexagon of hexagons: zig-zag edges cap it near 0.69.
    expect(q.beats[0]!.polsbyPopper).toBeGreaterThan(0.66);
    expect(q.beats[0]!.polsbyPopper).toBeLessThan(0.71);
    expect(q.contiguity.all).toBe(true);
    expect(q.nesting.all).toBe(true);
  });

  it('reports balance figures, broken contiguity and broken nesting', () => {
    const w = new Float64Array(atoms.ids.length);
    w[assignment.indexOf(0)] = 10;
    w[assignment.indexOf(1)] = 30;
    const heavy = assignment.indexOf(1);
    const far = atoms.ids.findIndex(
      (_, i) => assignment[i] === 1 && i !== heavy && atoms.x[i]! > atoms.x[assignment.indexOf(0)]! + 500,
    );
    const split = Int32Array.from(assignment);
    split[far] = 0;
    const q = designQuality(withAtomValues(atoms, w), {
      assignment: split,
      beats: [
        { id: 'disk', parentId: 'D' },
        { id: 'rest', parentId: 'elsewhere' },
      ],
    });
    expect(q.workload.mean).toBe(20);
    expect(q.workload.cv).toBeCloseTo(0.5, 6);
    expect(q.workload.maxOverMean).toBeCloseTo(1.5, 6);
    expect(q.contiguity.failing).toEqual(['disk']);
    expect(q.nesting.failing).toEqual(['rest']);
  });

  it('measures travel from the workload-weighted medoid', () => {
    const p = atoms.projection;
    const base = [atoms.lon[assignment.indexOf(0)]!, atoms.lat[assignment.indexOf(0)]!] as const;
    const east = (m: number) => ({ lon: p.lon(p.x(base[0]) + m), lat: base[1] });
    // Three incidents at the medoid, one 100 m east, one 200 m east: medoid stays at 0.
    const incidents = [east(0), east(0), east(0), east(100), east(200)];
    const atomOf = Int32Array.from(incidents, () => assignment.indexOf(0));
    const q = designQuality(atoms, { assignment, beats }, { demand: { incidents, atomOf } });
    expect(q.beats[0]!.patrolPosition![0]).toBeCloseTo(base[0], 9);
    expect(q.beats[0]!.travelMean!).toBeCloseTo(60, 1);
    expect(q.travel!.p90).toBeCloseTo(200, 1);
    expect(q.beats[1]!.travelMean).toBeNull();
  });
});
