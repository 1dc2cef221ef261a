import { gridDisk, gridDistance, latLngToCell } from 'h3-js';
import { describe, expect, it } from 'vitest';
import { createRng, randomInt } from './rng.ts';
import { poissonLlr, type ScanCase, spaceTimePermutationScan } from './space-time-scan.ts';

const hub = latLngToCell(41.85, -87.68, 8);
const area = gridDisk(hub, 5);

/** Homogeneous background: `perDay` cases a day spread uniformly over the area. */
function background(days: number, perDay: number, seed: number): ScanCase[] {
  const rng = createRng(seed);
  const out: ScanCase[] = [];
  for (let day = 0; day < days; day++) {
    for (let i = 0; i < perDay; i++) out.push({ cell: area[randomInt(rng, area.length)]!, day });
  }
  return out;
}

/** Brute force: every location as centre, every k and w, counted directly from the cases. */
function bruteForceBest(cases: ScanCase[], today: number, studyDays: number, maxW: number, maxK: number) {
  const study = cases.filter((c) => c.day > today - studyDays && c.day <= today);
  const total = study.length;
  let best = { llr: 0, observed: 0, expected: 0, centre: '', k: -1, w: -1 };
  for (const centre of new Set(study.map((c) => c.cell))) {
    for (let k = 0; k <= maxK; k++) {
      const inDisk = study.filter((c) => gridDistance(centre, c.cell) <= k);
      for (let w = 1; w <= maxW; w++) {
        const inWindow = study.filter((c) => c.day > today - w).length;
        const observed = inDisk.filter((c) => c.day > today - w).length;
        const expected = (inDisk.length * inWindow) / total;
        const llr = observed >= 2 ? poissonLlr(observed, expected, total) : 0;
        if (llr > best.llr) best = { llr, observed, expected, centre, k, w };
      }
    }
  }
  return best;
}

describe('poissonLlr', () => {
  it('is the Kulldorff GLR and zero when not in excess', () => {
    expect(poissonLlr(10, 2, 100)).toBeCloseTo(10 * Math.log(5) + 90 * Math.log(90 / 98), 12);
    expect(poissonLlr(2, 3, 100)).toBe(0);
    expect(poissonLlr(100, 50, 100)).toBeCloseTo(100 * Math.log(2), 12);
  });
});

describe('spaceTimePermutationScan', () => {
  const base = background(40, 12, 1);
  const target = gridDisk(area[30]!, 1);
  const rng = createRng(5);
  const burst: ScanCase[] = Array.from({ length: 20 }, () => ({
    cell: target[randomInt(rng, target.length)]!,
    day: 37 + randomInt(rng, 3),
  }));
  const cases = [...base, ...burst];
  const options = { today: 39, studyDays: 40, maxWindowDays: 7, maxRadiusK: 2, replicates: 999, seed: 3 };
  const result = spaceTimePermutationScan(cases, options);

  it('finds the same most likely cluster as a brute-force enumeration', () => {
    const brute = bruteForceBest(cases, 39, 40, 7, 2);
    const top = result.clusters[0]!;
    expect(top.llr).toBeCloseTo(brute.llr, 9);
    expect(top.observed).toBe(brute.observed);
    expect(top.expected).toBeCloseTo(brute.expected, 9);
  });

  it('flags the injected burst with a long recurrence interval', () => {
    const top = result.clusters[0]!;
    expect(top.cells.some((c) => target.includes(c))).toBe(true);
    expect(top.p).toBeLessThanOrEqual(0.002);
    expect(top.recurrenceDays).toBeGreaterThanOrEqual(500);
    expect(top.endDay).toBe(39);
    expect(top.windowDays).toBeLessThanOrEqual(4);
    console.log(
      `scan: burst found at ${top.centre} k=${top.radiusK}, ${top.windowDays} d, obs ${top.observed} exp ${top.expected.toFixed(2)}, p ${top.p}, RI ${top.recurrenceDays.toFixed(0)} d`,
    );
    // Secondary clusters never overlap the primary.
    for (const c of result.clusters.slice(1)) expect(c.cells.some((x) => top.cells.includes(x))).toBe(false);
  });

  it('finds nothing unusual in the background alone and is reproducible', () => {
    const calm = spaceTimePermutationScan(base, { ...options, today: 39 });
    expect(calm.clusters.every((c) => c.p > 0.01)).toBe(true);
    expect(spaceTimePermutationScan(base, options)).toEqual(calm);
    expect(spaceTimePermutationScan([], options).clusters).toEqual([]);
  });

  it('validates options', () => {
    expect(() => spaceTimePermutationScan(base, { ...options, maxWindowDays: 0 })).toThrow();
    expect(() => spaceTimePermutationScan(base, { ...options, maxWindowDays: 50 })).toThrow();
  });
});
