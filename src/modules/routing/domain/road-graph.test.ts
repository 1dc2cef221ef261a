import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildRoadGraph, graphByteSize, renumberNodes } from './road-graph.ts';
import { arbitraryGraph } from './test-support/reference-dijkstra.ts';

describe('buildRoadGraph', () => {
  it('stores every non-loop edge once, sorted by source, with a consistent reverse graph', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.array(fc.tuple(fc.nat(), fc.nat(), fc.integer({ min: 0, max: 1000 })), { maxLength: 60 }),
        (n, raw) => {
          const edges = raw.map(([u, v, s]) => [u % n, v % n, s] as const);
          const g = buildRoadGraph({
            lat: Array.from({ length: n }, (_, i) => i / 100),
            lon: Array.from({ length: n }, (_, i) => i / 50),
            from: edges.map((e) => e[0]),
            to: edges.map((e) => e[1]),
            seconds: edges.map((e) => e[2]),
            metres: edges.map((e) => e[2] * 2),
          });
          const want = edges.filter(([u, v]) => u !== v).map(([u, v, s]) => `${u}>${v}:${s}`);
          const got: string[] = [];
          for (let u = 0; u < n; u++) {
            for (let e = g.firstOut[u]!; e < g.firstOut[u + 1]!; e++) {
              expect(g.edgeSource[e]).toBe(u);
              expect(g.edgeMetres[e]).toBe(2 * g.edgeSeconds[e]!);
              got.push(`${u}>${g.edgeTarget[e]}:${g.edgeSeconds[e]}`);
            }
          }
          expect(got.sort()).toEqual(want.sort());
          for (let v = 0; v < n; v++) {
            for (let i = g.firstIn[v]!; i < g.firstIn[v + 1]!; i++) {
              const e = g.inEdge[i]!;
              expect(g.edgeTarget[e]).toBe(v);
              expect(g.inSource[i]).toBe(g.edgeSource[e]);
              expect(g.inSeconds[i]).toBe(g.edgeSeconds[e]);
            }
          }
          expect(g.firstIn[n]).toBe(g.edgeCount);
        },
      ),
    );
  });

  it('rejects bad input', () => {
    const base = { lat: [0, 0], lon: [0, 1], from: [0], to: [1], seconds: [1], metres: [1] };
    expect(() => buildRoadGraph({ ...base, to: [2] })).toThrow(RangeError);
    expect(() => buildRoadGraph({ ...base, seconds: [-1] })).toThrow(RangeError);
    expect(() => buildRoadGraph({ ...base, seconds: [Number.NaN] })).toThrow(RangeError);
    expect(() => buildRoadGraph({ ...base, metres: [Number.POSITIVE_INFINITY] })).toThrow(RangeError);
    expect(() => buildRoadGraph({ ...base, lat: [0, 91] })).toThrow(RangeError);
    expect(() => buildRoadGraph({ ...base, from: [0, 1] })).toThrow(RangeError);
  });

  it('counts the bytes of its typed arrays', () => {
    const g = buildRoadGraph({
      lat: [0, 0],
      lon: [0, 1],
      from: [0, 1],
      to: [1, 0],
      seconds: [1, 1],
      metres: [1, 1],
    });
    // nodes: lat+lon 16, firstOut+firstIn 2×12; edges: 7 arrays × 4 bytes × 2 edges
    expect(graphByteSize(g)).toBe(2 * 16 + 2 * 12 + 7 * 4 * 2);
  });
});

describe('renumberNodes', () => {
  it('preserves edges between kept nodes under the new numbering', () => {
    fc.assert(
      fc.property(arbitraryGraph, (g) => {
        const order = Uint32Array.from({ length: g.nodeCount }, (_, i) => g.nodeCount - 1 - i);
        const r = renumberNodes(g, order);
        expect(r.edgeCount).toBe(g.edgeCount);
        for (let e = 0; e < r.edgeCount; e++) {
          const u = order[r.edgeSource[e]!]!;
          const v = order[r.edgeTarget[e]!]!;
          let found = false;
          for (let f = g.firstOut[u]!; f < g.firstOut[u + 1]!; f++) {
            if (g.edgeTarget[f] === v && g.edgeSeconds[f] === r.edgeSeconds[e]) found = true;
          }
          expect(found).toBe(true);
        }
      }),
      { numRuns: 100 },
    );
  });
});
