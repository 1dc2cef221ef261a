import { describe, expect, it } from 'vitest';
import { rect } from '../test-support/instances.ts';
import type { Region } from './geojson.ts';
import { buildPolygonAtoms } from './polygon-atoms.ts';

const region = (id: string, w: number, s: number, e: number, n: number): Region => ({
  id,
  polygons: [rect(w, s, e, n)],
  properties: { district: id[0] },
});

describe('buildPolygonAtoms', () => {
  it('links polygons sharing a boundary stretch, also across T-junctions', () => {
    // a | b on top of c: c's top edge meets a and b without shared vertices at x = 0.01.
    const atoms = buildPolygonAtoms([
      region('a', 0, 0.01, 0.01, 0.02),
      region('b', 0.01, 0.01, 0.02, 0.02),
      region('c', 0, 0, 0.02, 0.01),
      region('d', 0.03, 0, 0.04, 0.01),
    ]);
    const neighbours = (i: number) =>
      Array.from(atoms.adjIndex.subarray(atoms.adjStart[i]!, atoms.adjStart[i + 1]!)).sort();
    expect(neighbours(0)).toEqual([1, 2]);
    expect(neighbours(2)).toEqual([0, 1]);
    expect(neighbours(3)).toEqual([]);
    // a and c share 0.01 degrees of longitude at the equator (~1113 m).
    const k = atoms.adjStart[0]! + Array.from(atoms.adjIndex.subarray(atoms.adjStart[0]!)).indexOf(2);
    expect(atoms.adjShared[k]!).toBeGreaterThan(1100);
    expect(atoms.adjShared[k]!).toBeLessThan(1125);
  });

  it('takes parents from a callback', () => {
    const atoms = buildPolygonAtoms([region('x1', 0, 0, 1e-3, 1e-3), region('y1', 1e-3, 0, 2e-3, 1e-3)], {
      parentOf: (r) => String(r.properties.district),
    });
    expect(atoms.parentIds).toEqual(['x', 'y']);
  });
});

describe('designing on imported polygons', () => {
  it('balances population over a grid of small areas when asked to', async () => {
    const { designBeats } = await import('./designer.ts');
    const { designQuality } = await import('./quality.ts');
    const { isContiguous } = await import('./graph.ts');
    const cells: Region[] = [];
    for (let i = 0; i < 8; i++) {
      for (let j = 0; j < 6; j++) {
        const r = region(`c${i}-${j}`, i * 0.002, j * 0.002, (i + 1) * 0.002, (j + 1) * 0.002);
        cells.push({ ...r, properties: { pop: 100 + 50 * ((i * 7 + j * 3) % 5) } });
      }
    }
    const atoms = buildPolygonAtoms(cells, { populationOf: (r) => Number(r.properties.pop) });
    const design = designBeats(atoms, { beats: 4, seed: 1, populationShare: 1 });
    const popOf = (b: number[]) => b.reduce((s, i) => s + atoms.population![i]!, 0);
    const pops = design.beats.map((b) => popOf(b.atoms));
    const mean = pops.reduce((a, b) => a + b, 0) / 4;
    for (const p of pops) expect(Math.abs(p - mean) / mean).toBeLessThan(0.1);
    for (const b of design.beats) expect(isContiguous(atoms, b.atoms)).toBe(true);
    expect(designQuality(atoms, design).beats[0]!.population).toBe(pops[0]);
  });
});
