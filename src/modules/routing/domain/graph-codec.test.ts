import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deserializeGraph, GRAPH_FORMAT_VERSION, serializeGraph } from './graph-codec.ts';
import type { RoadGraph } from './road-graph.ts';
import { generateSyntheticNetwork } from './synthetic-network.ts';
import { arbitraryGraph } from './test-support/reference-dijkstra.ts';

function expectSameGraph(a: RoadGraph, b: RoadGraph): void {
  expect(b.nodeCount).toBe(a.nodeCount);
  expect(b.edgeCount).toBe(a.edgeCount);
  for (const key of [
    'lat',
    'lon',
    'firstOut',
    'edgeSource',
    'edgeTarget',
    'edgeSeconds',
    'edgeMetres',
    'firstIn',
    'inSource',
    'inSeconds',
    'inEdge',
  ] as const) {
    expect(b[key], key).toEqual(a[key]);
  }
}

describe('serializeGraph / deserializeGraph', () => {
  it('round-trips random graphs exactly', () => {
    fc.assert(
      fc.property(arbitraryGraph, (g) => {
        expectSameGraph(g, deserializeGraph(serializeGraph(g)));
      }),
      { numRuns: 100 },
    );
  });

  it('round-trips a synthetic network read from an unaligned offset (as a database driver may hand it)', () => {
    const g = generateSyntheticNetwork({
      bbox: { minLat: 31.2, minLon: 121.4, maxLat: 31.21, maxLon: 121.41 },
      spacingMetres: 100,
      seed: 3,
    });
    const blob = serializeGraph(g);
    const padded = new Uint8Array(blob.length + 3);
    padded.set(blob, 3);
    expectSameGraph(g, deserializeGraph(padded.subarray(3)));
  });

  it('writes a versioned header', () => {
    const g = generateSyntheticNetwork({
      bbox: { minLat: 0, minLon: 0, maxLat: 0.005, maxLon: 0.005 },
      spacingMetres: 100,
      seed: 1,
    });
    const blob = serializeGraph(g);
    const view = new DataView(blob.buffer);
    expect(new TextDecoder().decode(blob.subarray(0, 4))).toBe('HVRG');
    expect(view.getUint16(4, true)).toBe(GRAPH_FORMAT_VERSION);
    expect(view.getUint32(8, true)).toBe(g.nodeCount);
    expect(view.getUint32(12, true)).toBe(g.edgeCount);
  });

  it('rejects corrupted blobs', () => {
    const g = generateSyntheticNetwork({
      bbox: { minLat: 0, minLon: 0, maxLat: 0.005, maxLon: 0.005 },
      spacingMetres: 100,
      seed: 1,
    });
    const blob = serializeGraph(g);
    const n = g.nodeCount;
    const m = g.edgeCount;
    const targetsAt = 32 + 16 * n + 4 * (n + 1);
    const secondsAt = targetsAt + 4 * m;
    const tamper = (edit: (b: Uint8Array, v: DataView) => void) => {
      const copy = blob.slice();
      edit(copy, new DataView(copy.buffer));
      return () => deserializeGraph(copy);
    };
    expect(() => deserializeGraph(blob.subarray(0, 10))).toThrow(/truncated/);
    expect(tamper((b) => b.set([0x50, 0x4b, 3, 4], 0))).toThrow(/magic/);
    expect(tamper((_, v) => v.setUint16(4, 99, true))).toThrow(/version/);
    expect(tamper((_, v) => v.setUint32(8, n + 1, true))).toThrow(/length/);
    expect(() => deserializeGraph(blob.subarray(0, blob.length - 4))).toThrow(/length/);
    expect(tamper((_, v) => v.setUint32(targetsAt, n + 5, true))).toThrow(/target/);
    expect(tamper((_, v) => v.setFloat32(secondsAt, Number.NaN, true))).toThrow(/weight/);
    expect(tamper((_, v) => v.setFloat32(secondsAt, -1, true))).toThrow(/weight/);
    expect(tamper((_, v) => v.setFloat64(32, 91, true))).toThrow(/coordinate/);
    expect(tamper((_, v) => v.setUint32(32 + 16 * n + 4, m + 1, true))).toThrow(/offsets/);
  });
});
