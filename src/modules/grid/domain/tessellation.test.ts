import { readFileSync } from 'node:fs';
import { area, bbox, bboxClip, booleanValid, featureCollection, intersect, kinks } from '@turf/turf';
import fc from 'fast-check';
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { getHexagonAreaAvg } from 'h3-js';
import { describe, expect, it } from 'vitest';
import { sharedDataPath } from '../../../../test/support/shared-data.ts';
import { type GridCellProperties, tessellateVillage } from './tessellation.ts';

type Village = Feature<Polygon | MultiPolygon>;
const feature = (geometry: Polygon | MultiPolygon): Village => ({
  type: 'Feature',
  properties: {},
  geometry,
});

/**
 * Planar area in lon/lat degrees². Unlike turf's spherical formula it is exactly additive when a
 * collinear vertex is inserted, and the tessellation itself is planar in lon/lat, so it is the
 * right yardstick for "inside" and "covers".
 */
function planarArea(g: Polygon | MultiPolygon | Feature<Polygon | MultiPolygon>): number {
  const geom = 'geometry' in g ? g.geometry : g;
  const polys = geom.type === 'Polygon' ? [geom.coordinates] : geom.coordinates;
  let total = 0;
  for (const rings of polys) {
    rings.forEach((ring, i) => {
      // Shoelace around a local origin: products of raw lon/lat would lose ~8 digits.
      const [x0, y0] = [ring[0]![0]!, ring[0]![1]!];
      let a = 0;
      for (let k = 0; k + 1 < ring.length; k++) {
        const [x1, y1, x2, y2] = [
          ring[k]![0]! - x0,
          ring[k]![1]! - y0,
          ring[k + 1]![0]! - x0,
          ring[k + 1]![1]! - y0,
        ];
        a += x1 * y2 - x2 * y1;
      }
      total += (i === 0 ? 1 : -1) * Math.abs(a / 2);
    });
  }
  return total;
}

/** c ∩ village, clipping the village to a box around `c` first to keep the oracle fast on big boundaries. */
function insideOf(c: Feature<Polygon>, village: Village) {
  const [w, s, e, n] = bbox(c);
  const pad = Math.max(e - w, n - s) * 0.05;
  try {
    return intersect(
      featureCollection([c, bboxClip(village, [w - pad, s - pad, e + pad, n + pad]) as Village]),
    );
  } catch {
    return intersect(featureCollection([c, village]));
  }
}

/** Checks every promise of the tessellation: valid polygons, inside, disjoint, covering, no slivers. */
function expectSoundGrid(
  village: Village,
  grid: FeatureCollection<Polygon, GridCellProperties>,
  resolution: number,
) {
  const cells = grid.features;
  expect(cells.length).toBeGreaterThan(0);
  const villageArea = planarArea(village);
  let sum = 0;
  for (const c of cells) {
    expect(c.geometry.type).toBe('Polygon');
    expect(booleanValid(c)).toBe(true);
    expect(kinks(c).features).toHaveLength(0);
    const ring = c.geometry.coordinates[0]!;
    expect(ring.length).toBeGreaterThanOrEqual(4);
    expect(ring[0]).toEqual(ring[ring.length - 1]);
    const inside = insideOf(c, village);
    expect(inside).not.toBeNull();
    const own = planarArea(c);
    expect(Math.abs(planarArea(inside!) - own)).toBeLessThan(1e-9 * own);
    expect(Math.abs(c.properties.areaM2 / area(c) - 1)).toBeLessThan(1e-9);
    sum += own;
  }
  expect(Math.abs(sum / villageArea - 1)).toBeLessThan(1e-9);
  // Disjoint: neighbouring cells share at most a boundary.
  for (let i = 0; i < cells.length; i++) {
    for (let j = i + 1; j < cells.length; j++) {
      const [a, b] = [bbox(cells[i]!), bbox(cells[j]!)];
      if (a[2] < b[0] || b[2] < a[0] || a[3] < b[1] || b[3] < a[1]) continue;
      const o = intersect(featureCollection([cells[i]!, cells[j]!]));
      expect(o ? planarArea(o) : 0).toBeLessThan(1e-9 * planarArea(cells[i]!));
    }
  }
  const ids = cells.map((c) => c.properties.cellId);
  expect(new Set(ids).size).toBe(ids.length);
  // No slivers left, unless a piece touches nothing it could merge with (a lone island).
  const minArea = 0.3 * getHexagonAreaAvg(resolution, 'm2') * 0.8;
  const small = cells.filter((c) => c.properties.areaM2 < minArea);
  if (cells.length > 1) {
    for (const s of small) {
      const touching = cells.filter((c) => c !== s && intersect(featureCollection([c, s])) !== null);
      expect(touching).toEqual([]);
    }
  }
}

