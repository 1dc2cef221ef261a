import { describe, expect, it } from 'vitest';
import { stronglyConnectedComponents } from './components.ts';
import { serializeGraph } from './graph-codec.ts';
import { twinOf } from './graph-position.ts';
import { graphByteSize } from './road-graph.ts';
import { createRouter, routerByteSize } from './router.ts';
import { generateSyntheticNetwork } from './synthetic-network.ts';

const bbox = { minLat: 39.9, minLon: 116.3, maxLat: 39.95, maxLon: 116.37 };

describe('generateSyntheticNetwork', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const a = serializeGraph(generateSyntheticNetwork({ bbox, spacingMetres: 150, seed: 42 }));
    const b = serializeGraph(generateSyntheticNetwork({ bbox, spacingMetres: 150, seed: 42 }));
    const c = serializeGraph(generateSyntheticNetwork({ bbox, spacingMetres: 150, seed: 43 }));
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    expect(Buffer.from(a).equals(Buffer.from(c))).toBe(false);
  });

  it('is a strongly connected perturbed grid inside the bbox, with one-ways and fast arterials', () => {
    const g = generateSyntheticNetwork({ bbox, spacingMetres: 150, seed: 7 });
    const rows = Math.floor((0.05 * 111_195) / 150) + 1;
    expect(g.nodeCount).toBeGreaterThan(
      0.95 * rows * Math.floor((0.07 * 111_195 * Math.cos((39.925 * Math.PI) / 180)) / 150),
    );
    expect(stronglyConnectedComponents(g).sizes).toEqual([g.nodeCount]);
    for (let v = 0; v < g.nodeCount; v++) {
      expect(g.lat[v]).toBeGreaterThanOrEqual(bbox.minLat);
      expect(g.lat[v]).toBeLessThanOrEqual(bbox.maxLat);
      expect(g.lon[v]).toBeGreaterThanOrEqual(bbox.minLon);
      expect(g.lon[v]).toBeLessThanOrEqual(bbox.maxLon);
    }
    let oneway = 0;
    const speeds: number[] = [];
    for (let e = 0; e < g.edgeCount; e++) {
      if (twinOf(g, e) < 0) oneway++;
      speeds.push((3.6 * g.edgeMetres[e]!) / g.edgeSeconds[e]!);
    }
    expect(oneway / g.edgeCount).toBeGreaterThan(0.03);
    expect(Math.max(...speeds)).toBeGreaterThan(50);
    expect(Math.min(...speeds)).toBeLessThan(36);
  });

  it('rejects degenerate parameters', () => {
    expect(() => generateSyntheticNetwork({ bbox, spacingMetres: 0, seed: 1 })).toThrow(RangeError);
    expect(() =>
      generateSyntheticNetwork({ bbox: { ...bbox, maxLat: bbox.minLat }, spacingMetres: 100, seed: 1 }),
    ).toThrow(RangeError);
  });

  it('holds a one-million-node graph in well under 300 MB of typed arrays', () => {
    // ~110 km × 110 km at 110 m spacing ≈ 1,000 × 1,000 intersections.
    const big = generateSyntheticNetwork({
      bbox: { minLat: 30, minLon: 114, maxLat: 31, maxLon: 115.16 },
      spacingMetres: 111,
      seed: 1,
    });
    expect(big.nodeCount).toBeGreaterThan(950_000);
    const bytes = routerByteSize(createRouter(big));
    expect(bytes.graph).toBe(graphByteSize(big));
    expect(bytes.graph).toBeLessThan(300e6);
    expect(bytes.graph + bytes.snapIndex + bytes.workspace).toBeLessThan(300e6);
  });
});
