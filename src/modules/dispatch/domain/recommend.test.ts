import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { offsetMetres } from './geo.ts';
import { defaultCatalogue } from './incident-catalogue.ts';
import { getIncidentType, planAtLevel, type ResourceRequirement } from './incident-type.ts';
import { describeUnmet, recommendForIncident, recommendUnits } from './recommend.ts';
import type { CandidateUnit, TravelEstimate } from './unit-eligibility.ts';
import type { Capability } from './unit-kinds.ts';
import type { UnitStatus } from './unit-status.ts';

const scene = { lat: 31.2, lon: 121.5 };
const incident = { id: 'INC', location: scene, jurisdiction: 'city.east' };
const u = (id: string, capabilities: Capability[], over: Partial<CandidateUnit> = {}): CandidateUnit => ({
  id,
  capabilities,
  status: 'available',
  onDuty: true,
  jurisdiction: 'city.east',
  position: offsetMetres(scene, 500, 0),
  positionStale: false,
  ...over,
});
const road = (seconds: number, offGraph = false): TravelEstimate => ({
  seconds,
  metres: seconds * 10,
  offGraph,
});

describe('recommendUnits', () => {
  const plan = planAtLevel(getIncidentType(defaultCatalogue(), 'TRAFFIC_ACCIDENT_INJURY'), 1);

  it('fills an injury accident with the fastest patrol and ambulance and explains skipped closer units', () => {
    const units = [
      u('P-near-busy', ['patrol'], { status: 'on_scene', incidentId: 'OTHER' }),
      u('A-near-oos', ['ems'], { status: 'out_of_service' }),
      u('P1', ['patrol']),
      u('P2', ['patrol']),
      u('A1', ['ems']),
      u('F1', ['fire_suppression']),
    ];
    const travel = {
      'P-near-busy': road(60),
      'A-near-oos': road(70),
      P1: road(200),
      P2: road(300),
      A1: road(400),
      F1: road(100),
    };
    const rec = recommendUnits({ incident, requirements: plan, units, travel });
    expect(plan).toEqual([
      { capability: 'patrol', count: 1 },
      { capability: 'ems', count: 1 },
    ]);
    expect(rec.satisfied).toBe(true);
    expect(rec.fills.map((f) => f.chosen.map((c) => c.unitId))).toEqual([['P1'], ['A1']]);
    expect(rec.recommendedUnitIds).toEqual(['P1', 'A1']);
    const skippedForPatrol = Object.fromEntries(rec.fills[0]!.skipped.map((s) => [s.unitId, s.reasons]));
    expect(skippedForPatrol).toEqual({
      'P-near-busy': ['busy'],
      'A-near-oos': ['out_of_service', 'lacks_capability'],
      F1: ['lacks_capability'],
    });
    const forEms = rec.fills[1]!.skipped.find((s) => s.unitId === 'P1');
    expect(forEms?.reasons).toEqual(['lacks_capability', 'filled_other_requirement']);
  });

  it('gives a dual-capability unit to the requirement only it can fill', () => {
    const req: ResourceRequirement[] = [
      { capability: 'patrol', count: 1 },
      { capability: 'traffic', count: 1 },
    ];
    const units = [u('X', ['patrol', 'traffic']), u('P', ['patrol'])];
    const rec = recommendUnits({ incident, requirements: req, units, travel: { X: road(60), P: road(120) } });
    expect(rec.fills.map((f) => f.chosen.map((c) => c.unitId))).toEqual([['P'], ['X']]);
    expect(rec.fills[0]!.skipped).toMatchObject([
      { unitId: 'X', reasons: ['filled_other_requirement'], filling: 1 },
    ]);
  });

  it('flags straight-line estimates and reports an unmet plan', () => {
    const units = [
      u('P1', ['patrol']),
      u('P2', ['patrol'], { kind: 'foot_patrol', position: offsetMetres(scene, 0, 300) }),
      u('A1', ['ems'], { status: 'en_route', incidentId: 'OTHER' }),
      u('A2', ['ems'], { positionStale: true }),
      u('A3', ['ems'], { jurisdiction: 'city.west' }),
    ];
    const rec = recommendUnits({
      incident,
      requirements: plan,
      units,
      travel: { P1: road(200, true), A1: road(100), A2: road(100), A3: road(100) },
    });
    const p = rec.fills[0]!.chosen[0]!;
    expect(p.unitId).toBe('P1');
    expect(p.straightLine).toBe(true);
    const p2 = rec.assessments.find((a) => a.unitId === 'P2')!;
    expect(p2.eta?.source).toBe('straight_line');
    expect(p2.eta!.seconds).toBeCloseTo((300 * 1.3) / (5 / 3.6), 0);
    expect(rec.satisfied).toBe(false);
    expect(rec.unmet).toEqual([
      {
        requirementIndex: 1,
        capability: 'ems',
        missing: 1,
        blockers: { busy: 1, stale_position: 1, out_of_jurisdiction: 1 },
      },
    ]);
    expect(describeUnmet(rec.unmet[0]!, 'en')).toMatch(/Plan cannot be met: no ambulance available/);
    expect(describeUnmet(rec.unmet[0]!, 'zh')).toContain('救护车');
    const withAid = recommendUnits({
      incident,
      requirements: plan,
      units,
      travel: { A3: road(100) },
      options: { mutualAid: ['city.west'] },
    });
    expect(withAid.fills[1]!.chosen.map((c) => c.unitId)).toEqual(['A3']);
  });

  it('takes the plan from the incident type at its alarm level', () => {
    const units = [u('P1', ['patrol']), u('A1', ['ems']), u('T1', ['traffic'])];
    const travel = { P1: road(10), A1: road(20), T1: road(30) };
    const at = (alarmLevel: number) =>
      recommendForIncident(
        { ...incident, typeCode: 'TRAFFIC_ACCIDENT_INJURY', alarmLevel },
        defaultCatalogue(),
        units,
        travel,
      );
    expect(at(1).recommendedUnitIds).toEqual(['P1', 'A1']);
    expect(at(2).recommendedUnitIds).toEqual(['P1', 'A1', 'T1']);
  });

  it('counts units already on the incident first and recommends only the rest', () => {
    const units = [
      u('P1', ['patrol'], { status: 'on_scene', incidentId: 'INC' }),
      u('P2', ['patrol']),
      u('A1', ['ems']),
    ];
    const rec = recommendUnits({
      incident,
      requirements: plan,
      units,
      travel: { P2: road(10), A1: road(50) },
    });
    expect(rec.fills[0]!.chosen[0]).toMatchObject({ unitId: 'P1', alreadyAssigned: true });
    expect(rec.recommendedUnitIds).toEqual(['A1']);
  });
});

