import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../src/modules/dispatch/domain/rng.ts';
import { DEFAULT_INCIDENT_TYPES } from '../../src/modules/dispatch/index.ts';
import { roadNetworkOf, snapToRoad, travelSeconds } from '../../src/modules/routing/index.ts';
import { dbKinds } from '../support/databases.ts';
import type { TestClient, TestNode } from '../support/test-node.ts';
import { createIncident, expectStatus, startDispatchNode } from './support.ts';

interface UnitRow {
  id: string;
  callSign: string;
  capabilities: string[];
  jurisdictionPath: string;
}
interface Choice {
  unitId: string;
  etaSeconds: number | null;
  source: string | null;
}
interface Rec {
  satisfied: boolean;
  recommendedUnitIds: string[];
  fills: {
    capability: string;
    count: number;
    chosen: Choice[];
    skipped: (Choice & { reasons: string[] })[];
  }[];
}

/** Best filling by brute force: most slots, then the lexicographically smallest sorted ETA vector. */
function bruteForce(slots: string[], units: { id: string; caps: string[]; eta: number }[]): number[] {
  let best: number[] = [];
  const relevant = units.filter((u) => u.caps.some((c) => slots.includes(c))).sort((a, b) => a.eta - b.eta);
  const fits = (chosen: typeof relevant): boolean => {
    // every chosen unit gets a distinct slot it can fill (tiny: try all slot permutations)
    const assign = (i: number, used: boolean[]): boolean => {
      if (i === chosen.length) return true;
      for (let s = 0; s < slots.length; s++) {
        if (!used[s] && chosen[i]!.caps.includes(slots[s]!)) {
          used[s] = true;
          if (assign(i + 1, used)) return true;
          used[s] = false;
        }
      }
      return false;
    };
    return assign(
      0,
      slots.map(() => false),
    );
  };
  const better = (a: number[], b: number[]) => {
    if (a.length !== b.length) return a.length > b.length;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! < b[i]!;
    return false;
  };
  const walk = (start: number, chosen: typeof relevant) => {
    const v = chosen.map((u) => u.eta).sort((x, y) => x - y);
    if (better(v, best)) best = v;
    if (chosen.length === slots.length) return;
    for (let i = start; i < relevant.length; i++) {
      const next = [...chosen, relevant[i]!];
      if (fits(next)) walk(i + 1, next);
    }
  };
  walk(0, []);
  return best;
}

