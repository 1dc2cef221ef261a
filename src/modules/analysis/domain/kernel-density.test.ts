import fc from 'fast-check';
import { cellToLatLng } from 'h3-js';
import { describe, expect, it } from 'vitest';
import { haversineMeters, localProjection } from './geo.ts';
import type { LatLon } from './gistar.ts';
import {
  type KernelName,
  kernelDensityAtCells,
  kernelDensityGrid,
  kernelDensityH3,
  kernelValue,
} from './kernel-density.ts';
import { createRng, randomNormal } from './rng.ts';

const centre = { lat: 41.85, lon: -87.68 };

function cloud(n: number, seed: number, spreadDeg = 0.02): LatLon[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => ({
    lat: centre.lat + spreadDeg * randomNormal(rng),
    lon: centre.lon + spreadDeg * randomNormal(rng),
  }));
}

/** Brute force: every point, every target, no index and no cutoff. */
function bruteForce(points: LatLon[], at: LatLon, kernel: KernelName, h: number, metric: 'plane' | 'sphere') {
  const proj = localProjection(centre);
  const [x, y] = proj.toXY(at);
  let s = 0;
  for (const p of points) {
    const [px, py] = proj.toXY(p);
    const d = metric === 'plane' ? Math.hypot(px - x, py - y) : haversineMeters(p, at);
    s += kernelValue(kernel, d, h);
  }
  return s * 1e6;
}

describe('kernelValue', () => {
  it('integrates to 1 over the plane for both kernels', () => {
    for (const kernel of ['quartic', 'gaussian'] as const) {
      const h = 100;
      let total = 0;
      const step = 2;
      for (let x = -800; x < 800; x += step)
        for (let y = -800; y < 800; y += step)
          total += kernelValue(kernel, Math.hypot(x + step / 2, y + step / 2), h) * step * step;
      expect(total).toBeCloseTo(1, 4);
    }
  });
});

describe('kernelDensityGrid', () => {
  const points = cloud(400, 7);
  const cases = [
    { kernel: 'quartic' as const, cutoff: undefined, tol: 1e-9 },
    { kernel: 'gaussian' as const, cutoff: Number.POSITIVE_INFINITY, tol: 1e-9 },
    { kernel: 'gaussian' as const, cutoff: undefined, tol: 1e-7 },
  ];
  for (const { kernel, cutoff, tol } of cases) {
    it(`${kernel} (cutoff ${cutoff ?? 'default'}): equals a brute-force sum at every grid centre`, () => {
      const grid = kernelDensityGrid(
        points,
        { south: 41.8, west: -87.74, north: 41.9, east: -87.62, cellSizeM: 400 },
        { kernel, bandwidthM: 600, origin: centre, gaussianCutoff: cutoff },
      );
      const peak = Math.max(...grid.values);
      let maxPlane = 0;
      let maxSphere = 0;
      for (let r = 0; r < grid.rows; r++) {
        for (let c = 0; c < grid.cols; c++) {
          const at = grid.centre(r, c);
          const got = grid.values[r * grid.cols + c]!;
          maxPlane = Math.max(maxPlane, Math.abs(got - bruteForce(points, at, kernel, 600, 'plane')));
          maxSphere = Math.max(maxSphere, Math.abs(got - bruteForce(points, at, kernel, 600, 'sphere')));
        }
      }
      console.log(
        `KDE ${kernel}/${cutoff ?? 'default'}: ${grid.rows}x${grid.cols}, peak ${peak.toFixed(2)}/km², ` +
          `max |diff|/peak ${(maxPlane / peak).toExponential(2)} (same metric), ${(maxSphere / peak).toExponential(2)} (haversine)`,
      );
      expect(maxPlane / peak).toBeLessThan(tol);
      expect(maxSphere / peak).toBeLessThan(2e-3);
    });
  }

  it('conserves mass: Σ density × cell area ≈ number of points well inside the grid', () => {
    const pts = cloud(200, 3, 0.005);
    const grid = kernelDensityGrid(
      pts,
      { south: 41.75, west: -87.8, north: 41.95, east: -87.56, cellSizeM: 100 },
      { kernel: 'quartic', bandwidthM: 500 },
    );
    const mass = grid.values.reduce((s, v) => s + v, 0) * (grid.cellSizeM / 1000) ** 2;
    expect(Math.abs(mass - 200) / 200).toBeLessThan(0.01);
  });

  it('is linear in the weights', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.1, max: 10, noNaN: true }), (w) => {
        const pts = cloud(30, 11);
        const spec = { south: 41.82, west: -87.7, north: 41.88, east: -87.66, cellSizeM: 500 };
        const a = kernelDensityGrid(pts, spec, { bandwidthM: 800 });
        const b = kernelDensityGrid(pts, spec, { bandwidthM: 800, weights: pts.map(() => w) });
        return a.values.every((v, i) => Math.abs(v * w - b.values[i]!) <= 1e-9 * Math.max(1, b.values[i]!));
      }),
      { numRuns: 10 },
    );
  });
});

describe('kernelDensityH3', () => {
  it('covers every cell that receives density and matches a brute-force sum', () => {
    const points = cloud(150, 5, 0.01);
    const cells = kernelDensityH3(points, 8, { kernel: 'quartic', bandwidthM: 1200, origin: centre });
    expect(cells.length).toBeGreaterThan(10);
    for (const { cell, density } of cells) {
      const [lat, lon] = cellToLatLng(cell);
      const want = bruteForce(points, { lat, lon }, 'quartic', 1200, 'plane');
      expect(Math.abs(density - want)).toBeLessThanOrEqual(1e-9 * Math.max(1, want));
    }
    const direct = kernelDensityAtCells(points, ['8826641901fffff'], { bandwidthM: 1200, origin: centre });
    expect(direct[0]).toBe(0);
  });
});