const CAPS: Capability[] = ['patrol', 'traffic', 'ems'];
const STATUSES: UnitStatus[] = [
  'available',
  'available',
  'at_station',
  'dispatched',
  'off_duty',
  'out_of_service',
];

const instanceArb = fc.record({
  units: fc.array(
    fc.record({
      caps: fc.subarray(CAPS, { minLength: 1 }),
      status: fc.constantFrom(...STATUSES),
      onDuty: fc.boolean(),
      stale: fc.boolean(),
      west: fc.boolean(),
      mine: fc.boolean(),
      eta: fc.integer({ min: 0, max: 12 }),
    }),
    { maxLength: 7 },
  ),
  reqs: fc.uniqueArray(
    fc.record({ capability: fc.constantFrom(...CAPS), count: fc.integer({ min: 1, max: 2 }) }),
    {
      minLength: 1,
      maxLength: 3,
      selector: (r) => r.capability,
    },
  ),
  mutualAid: fc.boolean(),
});

type Key = [number, number, string];
const cmpKey = (a: Key, b: Key) => a[0] - b[0] || a[1] - b[1] || (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0);
function cmpList(a: (Key | null)[], b: (Key | null)[]): number {
  for (let k = 0; k < Math.max(a.length, b.length); k++) {
    const x = a[k];
    const y = b[k];
    if (x === y) continue;
    if (x == null) return 1;
    if (y == null) return -1;
    const c = cmpKey(x, y);
    if (c) return c;
  }
  return 0;
}

