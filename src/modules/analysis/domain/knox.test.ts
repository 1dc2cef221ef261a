import { describe, expect, it } from 'vitest';
import { EARTH_RADIUS_M } from './geo.ts';
import { type KnoxEvent, knoxTest } from './knox.ts';
import { createRng } from './rng.ts';

const metresToLat = (m: number) => (m / (EARTH_RADIUS_M * Math.PI)) * 180;

describe('knoxTest on a hand-computed case', () => {
  // A and B at the same spot, C 150 m north, D 1000 m north; days 0, 1, 2, 30.
  const base = { lat: 41.85, lon: -87.65 };
  const events: KnoxEvent[] = [
    { ...base, t: 0 },
    { ...base, t: 1 },
    { lat: base.lat + metresToLat(150), lon: base.lon, t: 2 },
    { lat: base.lat + metresToLat(1000), lon: base.lon, t: 30 },
  ];
  // Bands: distance [0,100], (100,500], (500,∞); time [0,7], (7,∞).
  // Pairs: AB (d0,t0) AC (d1,t0) BC (d1,t0) AD (d2,t1) BD (d2,t1) CD (d2,t1).
  // Time bands of all 6 pairs: 3 close, 3 far, whatever the permutation, so the exact
  // expectation of cell (d,t) is rowTotal(d)·colTotal(t)/6.
  // Under permutation a pair is close in time iff neither event gets day 30, hence
  // P(AC and BC close) = P(D keeps 30) = 1/4, P(AB close) = 1/2, P(AD, BD, CD all far) = 1/4.
  const result = knoxTest(events, {
    distanceBandsM: [100, 500],
    timeBandsDays: [7],
    permutations: 19999,
    seed: 42,
  });
  const observed = result.table.map((row) => row.map((c) => c.observed));
  const exactExpected = [
    [0.5, 0.5],
    [1, 1],
    [1.5, 1.5],
  ];
  const exactP = [
    [0.5, 1],
    [0.25, 1],
    [1, 0.25],
  ];

  it('counts the observed pairs per band', () => {
    expect(observed).toEqual([
      [1, 0],
      [2, 0],
      [0, 3],
    ]);
    expect(result.pairs).toBe(6);
    expect(result.table[1]![0]!.distanceM).toEqual([100, 500]);
    expect(result.table[2]![1]!.timeDays).toEqual([7, Number.POSITIVE_INFINITY]);
  });

  it('estimates the expectation, ratio and p-value by permutation', () => {
    result.table.forEach((row, d) => {
      row.forEach((cell, t) => {
        expect(Math.abs(cell.expected - exactExpected[d]![t]!)).toBeLessThan(0.03);
        expect(Math.abs(cell.p - exactP[d]![t]!)).toBeLessThan(0.015);
      });
    });
    expect(result.table[1]![0]!.ratio).toBeCloseTo(2, 1);
    console.log(
      `Knox hand case: ratio(d1,t0) = ${result.table[1]![0]!.ratio.toFixed(3)} (exact 2), p = ${result.table[1]![0]!.p.toFixed(4)} (exact 0.25)`,
    );
  });

  it('is reproducible for a seed', () => {
    const again = knoxTest(events, {
      distanceBandsM: [100, 500],
      timeBandsDays: [7],
      permutations: 199,
      seed: 7,
    });
    const twice = knoxTest(events, {
      distanceBandsM: [100, 500],
      timeBandsDays: [7],
      permutations: 199,
      seed: 7,
    });
    expect(again).toEqual(twice);
  });
});

describe('knoxTest on synthetic data', () => {
  it('detects injected near repeats and stays calm without them', () => {
    const rng = createRng(3);
    const background: KnoxEvent[] = Array.from({ length: 300 }, () => ({
      lat: 41.8 + rng() * 0.1,
      lon: -87.7 + rng() * 0.1,
      t: rng() * 365,
    }));
    const repeats: KnoxEvent[] = background.slice(0, 60).map((e) => ({
      lat: e.lat + metresToLat(50 * rng()),
      lon: e.lon,
      t: e.t + 1 + rng() * 5,
    }));
    const opts = { distanceBandsM: [200, 400], timeBandsDays: [7, 14], permutations: 499, seed: 9 };
    const withRepeats = knoxTest([...background, ...repeats], opts);
    const nearNear = withRepeats.table[0]![0]!;
    expect(nearNear.ratio).toBeGreaterThan(3);
    expect(nearNear.p).toBeLessThan(0.01);
    const calm = knoxTest(background, opts).table[0]![0]!;
    expect(calm.p).toBeGreaterThan(0.01);
    // Row sums of every band are invariant: expected row totals equal observed row totals.
    for (const row of withRepeats.table) {
      const obs = row.reduce((s, c) => s + c.observed, 0);
      const exp = row.reduce((s, c) => s + c.expected, 0);
      expect(exp).toBeCloseTo(obs, 6);
    }
  });

  it('rejects bad bands', () => {
    expect(() => knoxTest([], { distanceBandsM: [200, 100], timeBandsDays: [7] })).toThrow();
    expect(() => knoxTest([], { distanceBandsM: [100], timeBandsDays: [] })).toThrow();
  });
});
