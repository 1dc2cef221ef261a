import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { positionOnEdge, twinOf } from './graph-position.ts';
import { buildRoadGraph } from './road-graph.ts';
import { routeBetween, travelSeconds } from './route.ts';
import { createRouter } from './router.ts';
import {
  arbitraryGraph,
  arbitraryPositionChoice,
  referenceCoverage,
  referenceSeconds,
  resolvePosition,
  sameTime,
} from './test-support/reference-dijkstra.ts';
import { secondsAtPosition, timesFromUnits, unitTimesToIncident } from './travel-time.ts';

const scenario = fc.record({
  graph: arbitraryGraph,
  incident: arbitraryPositionChoice,
  units: fc.array(fc.option(arbitraryPositionChoice, { nil: null, freq: 8 }), {
    minLength: 1,
    maxLength: 12,
  }),
});

describe('unitTimesToIncident (one backward search)', () => {
  it('equals a reference Dijkstra per unit on random graphs with one-ways and mid-edge points', () => {
    fc.assert(
      fc.property(scenario, ({ graph, incident, units }) => {
        const router = createRouter(graph);
        const inc = resolvePosition(graph, incident);
        const pos = units.map((u) => (u === null ? null : resolvePosition(graph, u)));
        const got = unitTimesToIncident(router, inc, pos);
        pos.forEach((p, i) => {
          const want = p === null ? Number.POSITIVE_INFINITY : referenceSeconds(graph, p, inc);
          expect(sameTime(got.seconds[i]!, want), `unit ${i}: ${got.seconds[i]} vs ${want}`).toBe(true);
        });
        const order = [...got.nearest].map((i) => got.seconds[i]!);
        expect(order).toEqual([...order].sort((a, b) => a - b));
      }),
      { numRuns: 300 },
    );
  });

  it('with stopAfter k returns exactly k nearest units, with exact times', () => {
    fc.assert(
      fc.property(scenario, fc.integer({ min: 1, max: 5 }), ({ graph, incident, units }, k) => {
        const router = createRouter(graph);
        const inc = resolvePosition(graph, incident);
        const pos = units.map((u) => (u === null ? null : resolvePosition(graph, u)));
        const want = pos.map((p) =>
          p === null ? Number.POSITIVE_INFINITY : referenceSeconds(graph, p, inc),
        );
        const got = unitTimesToIncident(router, inc, pos, { stopAfter: k });
        const reachable = want.filter(Number.isFinite).length;
        expect(got.nearest.length).toBe(Math.min(k, reachable));
        const worstReturned = Math.max(-1, ...[...got.nearest].map((i) => got.seconds[i]!));
        want.forEach((w, i) => {
          if (got.nearest.includes(i)) expect(sameTime(got.seconds[i]!, w)).toBe(true);
          else {
            expect(got.seconds[i]).toBe(Number.POSITIVE_INFINITY);
            expect(w >= worstReturned || sameTime(w, worstReturned)).toBe(true); // nobody nearer was left out
          }
        });
      }),
      { numRuns: 200 },
    );
  });

  it('with maxSeconds returns exactly the units within the limit', () => {
    fc.assert(
      fc.property(
        scenario,
        fc.double({ min: 0, max: 400, noNaN: true }),
        ({ graph, incident, units }, limit) => {
          const router = createRouter(graph);
          const inc = resolvePosition(graph, incident);
          const pos = units.map((u) => (u === null ? null : resolvePosition(graph, u)));
          const got = unitTimesToIncident(router, inc, pos, { maxSeconds: limit });
          pos.forEach((p, i) => {
            const want = p === null ? Number.POSITIVE_INFINITY : referenceSeconds(graph, p, inc);
            if (want <= limit && !sameTime(want, limit)) expect(sameTime(got.seconds[i]!, want)).toBe(true);
            if (want > limit && !sameTime(want, limit)) expect(got.seconds[i]).toBe(Number.POSITIVE_INFINITY);
          });
        },
      ),
      { numRuns: 200 },
    );
  });

  it('handles a unit on a one-way edge behind and ahead of the incident', () => {
    // 0 → 1 one-way (100 s), 1 ↔ 2 and 2 ↔ 0 two-way (50 s each): a unit ahead must go around.
    const g = buildRoadGraph({
      lat: [0, 0, 0.001],
      lon: [0, 0.001, 0.0005],
      from: [0, 1, 2, 2, 0],
      to: [1, 2, 1, 0, 2],
      seconds: [100, 50, 50, 50, 50],
      metres: [100, 50, 50, 50, 50],
    });
    const router = createRouter(g);
    const edge01 = 0;
    expect(twinOf(g, edge01)).toBe(-1);
    const incident = positionOnEdge(g, edge01, 0.5);
    const behind = positionOnEdge(g, edge01, 0.2);
    const ahead = positionOnEdge(g, edge01, 0.8);
    const got = unitTimesToIncident(router, incident, [behind, ahead]);
    expect(got.seconds[0]).toBeCloseTo(30, 9);
    expect(got.seconds[1]).toBeCloseTo(20 + 50 + 50 + 50, 9); // to 1, to 2, to 0, then half of 0→1
    expect([...got.nearest]).toEqual([0, 1]);
  });

  it('throws on a position that is not on the graph', () => {
    fc.assert(
      fc.property(arbitraryGraph, (graph) => {
        const router = createRouter(graph);
        const ok = positionOnEdge(graph, 0, 0.5);
        expect(() => unitTimesToIncident(router, { ...ok, edge: graph.edgeCount }, [ok])).toThrow(RangeError);
        expect(() => unitTimesToIncident(router, ok, [{ ...ok, fraction: 1.5 }])).toThrow(RangeError);
        expect(() => unitTimesToIncident(router, ok, [ok], { stopAfter: 0 })).toThrow(RangeError);
      }),
      { numRuns: 20 },
    );
  });

  it('gives the same answers when one router serves many queries in a row (stamp reuse)', () => {
    fc.assert(
      fc.property(scenario, scenario, ({ graph, incident, units }, other) => {
        const shared = createRouter(graph);
        const inc = resolvePosition(graph, incident);
        const pos = units.map((u) => (u === null ? null : resolvePosition(graph, u)));
        const otherInc = resolvePosition(graph, other.incident);
        unitTimesToIncident(shared, otherInc, pos, { stopAfter: 1 });
        timesFromUnits(shared, pos);
        const again = unitTimesToIncident(shared, inc, pos);
        const fresh = unitTimesToIncident(createRouter(graph), inc, pos);
        expect([...again.seconds]).toEqual([...fresh.seconds]);
      }),
      { numRuns: 100 },
    );
  });
});