describe.each(dbKinds)('recommendation through the service equals brute force (%s)', (kind) => {
  let node: TestNode;
  let disp: TestClient;
  let units: UnitRow[];
  beforeAll(async () => {
    node = await startDispatchNode(kind);
    disp = await node.signIn('supervisor');
    units = expectStatus<{ items: UnitRow[] }>(await disp.request({ url: '/api/dispatch/units' }), 200).items;
    const rng = createRng(7);
    const fixes = [];
    // All but three units go on patrol at random places; those three never report (stale).
    for (const u of units.slice(3)) {
      expectStatus(
        await disp.request({
          method: 'POST',
          url: `/api/dispatch/units/${u.id}/status`,
          payload: { status: 'available' },
        }),
        200,
      );
      fixes.push({
        unitId: u.id,
        lon: 113.81 + rng.next() * 0.28,
        lat: 22.51 + rng.next() * 0.22,
        at: new Date().toISOString(),
      });
    }
    for (const u of units.slice(0, 3)) {
      await disp.request({
        method: 'POST',
        url: `/api/dispatch/units/${u.id}/status`,
        payload: { status: 'available' },
      });
    }
    expectStatus(await disp.request({ method: 'POST', url: '/api/dispatch/avl', payload: { fixes } }), 200);
  });
  afterAll(async () => node?.close());

  it('chooses the units a brute-force search over road times would, with the same ETAs', async () => {
    const router = (await roadNetworkOf(node.services.database).ready()).routerOrNull!;
    const list = expectStatus<{
      items: (UnitRow & { position: { lon: number; lat: number }; positionStale: boolean; status: string })[];
    }>(await disp.request({ url: '/api/dispatch/units' }), 200).items;
    const rng = createRng(11);
    const types = [
      'WEAPON_INCIDENT',
      'TRAFFIC_ACCIDENT_INJURY',
      'FIGHT_IN_PROGRESS',
      'STRUCTURE_FIRE',
      'SUSPICIOUS_PACKAGE',
    ];
    let filled = 0;
    for (let k = 0; k < 10; k++) {
      const typeCode = types[k % types.length]!;
      const at = { lon: 113.82 + rng.next() * 0.26, lat: 22.52 + rng.next() * 0.2 };
      const id = await createIncident(disp, { ...at, typeCode });
      const detail = expectStatus<{ incident: { jurisdictionPath: string } }>(
        await disp.request({ url: `/api/dispatch/incidents/${id}` }),
        200,
      );
      const path = detail.incident.jurisdictionPath;
      const rec = expectStatus<Rec>(
        await disp.request({ url: `/api/dispatch/incidents/${id}/recommendation` }),
        200,
      );
      const target = snapToRoad(router.snapIndex, at)!;
      const eta = new Map<string, number>();
      for (const u of list) {
        if (u.positionStale || u.status !== 'available' || !u.position) continue;
        if (!(path === u.jurisdictionPath || path.startsWith(`${u.jurisdictionPath}.`))) continue;
        const from = snapToRoad(router.snapIndex, u.position);
        if (!from) continue;
        const s = travelSeconds(router, from, target);
        if (Number.isFinite(s)) eta.set(u.id, s);
      }
      const plan = DEFAULT_INCIDENT_TYPES.find((t) => t.code === typeCode)!.plan[0]!;
      const slots = plan.flatMap((r) => Array.from({ length: r.count }, () => r.capability));
      const eligible = list
        .filter((u) => eta.has(u.id))
        .map((u) => ({ id: u.id, caps: u.capabilities, eta: eta.get(u.id)! }));
      const expected = bruteForce(slots, eligible);
      const chosen = rec.fills.flatMap((f) => f.chosen);
      const got = chosen.map((c) => eta.get(c.unitId)!).sort((a, b) => a - b);
      expect(
        got.map((s) => Math.round(s)),
        `${typeCode} #${k}`,
      ).toEqual(expected.map((s) => Math.round(s)));
      for (const c of chosen) expect(Math.abs(c.etaSeconds! - eta.get(c.unitId)!)).toBeLessThanOrEqual(1);
      expect(rec.satisfied).toBe(expected.length === slots.length);
      filled += expected.length;
      const ids = rec.recommendedUnitIds.map((u) => eta.get(u)!);
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
      for (const s of rec.fills.flatMap((f) => f.skipped)) {
        if (s.source === 'road' && eta.has(s.unitId))
          expect(Math.abs(s.etaSeconds! - eta.get(s.unitId)!)).toBeLessThanOrEqual(1);
      }
    }
    expect(filled).toBeGreaterThan(20);
  });

  it('explains stale units and fills nothing it cannot', async () => {
    const id = await createIncident(disp, { lon: 113.95, lat: 22.62, typeCode: 'MASS_CASUALTY' });
    const rec = expectStatus<Rec & { unmet: { capability: string; text: { en: string } }[] }>(
      await disp.request({ url: `/api/dispatch/incidents/${id}/recommendation` }),
      200,
    );
    expect(rec.satisfied).toBe(false);
    expect(rec.unmet.map((u) => u.capability)).toContain('ems');
    expect(rec.unmet[0]!.text.en).toMatch(/Plan cannot be met/);
    const skippedReasons = rec.fills.flatMap((f) => f.skipped.flatMap((s) => s.reasons));
    expect(skippedReasons.length).toBeGreaterThan(0);
  });
});
