// The report a planner compares: replayed response times for current and proposed beats, and for
// small designs HiGHS's bound with the design's optimality gap (kept current after a move).
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbKinds } from '../../../test/support/databases.ts';
import { startTestNode, type TestClient, type TestNode } from '../../../test/support/test-node.ts';
import { EXACT_MAX_ATOMS } from './design-run.ts';
import { patrolModule } from './patrol.module.ts';

interface Replay {
  count: number;
  mean: number;
  p50: number;
  p90: number;
  histogram: { binSeconds: number; counts: number[] };
}

describe.each(dbKinds)('design report with replay and exact gap on %s', (kind) => {
  let node: TestNode;
  let planner: TestClient;
  let county: string;

  beforeAll(async () => {
    node = await startTestNode(kind, { modules: [patrolModule] });
    planner = await node.signIn('supervisor');
    county = (
      await sql<{ id: string }>`SELECT id FROM jurisdictions WHERE code = '990101'`.execute(
        node.services.database.db,
      )
    ).rows[0]!.id;
  });
  afterAll(async () => {
    await node?.close();
  });

  it('replays the incidents under proposed and current beats; small designs carry the MIP gap', async () => {
    const started = await planner.request({
      method: 'POST',
      url: '/api/patrol/designs',
      payload: {
        name: 'Small',
        jurisdictionId: county,
        beats: 5,
        resolution: 6,
        timeLimitSeconds: 20,
        workload: { source: 'synthetic' },
      },
    });
    expect(started.statusCode).toBe(202);
    const id = started.json().id as string;
    let d = started.json();
    for (let k = 0; k < 300 && d.runState === 'running'; k++) {
      await new Promise((r) => setTimeout(r, 200));
      d = (await planner.request({ method: 'GET', url: `/api/patrol/designs/${id}` })).json();
    }
    expect(d.runState).toBe('done');
    const replay = d.quality.replay as Replay;
    expect(replay.count).toBeGreaterThan(1000);
    expect(replay.histogram.counts.reduce((a: number, b: number) => a + b, 0)).toBe(replay.count);
    expect(replay.p50).toBeLessThanOrEqual(replay.p90);
    expect(replay.mean).toBeGreaterThan(0);

    const exact = d.quality.exact;
    const atoms = (await planner.request({ method: 'GET', url: `/api/patrol/designs/${id}/atoms` })).json()
      .features as { id: string; properties: { beat: number; parentId: string } }[];
    expect(atoms.length).toBeLessThanOrEqual(EXACT_MAX_ATOMS);
    expect(exact.atoms).toBe(atoms.length);
    expect(['optimal', 'time-limit']).toContain(exact.status);
    expect(exact.bound).toBeLessThanOrEqual(exact.designObjective + 1e-9);
    expect(exact.bound).toBeLessThanOrEqual(exact.objective + 1e-9);
    expect(exact.designGap).toBeGreaterThanOrEqual(0);
    expect(exact.designGap).toBeCloseTo((exact.designObjective - exact.bound) / exact.designObjective, 9);
    if (exact.status === 'optimal') expect(exact.mipGap).toBeLessThan(1e-3);

    // After a move the bound stands and the design's own objective and gap follow the change.
    let moved: { quality: { exact: typeof exact; replay: Replay } } | null = null;
    for (const atom of atoms) {
      for (let to = 0; to < d.beats.length && !moved; to++) {
        if (to === atom.properties.beat || d.beats[to].parentId !== atom.properties.parentId) continue;
        const res = await planner.request({
          method: 'POST',
          url: `/api/patrol/designs/${id}/moves`,
          payload: { atoms: [atom.id], toBeat: d.beats[to].id },
        });
        if (res.statusCode === 200) moved = res.json();
      }
      if (moved) break;
    }
    expect(moved).not.toBeNull();
    expect(moved!.quality.exact.bound).toBe(exact.bound);
    expect(moved!.quality.exact.designObjective).not.toBe(exact.designObjective);
    expect(moved!.quality.replay.count).toBe(replay.count);
    console.log(
      `exact check: ${exact.atoms} atoms, 5 beats, ${exact.status} in ${exact.seconds}s, HiGHS gap ${exact.mipGap}, ` +
        `design gap ${exact.designGap}; replay mean ${replay.mean}s p90 ${replay.p90}s`,
    );

    // The same area's current beats, imported, replay the same incidents for the comparison.
    const fc = (await planner.request({ method: 'GET', url: `/api/patrol/designs/${id}/geojson` })).json();
    const current = await planner.request({
      method: 'POST',
      url: '/api/patrol/designs/import',
      payload: { name: 'Current', jurisdictionId: county, geojson: fc, resolution: 6 },
    });
    expect(current.statusCode).toBe(201);
    const cmp = (
      await planner.request({
        method: 'GET',
        url: `/api/patrol/designs/compare?ids=${id},${current.json().id}`,
      })
    ).json();
    const [a, b] = cmp.designs.map((x: { quality: { replay: Replay } }) => x.quality.replay);
    expect(b.count).toBe(a.count);
    // Same beats, same incidents: the replay agrees.
    expect(b.histogram.counts).toEqual(a.histogram.counts);
  }, 90_000);
});