describe('search buffers', () => {
  it('are allocated once per router, not per query', () => {
    fc.assert(
      fc.property(scenario, ({ graph, incident, units }) => {
        const router = createRouter(graph);
        const inc = resolvePosition(graph, incident);
        const pos = units.map((u) => (u === null ? null : resolvePosition(graph, u)));
        unitTimesToIncident(router, inc, pos);
        const { dist, parent } = router.workspace;
        const bytes = router.workspace.byteSize();
        for (let i = 0; i < 5; i++) {
          unitTimesToIncident(router, inc, pos, { stopAfter: 2 });
          timesFromUnits(router, pos);
          travelSeconds(router, inc, inc);
        }
        expect(router.workspace.dist).toBe(dist);
        expect(router.workspace.parent).toBe(parent);
        expect(router.workspace.byteSize()).toBe(bytes);
      }),
      { numRuns: 20 },
    );
  });
});

describe('timesFromUnits (multi-source coverage)', () => {
  it('equals a reference super-source Dijkstra at every node', () => {
    fc.assert(
      fc.property(
        arbitraryGraph,
        fc.array(arbitraryPositionChoice, { minLength: 1, maxLength: 6 }),
        (graph, raw) => {
          const router = createRouter(graph);
          const units = raw.map((u) => resolvePosition(graph, u));
          const got = timesFromUnits(router, units);
          const want = referenceCoverage(graph, units);
          want.forEach((w, v) => {
            expect(sameTime(got[v]!, w), `node ${v}: ${got[v]} vs ${w}`).toBe(true);
          });
        },
      ),
      { numRuns: 200 },
    );
  });

  it('honours maxSeconds and reuses the out array', () => {
    fc.assert(
      fc.property(arbitraryGraph, arbitraryPositionChoice, (graph, raw) => {
        const router = createRouter(graph);
        const unit = resolvePosition(graph, raw);
        const all = Float64Array.from(timesFromUnits(router, [unit]));
        const out = new Float64Array(graph.nodeCount);
        const bounded = timesFromUnits(router, [unit], { maxSeconds: 60, out });
        expect(bounded).toBe(out);
        all.forEach((t, v) => {
          expect(bounded[v]).toBe(t <= 60 ? t : Number.POSITIVE_INFINITY);
        });
      }),
      { numRuns: 100 },
    );
  });

  it('secondsAtPosition is an upper bound of the true time and exact at nodes', () => {
    fc.assert(
      fc.property(
        arbitraryGraph,
        arbitraryPositionChoice,
        arbitraryPositionChoice,
        (graph, rawUnit, rawPlace) => {
          const router = createRouter(graph);
          const unit = resolvePosition(graph, rawUnit);
          const place = resolvePosition(graph, rawPlace);
          const nodeTimes = timesFromUnits(router, [unit]);
          const bound = secondsAtPosition(graph, nodeTimes, place);
          const truth = referenceSeconds(graph, unit, place);
          expect(bound >= truth || sameTime(bound, truth)).toBe(true);
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('routeBetween and travelSeconds', () => {
  it('agree with the reference and describe a drivable path', () => {
    fc.assert(
      fc.property(arbitraryGraph, arbitraryPositionChoice, arbitraryPositionChoice, (graph, a, b) => {
        const router = createRouter(graph);
        const from = resolvePosition(graph, a);
        const to = resolvePosition(graph, b);
        const want = referenceSeconds(graph, from, to);
        expect(sameTime(travelSeconds(router, from, to), want)).toBe(true);
        const route = routeBetween(router, from, to);
        if (!Number.isFinite(want)) {
          expect(route).toBeNull();
          return;
        }
        expect(route).not.toBeNull();
        expect(sameTime(route!.seconds, want)).toBe(true);
        expect(route!.coordinates.length).toBeLessThanOrEqual(route!.edges.length + 2);
        for (let i = 1; i < route!.edges.length; i++) {
          expect(graph.edgeSource[route!.edges[i]!]).toBe(graph.edgeTarget[route!.edges[i - 1]!]);
        }
        const first = route!.coordinates[0]!;
        const last = route!.coordinates.at(-1)!;
        const f = positionCoordinatesOf(graph, from);
        const t = positionCoordinatesOf(graph, to);
        expect(first[0]).toBeCloseTo(f.lon, 12);
        expect(first[1]).toBeCloseTo(f.lat, 12);
        expect(last[0]).toBeCloseTo(t.lon, 12);
        expect(last[1]).toBeCloseTo(t.lat, 12);
        expect(route!.metres).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 300 },
    );
  });
});

function positionCoordinatesOf(
  graph: ReturnType<typeof buildRoadGraph>,
  p: { edge: number; fraction: number },
) {
  const u = graph.edgeSource[p.edge]!;
  const v = graph.edgeTarget[p.edge]!;
  return {
    lat: graph.lat[u]! + (graph.lat[v]! - graph.lat[u]!) * p.fraction,
    lon: graph.lon[u]! + (graph.lon[v]! - graph.lon[u]!) * p.fraction,
  };
}