/** Enumerates every assignment of eligible units to slots; best = most slots, then fastest set, then plan order. */
function bruteForce(
  units: CandidateUnit[],
  eta: Record<string, number>,
  reqs: ResourceRequirement[],
  aid: boolean,
) {
  const committed = (x: CandidateUnit) => x.incidentId === 'INC';
  const eligible = units.filter(
    (x) =>
      committed(x) ||
      (x.onDuty &&
        (x.status === 'available' || x.status === 'at_station') &&
        !x.positionStale &&
        (x.jurisdiction === 'city.east' || aid)),
  );
  const key = (x: CandidateUnit): Key => [committed(x) ? 0 : 1, eta[x.id]!, x.id];
  const slots = reqs.flatMap((r, ri) => Array.from({ length: r.count }, () => ri));
  let best: { filled: number; set: Key[]; seq: (Key | null)[]; picks: (CandidateUnit | null)[] } | null =
    null;
  const picks: (CandidateUnit | null)[] = [];
  const walk = (s: number, used: Set<string>) => {
    if (s === slots.length) {
      const chosen = picks.filter((p): p is CandidateUnit => p !== null);
      const cand = {
        filled: chosen.length,
        set: chosen.map(key).sort(cmpKey),
        seq: picks.map((p) => (p ? key(p) : null)),
        picks: [...picks],
      };
      if (
        !best ||
        cand.filled > best.filled ||
        (cand.filled === best.filled &&
          (cmpList(cand.set, best.set) < 0 ||
            (cmpList(cand.set, best.set) === 0 && cmpList(cand.seq, best.seq) < 0)))
      ) {
        best = cand;
      }
      return;
    }
    picks.push(null);
    walk(s + 1, used);
    picks.pop();
    for (const x of eligible) {
      if (used.has(x.id) || !x.capabilities.includes(reqs[slots[s]!]!.capability)) continue;
      used.add(x.id);
      picks.push(x);
      walk(s + 1, used);
      picks.pop();
      used.delete(x.id);
    }
  };
  walk(0, new Set());
  const b = best!;
  const byEta = (x: CandidateUnit, y: CandidateUnit) => eta[x.id]! - eta[y.id]! || (x.id < y.id ? -1 : 1);
  return reqs.map((_, ri) =>
    b.picks
      .filter((p, s): p is CandidateUnit => p !== null && slots[s] === ri)
      .sort(byEta)
      .map((p) => p.id),
  );
}

describe('recommendUnits equals brute-force enumeration', () => {
  it('on random instances (ties broken by id, units already on the incident first)', () => {
    fc.assert(
      fc.property(instanceArb, ({ units: specs, reqs, mutualAid }) => {
        const eta: Record<string, number> = {};
        const units = specs.map((s, k) => {
          const id = `U${k}`;
          eta[id] = s.eta;
          const bound = s.status === 'dispatched';
          return u(id, s.caps, {
            status: s.status,
            onDuty: s.onDuty,
            positionStale: s.stale,
            jurisdiction: s.west ? 'city.west' : 'city.east',
            incidentId: bound ? (s.mine ? 'INC' : 'OTHER') : null,
          });
        });
        const travel = Object.fromEntries(Object.entries(eta).map(([id, sec]) => [id, road(sec)]));
        const rec = recommendUnits({ incident, requirements: reqs, units, travel, options: { mutualAid } });
        expect(rec.fills.map((f) => f.chosen.map((c) => c.unitId))).toEqual(
          bruteForce(units, eta, reqs, mutualAid),
        );
        for (const f of rec.fills) {
          const etas = f.chosen.map((c) => c.eta!.seconds);
          expect(etas).toEqual([...etas].sort((a, b) => a - b));
          for (const s of f.skipped) expect(s.reasons.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
