import { describe, expect, it } from 'vitest';
import type { CheckInPoint, TrackFix } from './checkin.ts';
import { checkCompliance } from './checkin.ts';
import { isPatrolError } from './errors.ts';

// 0.001 degree at the equator is about 111 m.
const MIN = 60_000;
const cp = (id: string, lon: number, from: number, to: number): CheckInPoint => ({
  id,
  lon,
  lat: 0,
  radiusM: 50,
  windowStart: from * MIN,
  windowEnd: to * MIN,
});
const route = {
  checkIns: [cp('A', 0, 0, 10), cp('B', 0.01, 20, 30), cp('C', 0.02, 40, 50), cp('D', 0.03, 60, 70)],
};
const fix = (min: number, lon: number, lat = 0): TrackFix => ({ time: min * MIN, lon, lat });

// Scripted shift: at A on time; passes B between two fixes (no fix inside the radius);
// detours 500 m north for 15 minutes; reaches C after its window; never reaches D.
const track: TrackFix[] = [
  fix(2, 0),
  fix(22, 0.009),
  fix(24, 0.011),
  fix(30, 0.012),
  fix(32, 0.013, 0.0045),
  fix(40, 0.015, 0.0045),
  fix(47, 0.017, 0.0045),
  fix(49, 0.018),
  fix(55, 0.02),
  fix(56, Number.NaN),
  fix(55, 0.02),
].reverse();

describe('checkCompliance', () => {
  it('finds met and missed check-ins and long off-route periods from an out-of-order track', () => {
    const r = checkCompliance(route, track, { offRouteThresholdM: 200, minOffRouteMs: 10 * MIN });
    expect(r.checkIns.map((c) => [c.id, c.met])).toEqual([
      ['A', true],
      ['B', true],
      ['C', false],
      ['D', false],
    ]);
    expect(r.checkIns[0]!.arrivedAt).toBe(2 * MIN);
    // B is crossed by interpolation between the fixes at 22 and 24 minutes.
    expect(r.checkIns[1]!.arrivedAt!).toBeGreaterThan(22 * MIN);
    expect(r.checkIns[1]!.arrivedAt!).toBeLessThan(23 * MIN);
    expect(r.checkIns[2]!.closestM!).toBeGreaterThan(50);
    expect(r.checkIns[3]!.closestM).toBeNull();
    expect(r.met).toBe(2);
    expect(r.missed).toBe(2);
    expect(r.deviations).toHaveLength(1);
    expect(r.deviations[0]!.start).toBe(32 * MIN);
    expect(r.deviations[0]!.end).toBe(49 * MIN);
    expect(r.deviations[0]!.maxDistanceM).toBeGreaterThan(490);
    expect(r.fixesUsed).toBe(9);
    expect(r.fixesDropped).toBe(2);
  });

  it('ignores short detours and never interpolates across long gaps', () => {
    const r = checkCompliance(route, track, {
      offRouteThresholdM: 200,
      minOffRouteMs: 30 * MIN,
      maxInterpolationGapMs: MIN,
    });
    expect(r.deviations).toHaveLength(0);
    expect(r.checkIns[1]!.met).toBe(false);
  });

  it('rejects malformed routes', () => {
    try {
      checkCompliance({ checkIns: [{ ...cp('X', 0, 10, 5) }] }, track, {
        offRouteThresholdM: 1,
        minOffRouteMs: 0,
      });
      expect.unreachable();
    } catch (e) {
      expect(isPatrolError(e, 'INVALID_INPUT')).toBe(true);
    }
  });
});
