import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  quantile,
  type ResponseTimeRecord,
  responseIntervals,
  summarizeResponseTimes,
} from './response-times.ts';

const T = Date.UTC(2025, 0, 1);
const rec = (
  jurisdiction: string,
  priority: 1 | 2,
  toDispatch: number,
  toScene: number | null,
  cancelled = false,
): ResponseTimeRecord => ({
  jurisdiction,
  priority,
  milestones: {
    receivedAt: T,
    firstDispatchedAt: T + toDispatch * 1000,
    firstEnRouteAt: T + (toDispatch + 30) * 1000,
    firstOnSceneAt: toScene === null ? null : T + toScene * 1000,
    clearedAt: toScene === null ? null : T + (toScene + 600) * 1000,
    closedAt: null,
    cancelledAt: cancelled ? T + 999_000 : null,
  },
});

describe('quantile', () => {
  it('matches numpy / R type 7', () => {
    const v = [12, 45, 7, 300, 88, 61, 23, 150, 99, 5].sort((a, b) => a - b);
    // numpy.quantile(v, 0.5) = 53.0, numpy.quantile(v, 0.9) = 165.0
    expect(quantile(v, 0.5)).toBe(53);
    expect(quantile(v, 0.9)).toBeCloseTo(165, 10);
    expect(quantile([], 0.5)).toBeNaN();
  });

  it('stays between min and max and grows with p', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: 1 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (xs, p) => {
          const v = [...xs].sort((a, b) => a - b);
          const q = quantile(v, p);
          expect(q).toBeGreaterThanOrEqual(v[0]!);
          expect(q).toBeLessThanOrEqual(v[v.length - 1]!);
          expect(quantile(v, Math.min(1, p + 0.1))).toBeGreaterThanOrEqual(q);
        },
      ),
    );
  });
});

describe('summarizeResponseTimes', () => {
  const records = [
    rec('c.east', 1, 60, 400),
    rec('c.east', 1, 120, 500),
    rec('c.east', 2, 30, 900),
    rec('c.east.t1', 2, 300, null),
    rec('c.west', 1, 90, 600),
    rec('c.west', 1, 10, 20, true),
  ];

  it('reports median and 90th percentile per jurisdiction, without cancelled incidents', () => {
    const s = summarizeResponseTimes(records);
    expect(s.map((x) => [x.jurisdiction, x.incidents])).toEqual([
      ['c.east', 3],
      ['c.east.t1', 1],
      ['c.west', 1],
    ]);
    const east = s[0]!.measures;
    expect(east.call_to_dispatch).toEqual({ count: 3, median: 60, p90: quantile([30, 60, 120], 0.9) });
    expect(east.call_to_on_scene).toEqual({ count: 3, median: 500, p90: quantile([400, 500, 900], 0.9) });
    expect(east.on_scene_duration).toMatchObject({ count: 3, median: 600 });
    expect(s[1]!.measures.call_to_on_scene).toBeNull();
  });

  it('rolls township figures up to their ancestors and splits by priority', () => {
    const s = summarizeResponseTimes(records, { rollUp: true, byPriority: true });
    const find = (j: string, p: number) => s.find((x) => x.jurisdiction === j && x.priority === p)!;
    expect(find('c', 1).incidents).toBe(3);
    expect(find('c.east', 2).incidents).toBe(2);
    expect(find('c.east', 2).measures.call_to_dispatch).toMatchObject({ count: 2, median: 165 });
  });

  it('ignores intervals whose milestones are missing or out of order', () => {
    const r = rec('x', 1, 60, 30).milestones;
    expect(responseIntervals(r)).toMatchObject({ call_to_on_scene: 30, en_route_to_on_scene: null });
  });
});
