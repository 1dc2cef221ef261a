import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { benjaminiHochberg, normalUpperTail, twoSidedP } from './stats.ts';

describe('normalUpperTail', () => {
  it('equals R pnorm(-x) to relative 1e-14', () => {
    // Values printed by R 4.2.2: print(pnorm(-x), digits = 17)
    const r: Array<[number, number]> = [
      [0.3, 3.8208857781104733e-1],
      [0.5, 3.0853753872598694e-1],
      [1.96, 2.4997895148220428e-2],
      [3, 1.3498980316300946e-3],
      [5, 2.8665157187919391e-7],
      [7, 1.2798125438858352e-12],
      [10, 7.6198530241605269e-24],
      [20, 2.7536241186062337e-89],
      [37, 5.7255712225245771e-300],
    ];
    for (const [x, p] of r) expect(Math.abs(normalUpperTail(x) - p) / p).toBeLessThan(1e-14);
  });

  it('is symmetric and monotone', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -30, max: 30, noNaN: true }),
        fc.double({ min: 0, max: 5, noNaN: true }),
        (x, d) => {
          expect(Math.abs(normalUpperTail(x) + normalUpperTail(-x) - 1)).toBeLessThan(1e-15);
          expect(normalUpperTail(x + d)).toBeLessThanOrEqual(normalUpperTail(x));
        },
      ),
    );
    expect(twoSidedP(0)).toBe(1);
    expect(twoSidedP(-1.959963984540054)).toBeCloseTo(0.05, 14);
  });
});

describe('benjaminiHochberg', () => {
  it('equals R p.adjust(p, "BH")', () => {
    const q = benjaminiHochberg([0.01, 0.04, 0.03, 0.2, 0.5, 0.001, 0.04]);
    const r = [0.035, 0.056, 0.056, 0.23333333333333336, 0.5, 0.007, 0.056];
    r.forEach((v, i) => {
      expect(q[i]).toBeCloseTo(v, 15);
    });
  });

  it('is monotone in p, never below p and never above 1', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 50 }),
        (ps) => {
          const q = benjaminiHochberg(ps);
          ps.forEach((p, i) => {
            expect(q[i]!).toBeGreaterThanOrEqual(p - 1e-15);
            expect(q[i]!).toBeLessThanOrEqual(1);
            ps.forEach((p2, j) => {
              if (p <= p2) expect(q[i]!).toBeLessThanOrEqual(q[j]! + 1e-15);
            });
          });
        },
      ),
    );
  });
});
