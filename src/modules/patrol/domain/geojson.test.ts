import { describe, expect, it } from 'vitest';
import { isPatrolError } from './errors.ts';
import { readRegions } from './geojson.ts';

const square = (x: number) => ({
  type: 'Polygon',
  coordinates: [
    [
      [x, 0],
      [x + 1, 0],
      [x + 1, 1],
      [x, 1],
      [x, 0],
    ],
  ],
});

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return isPatrolError(e) ? e.code : 'other';
  }
  return undefined;
}

describe('readRegions', () => {
  it('reads features and merges those sharing an id into one MultiPolygon', () => {
    const fc = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { D: '1' }, geometry: square(0) },
        { type: 'Feature', properties: { D: '2' }, geometry: square(1) },
        { type: 'Feature', properties: { D: '1' }, geometry: square(5) },
      ],
    };
    const regions = readRegions(fc, { idProperty: 'D' });
    expect(regions.map((r) => r.id)).toEqual(['1', '2']);
    expect(regions[0]!.polygons).toHaveLength(2);
  });

  it('accepts a bare geometry', () => {
    expect(readRegions(square(0))).toHaveLength(1);
  });

  it.each([
    ['not an object', 42],
    ['wrong type', { type: 'Point', coordinates: [0, 0] }],
    ['empty collection', { type: 'FeatureCollection', features: [] }],
    [
      'unclosed ring',
      {
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [1, 0],
            [1, 1],
            [0, 1],
          ],
        ],
      },
    ],
    [
      'too few positions',
      {
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [1, 0],
            [0, 0],
          ],
        ],
      },
    ],
    [
      'non-numeric coordinate',
      {
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [1, 'a'],
            [1, 1],
            [0, 0],
          ],
        ],
      },
    ],
    [
      'out of range',
      {
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [200, 0],
            [1, 1],
            [0, 0],
          ],
        ],
      },
    ],
    ['line geometry in feature', { type: 'Feature', geometry: { type: 'LineString', coordinates: [] } }],
    ['missing id property', { type: 'Feature', properties: {}, geometry: square(0) }],
  ])('rejects %s with INVALID_GEOJSON', (_label, input) => {
    expect(code(() => readRegions(input, _label === 'missing id property' ? { idProperty: 'D' } : {}))).toBe(
      'INVALID_GEOJSON',
    );
  });
});
