import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { haversineMetres } from './geo-math.ts';
import { twinOf } from './graph-position.ts';
import { buildRoadGraph, type RoadGraph } from './road-graph.ts';
import { buildSnapIndex, projectOntoSegment, snapToRoad } from './snap-index.ts';

/** Brute force: the smallest distance from the point to any edge. */
function bruteForceMetres(g: RoadGraph, point: { lat: number; lon: number }): number {
  let best = Number.POSITIVE_INFINITY;
  for (let e = 0; e < g.edgeCount; e++) {
    const u = g.edgeSource[e]!;
    const v = g.edgeTarget[e]!;
    best = Math.min(best, projectOntoSegment(point, g.lat[u]!, g.lon[u]!, g.lat[v]!, g.lon[v]!).metres);
  }
  return best;
}

const coordinate = fc.tuple(
  fc.double({ min: 0, max: 0.02, noNaN: true }),
  fc.double({ min: 0, max: 0.02, noNaN: true }),
);

const arbitrarySegments = fc
  .record({
    nodes: fc.array(coordinate, { minLength: 2, maxLength: 40 }),
    links: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.boolean()), { minLength: 1, maxLength: 60 }),
  })
  .map(({ nodes, links }) => {
    const from: number[] = [];
    const to: number[] = [];
    for (const [a, b, twoWay] of links) {
      const u = a % nodes.length;
      const v = b % nodes.length;
      from.push(u);
      to.push(v);
      if (twoWay) {
        from.push(v);
        to.push(u);
      }
    }
    return buildRoadGraph({
      lat: nodes.map(([a]) => 48.85 + a),
      lon: nodes.map(([, o]) => 2.35 + o),
      from,
      to,
      seconds: from.map(() => 10),
      metres: from.map(() => 100),
    });
  })
  .filter((g) => g.edgeCount > 0);

describe('snapToRoad', () => {
  it('finds the nearest segment exactly as brute force does, within maxMetres', () => {
    fc.assert(
      fc.property(
        arbitrarySegments,
        fc.array(
          fc.tuple(
            fc.double({ min: -0.01, max: 0.03, noNaN: true }),
            fc.double({ min: -0.01, max: 0.03, noNaN: true }),
          ),
          {
            minLength: 1,
            maxLength: 20,
          },
        ),
        fc.double({ min: 1, max: 3000, noNaN: true }),
        (g, points, maxMetres) => {
          const index = buildSnapIndex(g);
          for (const [a, o] of points) {
            const point = { lat: 48.85 + a, lon: 2.35 + o };
            const want = bruteForceMetres(g, point);
            const got = snapToRoad(index, point, maxMetres);
            if (want > maxMetres * (1 + 1e-9)) {
              expect(got).toBeNull();
              continue;
            }
            if (want < maxMetres * (1 - 1e-9)) expect(got).not.toBeNull();
            if (got === null) continue;
            expect(Math.abs(got.distanceMetres - want)).toBeLessThan(1e-6);
            expect(got.twin).toBe(twinOf(g, got.edge));
            const u = g.edgeSource[got.edge]!;
            const v = g.edgeTarget[got.edge]!;
            expect(got.lat).toBeCloseTo(g.lat[u]! + (g.lat[v]! - g.lat[u]!) * got.fraction, 12);
            expect(got.lon).toBeCloseTo(g.lon[u]! + (g.lon[v]! - g.lon[u]!) * got.fraction, 12);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('returns null off graph, for non-finite input and on an empty graph', () => {
    const g = buildRoadGraph({
      lat: [0, 0],
      lon: [0, 0.001],
      from: [0],
      to: [1],
      seconds: [1],
      metres: [111],
    });
    const index = buildSnapIndex(g);
    expect(snapToRoad(index, { lat: 0.01, lon: 0.0005 }, 500)).toBeNull();
    expect(snapToRoad(index, { lat: 0.001, lon: 0.0005 }, 500)?.edge).toBe(0);
    expect(snapToRoad(index, { lat: Number.NaN, lon: 0 })).toBeNull();
    const empty = buildRoadGraph({ lat: [0], lon: [0], from: [], to: [], seconds: [], metres: [] });
    expect(snapToRoad(buildSnapIndex(empty), { lat: 0, lon: 0 })).toBeNull();
  });

  it('indexes a two-way street once and keeps both directions', () => {
    const g = buildRoadGraph({
      lat: [0, 0],
      lon: [0, 0.001],
      from: [0, 1],
      to: [1, 0],
      seconds: [5, 6],
      metres: [111, 111],
    });
    const index = buildSnapIndex(g);
    expect(index.segmentEdge.length).toBe(1);
    const s = snapToRoad(index, { lat: 0.0001, lon: 0.00025 })!;
    expect(s.twin).toBe(twinOf(g, s.edge));
    expect(s.twin).toBeGreaterThanOrEqual(0);
  });
});

describe('projectOntoSegment', () => {
  it('measures like haversine at street scale (within 0.5%)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -60, max: 60, noNaN: true }),
        fc.double({ min: -170, max: 170, noNaN: true }),
        fc.tuple(coordinate, coordinate, coordinate),
        (lat, lon, [[a1, o1], [a2, o2], [a3, o3]]) => {
          const point = { lat: lat + a1, lon: lon + o1 };
          const p = projectOntoSegment(point, lat + a2, lon + o2, lat + a3, lon + o3);
          const sLat = lat + a2 + (a3 - a2) * p.fraction;
          const sLon = lon + o2 + (o3 - o2) * p.fraction;
          const truth = haversineMetres(point.lat, point.lon, sLat, sLon);
          expect(Math.abs(p.metres - truth)).toBeLessThanOrEqual(0.005 * truth + 1e-6);
        },
      ),
    );
  });
});