// A concave "village" in Shenzhen (~1.6 km²): an L-shape with a notch on its upper edge.
const lShape: Polygon = {
  type: 'Polygon',
  coordinates: [
    [
      [114.05, 22.54],
      [114.066, 22.54],
      [114.066, 22.547],
      [114.058, 22.547],
      [114.058, 22.556],
      [114.055, 22.556],
      [114.0535, 22.552],
      [114.052, 22.556],
      [114.05, 22.556],
      [114.05, 22.54],
    ],
  ],
};

describe('village tessellation', () => {
  it('cuts a concave village into valid, disjoint cells that cover it', () => {
    const grid = tessellateVillage(lShape, { resolution: 9 });
    expectSoundGrid(feature(lShape), grid, 9);
    expect(grid.features.length).toBeGreaterThan(8);
    for (const c of grid.features) expect(c.properties.h3Cells).toContain(c.properties.cellId.split('-')[0]);
  });

  it('handles holes and multi-part villages, keeping a lone island as its own cell', () => {
    const withHole: Polygon = {
      type: 'Polygon',
      coordinates: [
        lShape.coordinates[0]!,
        [
          [114.0555, 22.5425],
          [114.0555, 22.5445],
          [114.0525, 22.5445],
          [114.0525, 22.5425],
          [114.0555, 22.5425],
        ],
      ],
    };
    expectSoundGrid(feature(withHole), tessellateVillage(withHole, { resolution: 9 }), 9);
    const island: Polygon['coordinates'] = [
      [
        [114.08, 22.53],
        [114.0803, 22.53],
        [114.0803, 22.5303],
        [114.08, 22.5303],
        [114.08, 22.53],
      ],
    ];
    const multi: MultiPolygon = { type: 'MultiPolygon', coordinates: [lShape.coordinates, island] };
    const grid = tessellateVillage(multi, { resolution: 9 });
    expectSoundGrid(feature(multi), grid, 9);
    expect(grid.features.some((c) => c.properties.areaM2 < 2000)).toBe(true);
  });

  it('is deterministic', () => {
    expect(tessellateVillage(lShape, { resolution: 9 })).toEqual(
      tessellateVillage(lShape, { resolution: 9 }),
    );
  });

  it('a village smaller than one hexagon becomes one or a few cells', () => {
    const tiny: Polygon = {
      type: 'Polygon',
      coordinates: [
        [
          [114.05, 22.54],
          [114.052, 22.54],
          [114.052, 22.542],
          [114.05, 22.542],
          [114.05, 22.54],
        ],
      ],
    };
    const grid = tessellateVillage(tiny, { resolution: 8 });
    expectSoundGrid(feature(tiny), grid, 8);
  });

  it('rejects bad input', () => {
    expect(() => tessellateVillage(lShape, { resolution: 16 })).toThrow(RangeError);
    expect(() => tessellateVillage(lShape, { resolution: 13, maxCells: 500 })).toThrow(/coarser/);
    const bowtie: Polygon = {
      type: 'Polygon',
      coordinates: [
        [
          [114, 22],
          [114.01, 22.01],
          [114.01, 22],
          [114, 22.01],
          [114, 22],
        ],
      ],
    };
    expect(() => tessellateVillage(bowtie, { resolution: 9 })).toThrow(/not a valid/);
  });

  it('random star-shaped villages tessellate soundly (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0.35, max: 1, noNaN: true }), { minLength: 5, maxLength: 14 }),
        fc.double({ min: -0.5, max: 0.5, noNaN: true }),
        fc.constantFrom(9, 10),
        (radii, rotation, resolution) => {
          const ring = radii.map((r, i) => {
            const a = rotation + (2 * Math.PI * i) / radii.length;
            return [114.05 + 0.008 * r * Math.cos(a), 22.54 + 0.008 * r * Math.sin(a)];
          });
          const village: Polygon = { type: 'Polygon', coordinates: [[...ring, ring[0]!]] };
          expectSoundGrid(feature(village), tessellateVillage(village, { resolution }), resolution);
        },
      ),
      { numRuns: 8 },
    );
  });
});

const beatsFile = sharedDataPath('boundaries/chicago/chicago_police_beats_2012.geojson');

describe.skipIf(!beatsFile)('real boundaries: Chicago police beats as villages', () => {
  it('tessellates a sample of beats at resolution 9', () => {
    const beats = JSON.parse(readFileSync(beatsFile!, 'utf8')) as FeatureCollection<Polygon | MultiPolygon>;
    // Beats picked for awkward shapes: multi-ring, tiny, long and thin, ragged river edges.
    for (const n of ['1654', '1655', '1621', '1614', '0433', '0715', '1713']) {
      const beat = beats.features.find((f) => f.properties?.BEAT_NUM === n)!;
      expectSoundGrid(beat, tessellateVillage(beat, { resolution: 9 }), 9);
    }
  });
});
