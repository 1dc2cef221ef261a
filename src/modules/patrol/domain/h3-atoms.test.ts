import * as turf from '@turf/turf';
import { describe, expect, it } from 'vitest';
import { rect } from '../test-support/instances.ts';
import type { AtomSet } from './atoms.ts';
import { isPatrolError } from './errors.ts';
import { perimeterM } from './geo.ts';
import type { Region } from './geojson.ts';
import { buildH3Atoms, suggestH3Resolution } from './h3-atoms.ts';
import { designQuality } from './quality.ts';

// Two parents: a square and an L-shaped neighbour, with a diagonal edge to force clipping.
const parents: Region[] = [
  {
    id: 'A',
    polygons: [
      [
        [
          [0, 0],
          [0.02, 0],
          [0.025, 0.02],
          [0, 0.02],
          [0, 0],
        ],
      ],
    ],
    properties: {},
  },
  {
    id: 'B',
    polygons: [
      [
        [
          [0.02, 0],
          [0.04, 0],
          [0.04, 0.02],
          [0.025, 0.02],
          [0.02, 0],
        ],
      ],
    ],
    properties: {},
  },
];

function wholeParents(atoms: AtomSet) {
  return designQuality(atoms, {
    assignment: Int32Array.from(atoms.parent),
    beats: atoms.parentIds.map((id) => ({ id, parentId: id })),
  });
}

describe('buildH3Atoms', () => {
  it('clip mode tiles each parent exactly: same area and boundary length', () => {
    const atoms = buildH3Atoms(parents, { resolution: 10 });
    const q = wholeParents(atoms);
    for (const beat of q.beats) {
      const region = parents.find((p) => p.id === beat.id)!;
      const area = turf.area(turf.multiPolygon(region.polygons));
      expect(beat.areaM2 / area).toBeCloseTo(1, 4);
      expect(beat.perimeterM / perimeterM(region.polygons)).toBeCloseTo(1, 3);
      expect(beat.contiguous).toBe(true);
    }
  });

  it('clips exactly along a comb-shaped boundary (narrow teeth and detours through cells)', () => {
    const teeth: [number, number][] = [[0, 0]];
    for (let k = 0; k < 8; k++) {
      const x = k * 0.0025;
      teeth.push([x, 0.01], [x + 0.0008, 0.01], [x + 0.0008, 0.0005], [x + 0.0025, 0.0005]);
    }
    teeth.push([0.02, 0], [0, 0]);
    const comb: Region[] = [{ id: 'comb', polygons: [[teeth]], properties: {} }];
    const q = wholeParents(buildH3Atoms(comb, { resolution: 10 }));
    const area = turf.area(turf.multiPolygon(comb[0]!.polygons));
    expect(q.beats[0]!.areaM2 / area).toBeCloseTo(1, 4);
    expect(q.beats[0]!.perimeterM / perimeterM(comb[0]!.polygons)).toBeCloseTo(1, 3);
  });

  it('gives every atom one parent and symmetric adjacency', () => {
    const atoms = buildH3Atoms(parents, { resolution: 10, mode: 'centre' });
    expect(new Set(atoms.ids).size).toBe(atoms.ids.length);
    for (let i = 0; i < atoms.ids.length; i++) {
      for (let k = atoms.adjStart[i]!; k < atoms.adjStart[i + 1]!; k++) {
        const j = atoms.adjIndex[k]!;
        let back = false;
        for (let q = atoms.adjStart[j]!; q < atoms.adjStart[j + 1]!; q++) back ||= atoms.adjIndex[q] === i;
        expect(back).toBe(true);
      }
    }
    // Whole cells: a lone cell is close to a regular hexagon (PP 0.9069; H3 cells are slightly distorted).
    const pp = (4 * Math.PI * atoms.area[0]!) / atoms.perimeter[0]! ** 2;
    expect(pp).toBeGreaterThan(0.88);
    expect(pp).toBeLessThan(0.91);
  });

  it('rejects bad resolutions and empty covers', () => {
    expect(() => buildH3Atoms(parents, { resolution: 16 })).toThrow(/resolution/);
    try {
      buildH3Atoms([{ id: 'tiny', polygons: [rect(0, 0, 1e-7, 1e-7)], properties: {} }], {
        resolution: 5,
        mode: 'centre',
      });
      expect.unreachable();
    } catch (e) {
      expect(isPatrolError(e, 'INVALID_INPUT')).toBe(true);
    }
  });

  it('suggests a resolution giving about the requested atoms per beat', () => {
    // 600 km2 and 277 beats: res 9 (~0.105 km2) gives ~21 atoms per beat, res 10 ~146.
    expect(suggestH3Resolution(600e6, 277)).toBe(9);
    expect(suggestH3Resolution(600e6, 277, 100)).toBe(10);
    expect(suggestH3Resolution(600e6, 27)).toBe(8);
  });
});

describe('fragment merging', () => {
  // B is a square with a small hole; A is a strip to the west plus the patch filling B's hole.
  const hole = [
    [0.01, 0.01],
    [0.0125, 0.01],
    [0.0125, 0.0125],
    [0.01, 0.0125],
    [0.01, 0.01],
  ] as [number, number][];
  const fragmentParents: Region[] = [
    { id: 'A', polygons: [rect(-0.01, 0, 0, 0.02), [hole]], properties: {} },
    { id: 'B', polygons: [[...rect(0, 0, 0.02, 0.02), [...hole].reverse()]], properties: {} },
  ];

  it('hands a tiny detached piece to the neighbour that surrounds it', () => {
    const atoms = buildH3Atoms(fragmentParents, { resolution: 9 });
    const q = wholeParents(atoms);
    expect(q.contiguity.all).toBe(true);
    const a = q.beats.find((b) => b.id === 'A')!;
    expect(a.areaM2 / turf.area(turf.multiPolygon([rect(-0.01, 0, 0, 0.02)]))).toBeCloseTo(1, 3);
  });

  it('keeps the piece when merging is disabled', () => {
    const atoms = buildH3Atoms(fragmentParents, { resolution: 9, mergeFragmentsBelowM2: 0 });
    expect(wholeParents(atoms).contiguity.failing).toEqual(['A']);
  });
});
