import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  capAreaToFeature,
  capCircleToGeoJson,
  capPolygonsToGeoJson,
  capPolygonToGeoJson,
  formatCapPolygon,
  formatDecimal,
  geoJsonToCapPolygons,
  type MultiPolygon,
  type Polygon,
  parseCapCircle,
  parseCapPolygon,
} from './cap-geometry.ts';
import { haversineMeters } from './geo.ts';

describe('CAP polygon text', () => {
  it('parses "lat,lon" pairs of a closed ring and formats them back', () => {
    const text = '38.47,-120.14 38.34,-119.95 38.52,-119.74 38.62,-119.89 38.47,-120.14';
    const ring = parseCapPolygon(text);
    expect(ring[1]).toEqual([38.34, -119.95]);
    expect(formatCapPolygon(ring)).toBe(text);
    expect(parseCapPolygon(' 1, 2  3,4 5,6\n1,2 ')).toHaveLength(4);
    expect(() => parseCapPolygon('1,2 3,4 5,6 7,8')).toThrow(/not closed/);
    expect(() => parseCapPolygon('1,2 3,4 1,2')).toThrow(/at least 4/);
    expect(() => parseCapPolygon('91,2 3,4 5,6 91,2')).toThrow(/out of range/);
    expect(() => parseCapPolygon('1,2 3;4 5,6 1,2')).toThrow(/bad coordinate/);
  });

  it('formats decimals without exponents', () => {
    expect(formatDecimal(1e-7)).toBe('0.0000001');
    expect(formatDecimal(100)).toBe('100');
    expect(formatDecimal(-0)).toBe('0');
    expect(formatDecimal(12.3456789, 3)).toBe('12.346');
    fc.assert(
      fc.property(fc.double({ min: -180, max: 180, noNaN: true }), (x) => {
        const s = formatDecimal(x);
        expect(s).toMatch(/^-?\d+(\.\d+)?$/);
        expect(Number(s)).toBe(x + 0);
      }),
    );
  });

  it('parses circles', () => {
    expect(parseCapCircle('32.9525,-115.5527 0')).toEqual({ lat: 32.9525, lon: -115.5527, radiusKm: 0 });
    expect(() => parseCapCircle('32.9525,-115.5527')).toThrow();
  });
});

describe('GeoJSON <-> CAP polygons', () => {
  const square: Polygon = {
    type: 'Polygon',
    coordinates: [
      [
        [114, 22],
        [115, 22],
        [115, 23],
        [114, 23],
        [114, 22],
      ],
      [
        [114.2, 22.2],
        [114.2, 22.4],
        [114.4, 22.4],
        [114.2, 22.2],
      ],
    ],
  };

  it('swaps lon/lat, keeps outer rings, counts dropped holes', () => {
    const { polygons, droppedHoles } = geoJsonToCapPolygons(square);
    expect(droppedHoles).toBe(1);
    expect(polygons).toHaveLength(1);
    expect(formatCapPolygon(polygons[0]!)).toBe('22,114 22,115 23,115 23,114 22,114');
  });

  it('handles MultiPolygon Features and closes open rings', () => {
    const multi: MultiPolygon = {
      type: 'MultiPolygon',
      coordinates: [
        [
          [
            [0, 0],
            [1, 0],
            [1, 1],
          ],
        ],
        [square.coordinates[0]!],
      ],
    };
    const { polygons } = geoJsonToCapPolygons({ type: 'Feature', geometry: multi, properties: null });
    expect(polygons).toHaveLength(2);
    expect(polygons[0]).toEqual([
      [0, 0],
      [0, 1],
      [1, 1],
      [0, 0],
    ]);
    expect(() =>
      geoJsonToCapPolygons({
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [1, 1],
          ],
        ],
      }),
    ).toThrow();
    expect(() =>
      geoJsonToCapPolygons({
        type: 'Polygon',
        coordinates: [
          [
            [0, 95],
            [1, 1],
            [2, 2],
          ],
        ],
      }),
    ).toThrow();
  });

  it('round-trips hole-free counterclockwise shapes (property)', () => {
    const ring = fc
      .tuple(
        fc.double({ min: -170, max: 170, noNaN: true }),
        fc.double({ min: -80, max: 80, noNaN: true }),
        fc.double({ min: 0.01, max: 5, noNaN: true }),
      )
      .map(([x0, y0, d]): [number, number, number] => [x0 + 0, y0 + 0, d])
      .map(([x, y, d]) => [
        [x, y],
        [x + d, y],
        [x + d, y + d],
        [x, y + d],
        [x, y],
      ]);
    fc.assert(
      fc.property(fc.array(ring, { minLength: 1, maxLength: 3 }), (rings) => {
        const multi: MultiPolygon = { type: 'MultiPolygon', coordinates: rings.map((r) => [r]) };
        const { polygons } = geoJsonToCapPolygons(multi);
        const text = polygons.map((p) => formatCapPolygon(p));
        expect(capPolygonsToGeoJson(text.map(parseCapPolygon))).toEqual(multi);
      }),
    );
  });

  it('orients CAP rings counterclockwise in GeoJSON whatever their input order', () => {
    const cw = parseCapPolygon('0,0 1,0 1,1 0,1 0,0'); // lat,lon: clockwise in lon/lat
    const ring = capPolygonToGeoJson(cw).coordinates[0]!;
    let s = 0;
    for (let i = 0; i + 1 < ring.length; i++)
      s += ring[i]![0]! * ring[i + 1]![1]! - ring[i + 1]![0]! * ring[i]![1]!;
    expect(s).toBeGreaterThan(0);
  });

  it('approximates circles with vertices at the radius', () => {
    const c = { lat: 41.88, lon: -87.63, radiusKm: 2 };
    const ring = capCircleToGeoJson(c, 32).coordinates[0]!;
    for (const [lon, lat] of ring)
      expect(Math.abs(haversineMeters(c, { lat: lat!, lon: lon! }) - 2000)).toBeLessThan(5);
    const f = capAreaToFeature({ areaDesc: 'x', polygons: [], circles: [c], geocodes: [] });
    expect(f.geometry?.coordinates).toHaveLength(1);
    expect(capAreaToFeature({ areaDesc: 'y', polygons: [], circles: [], geocodes: [] }).geometry).toBeNull();
  });
});
