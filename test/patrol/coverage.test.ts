import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { proposeCoverage } from '../../src/modules/patrol/coverage.ts';

const windows = [
  { id: 'am', start: '07:00', end: '09:00' },
  { id: 'school', start: '07:30', end: '08:15' },
];

describe('proposeCoverage', () => {
  it('spreads presence over units and keeps time free for calls', () => {
    const p = proposeCoverage(
      windows,
      [
        { id: 'station', minutes: 60, windowIds: ['am'] },
        { id: 'market', minutes: 40, windowIds: ['am'] },
        { id: 'school', minutes: 20, windowIds: ['school'] },
      ],
      ['P1', 'P2'],
      0.5,
    );
    expect(p.coverage).toBe(1);
    expect(p.uncovered).toEqual([]);
    const am = p.visits.filter((v) => v.windowId === 'am');
    expect(new Set(am.map((v) => v.unitCode)).size).toBe(2);
    expect(p.visits.find((v) => v.pointId === 'station')).toMatchObject({ start: '07:00', end: '08:00' });
    expect(p.readiness).toBeGreaterThan(0.5);
  });

  it('reports what does not fit within the readiness limit', () => {
    const p = proposeCoverage(windows, [{ id: 'station', minutes: 90, windowIds: ['am'] }], ['P1'], 0.5);
    expect(p.visits).toEqual([]);
    expect(p.uncovered).toEqual([{ windowId: 'am', pointId: 'station', minutes: 90 }]);
    expect(p.coverage).toBe(0);
  });

  it('never commits a unit beyond the share of a window (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ minutes: fc.integer({ min: 0, max: 150 }), am: fc.boolean() }), {
          maxLength: 12,
        }),
        fc.integer({ min: 1, max: 4 }),
        fc.double({ min: 0.1, max: 1, noNaN: true }),
        (pts, nUnits, share) => {
          const points = pts.map((p, i) => ({
            id: `p${i}`,
            minutes: p.minutes,
            windowIds: p.am ? ['am'] : ['school'],
          }));
          const units = Array.from({ length: nUnits }, (_, i) => `U${i}`);
          const r = proposeCoverage(windows, points, units, share);
          for (const w of windows) {
            const len = w.id === 'am' ? 120 : 45;
            for (const u of units) {
              const used = r.visits
                .filter((v) => v.windowId === w.id && v.unitCode === u)
                .reduce(
                  (s, v) =>
                    s +
                    (Number(v.end.slice(0, 2)) * 60 +
                      Number(v.end.slice(3)) -
                      (Number(v.start.slice(0, 2)) * 60 + Number(v.start.slice(3)))),
                  0,
                );
              expect(used).toBeLessThanOrEqual(share * len + 1e-9);
            }
          }
          expect(r.coverage).toBeGreaterThanOrEqual(0);
          expect(r.coverage).toBeLessThanOrEqual(1);
        },
      ),
    );
  });
});
