import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { cellToLatLng, gridDisk, gridDistance, latLngToCell } from 'h3-js';
import { describe, expect, it } from 'vitest';
import { sharedDataPath } from '../../../../test/support/shared-data.ts';
import { countCoordinatesByCell, giStar, giStarFromPoints, studyArea } from './gistar.ts';

const assaults = sharedDataPath('crime/chicago/chicago_aggravated_assaults_2010_2019.csv.gz');
const reference = (name: string) => sharedDataPath(`reference/gistar/${name}`);

function readAssaults(file: string): { date: string[]; lat: number[]; lon: number[] } {
  const lines = gunzipSync(readFileSync(file)).toString('utf8').trim().split('\n');
  const head = lines[0]!.split(',');
  const [iDate, iLat, iLon] = ['date', 'latitude', 'longitude'].map((c) => head.indexOf(c)) as [
    number,
    number,
    number,
  ];
  const out = { date: [] as string[], lat: [] as number[], lon: [] as number[] };
  for (const line of lines.slice(1)) {
    const f = line.split(',');
    out.date.push(f[iDate]!);
    out.lat.push(Number(f[iLat]));
    out.lon.push(Number(f[iLon]));
  }
  return out;
}

function readReference(file: string): Map<string, { count: number; z: number }> {
  const rows = readFileSync(file, 'utf8').trim().split('\n').slice(1);
  return new Map(
    rows.map((r) => {
      const [h3, count, z] = r.split(',');
      return [h3!, { count: Number(count), z: Number(z) }];
    }),
  );
}

describe('giStar on a toy grid', () => {
  it('matches the closed-form Gi* of a single hot cell', () => {
    const centre = latLngToCell(41.88, -87.63, 9);
    const result = giStar(new Map([[centre, 10]]));
    // Study area = the 7 cells of the disk; x = (10,0,...,0), n = 7, mean 10/7, s² = 100/7 - (10/7)²
    expect(result.n).toBe(7);
    const mean = 10 / 7;
    const s = Math.sqrt(100 / 7 - mean * mean);
    const hub = result.cells.find((c) => c.cell === centre)!;
    // The hub's disk is the whole study area, so its variance term is 0: z undefined.
    expect(hub.z).toBeNaN();
    expect(hub.significant).toBe(false);
    // A ring cell sees itself, the hub and its two ring neighbours: W = 4, lag = 10.
    const ring = result.cells.find((c) => c.cell !== centre)!;
    const expected = (10 - mean * 4) / (s * Math.sqrt((7 * 4 - 16) / 6));
    expect(ring.z).toBeCloseTo(expected, 12);
    expect(ring.count).toBe(0);
  });

  it('is invariant to scaling counts and flags no hotspot on a uniform field', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), (scale) => {
        const cells = gridDisk(latLngToCell(41.88, -87.63, 8), 3);
        const counts = new Map(cells.map((c, i) => [c, (i % 5) + 1]));
        const a = giStar(counts);
        const b = giStar(new Map([...counts].map(([c, v]) => [c, v * scale])));
        return a.cells.every((x, i) => Math.abs(x.z - b.cells[i]!.z) < 1e-9);
      }),
      { numRuns: 10 },
    );
  });

  it('equals the textbook Gi* with O(n²) weights on random grids (property)', () => {
    const hub = latLngToCell(41.88, -87.63, 9);
    const pool = gridDisk(hub, 4);
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 6 }), { minLength: pool.length, maxLength: pool.length }),
        fc.integer({ min: 1, max: 2 }),
        (xs, k) => {
          fc.pre(xs.some((x) => x > 0));
          const result = giStar(new Map(pool.map((c, i) => [c, xs[i]!])), { k });
          const cells = result.cells.map((c) => c.cell);
          const x = result.cells.map((c) => c.count);
          const n = x.length;
          const mean = x.reduce((a, b) => a + b, 0) / n;
          const s = Math.sqrt(x.reduce((a, v) => a + (v - mean) ** 2, 0) / n);
          cells.forEach((ci, i) => {
            const w = cells.map((cj) => (gridDistance(ci, cj) <= k ? 1 : 0));
            const W = w.reduce((a: number, b) => a + b, 0);
            const lag = w.reduce((a: number, wj, j) => a + wj * x[j]!, 0);
            const z = (lag - mean * W) / (s * Math.sqrt((n * W - W * W) / (n - 1)));
            if (Number.isFinite(z)) expect(result.cells[i]!.z).toBeCloseTo(z, 10);
          });
        },
      ),
      { numRuns: 15 },
    );
  });

  it('builds the study area from positive cells only', () => {
    const a = latLngToCell(41.88, -87.63, 9);
    const far = latLngToCell(41.7, -87.7, 9);
    const area = studyArea(
      new Map([
        [a, 2],
        [far, 0],
      ]),
      1,
    );
    expect(area.size).toBe(7);
    expect(area.has(far)).toBe(false);
  });

  it('accepts explicit points', () => {
    const [lat, lon] = cellToLatLng(latLngToCell(41.88, -87.63, 9));
    const r = giStarFromPoints(
      [
        { lat, lon },
        { lat, lon },
        { lat: 0, lon: 0 },
        { lat: Number.NaN, lon: 1 },
      ],
      9,
    );
    expect(r.cells.reduce((s, c) => s + c.count, 0)).toBe(2);
  });
});

describe.skipIf(!assaults || !reference('chi_all_r9.gistar.csv'))(
  'giStar vs R spdep localG (Chicago)',
  () => {
    const data = assaults ? readAssaults(assaults) : { date: [], lat: [], lon: [] };

    const cases = [
      { name: 'chi_2019_r8', res: 8, filter: (d: string) => d.startsWith('2019') },
      { name: 'chi_all_r9', res: 9, filter: () => true },
    ];
    for (const { name, res, filter } of cases) {
      it(`${name}: same cells, counts and z to 1e-9`, () => {
        const ref = readReference(reference(`${name}.gistar.csv`)!);
        const keep = data.date.map(filter);
        const lats = data.lat.filter((_, i) => keep[i]);
        const lons = data.lon.filter((_, i) => keep[i]);
        const result = giStar(countCoordinatesByCell(lats, lons, res));
        expect(result.n).toBe(ref.size);
        let maxDiff = 0;
        for (const c of result.cells) {
          const r = ref.get(c.cell);
          expect(r, c.cell).toBeDefined();
          expect(c.count).toBe(r!.count);
          maxDiff = Math.max(maxDiff, Math.abs(c.z - r!.z));
        }
        console.log(`${name}: ${result.n} cells, max |z - spdep| = ${maxDiff.toExponential(2)}`);
        expect(maxDiff).toBeLessThan(1e-9);
        const sig = result.cells.filter((c) => c.significant);
        console.log(
          `${name}: ${sig.filter((c) => c.kind === 'hot').length} hot, ${sig.filter((c) => c.kind === 'cold').length} cold (BH q ≤ 0.05)`,
        );
      });
    }

    it('chi_2019_r8: per-cell counts input gives the same result', () => {
      const rows = readFileSync(reference('chi_2019_r8.cells.csv')!, 'utf8').trim().split('\n').slice(1);
      const counts = rows.map((r) => r.split(',')).map(([c, n]) => [c!, Number(n)] as const);
      const ref = readReference(reference('chi_2019_r8.gistar.csv')!);
      const result = giStar(counts);
      expect(result.n).toBe(ref.size);
      for (const c of result.cells) expect(Math.abs(c.z - ref.get(c.cell)!.z)).toBeLessThan(1e-9);
    });
  },
);
