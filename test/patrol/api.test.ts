import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/core/identity/actor.ts';
import { beatsInForce, patrolModule } from '../../src/modules/patrol/index.ts';
import { dbKinds } from '../support/databases.ts';
import { startTestNode, type TestClient, type TestNode } from '../support/test-node.ts';

type Atom = { id: string; properties: { beat: number; parentId: string } };

async function waitDone(client: TestClient, id: string) {
  for (let k = 0; k < 300; k++) {
    const d = (await client.request({ method: 'GET', url: `/api/patrol/designs/${id}` })).json();
    if (d.runState !== 'running') return d;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('design did not finish');
}

describe.each(dbKinds)('patrol API on %s', (kind) => {
  let node: TestNode;
  let planner: TestClient;
  let dispatcher: TestClient;
  let county: string;
  let first: string;
  let second: string;

  const design = (body: Record<string, unknown>) =>
    planner.request({
      method: 'POST',
      url: '/api/patrol/designs',
      payload: {
        name: 'Draft',
        jurisdictionId: county,
        beats: 6,
        resolution: 7,
        timeLimitSeconds: 20,
        workload: { source: 'synthetic' },
        ...body,
      },
    });
  const designCount = async () =>
    Number(
      (await sql<{ n: string }>`SELECT count(*) AS n FROM patrol_designs`.execute(node.services.database.db))
        .rows[0]!.n,
    );

  beforeAll(async () => {
    node = await startTestNode(kind, { modules: [patrolModule] });
    planner = await node.signIn('supervisor');
    dispatcher = await node.signIn('dispatcher');
    const res = await sql<{ id: string }>`SELECT id FROM jurisdictions WHERE code = '990101'`.execute(
      node.services.database.db,
    );
    county = res.rows[0]!.id;
  });
  afterAll(async () => {
    await node?.close();
  });

  it('runs two designs in the background with stored progress, and compares them', async () => {
    const a = await design({ name: 'Seed 1', seed: 1 });
    expect(a.statusCode).toBe(202);
    expect(a.json().runState).toBe('running');
    const b = await design({ name: 'Seed 2', seed: 2 });
    first = a.json().id;
    second = b.json().id;
    const da = await waitDone(planner, first);
    await waitDone(planner, second);
    expect(da.runState).toBe('done');
    expect(da.progress).toBe(1);
    expect(da.beats).toHaveLength(6);
    expect(da.quality.contiguity.all).toBe(true);
    expect(da.quality.nesting.all).toBe(true);
    const events = await sql<{
      n: string;
    }>`SELECT count(*) AS n FROM events WHERE type = 'patrol.design.progress'`.execute(
      node.services.database.db,
    );
    expect(Number(events.rows[0]!.n)).toBeGreaterThanOrEqual(2);
    const cmp = await dispatcher.request({
      method: 'GET',
      url: `/api/patrol/designs/compare?ids=${first},${second}`,
    });
    expect(cmp.statusCode).toBe(200);
    expect(cmp.json().designs.map((d: { id: string }) => d.id)).toEqual([first, second]);
    expect(cmp.json().designs[1].quality.workload.cv).toBeGreaterThanOrEqual(0);
    const list = await dispatcher.request({ method: 'GET', url: '/api/patrol/designs' });
    expect(list.json()).toHaveLength(2);
  }, 50_000);

  it('dispatchers read but do not plan', async () => {
    const res = await dispatcher.request({
      method: 'POST',
      url: '/api/patrol/designs',
      payload: { name: 'x', jurisdictionId: county, beats: 3, workload: { source: 'synthetic' } },
    });
    expect(res.statusCode).toBe(403);
  });

  it('moves atoms keeping beats nested and contiguous, and recomputes the report', async () => {
    const atoms: Atom[] = (
      await planner.request({ method: 'GET', url: `/api/patrol/designs/${first}/atoms` })
    ).json().features;
    const beats = (await planner.request({ method: 'GET', url: `/api/patrol/designs/${first}` })).json()
      .beats as { id: string; parentId: string }[];
    const other = atoms.find((x) => x.properties.parentId !== beats[atoms[0]!.properties.beat]!.parentId)!;
    const bad = await planner.request({
      method: 'POST',
      url: `/api/patrol/designs/${first}/moves`,
      payload: { atoms: [other.id], toBeat: beats[atoms[0]!.properties.beat]!.id },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.json().type).toContain('patrol.not_nested');
    let moved = false;
    let nonContiguous = false;
    for (const atom of atoms) {
      const from = atom.properties.beat;
      for (let to = 0; to < beats.length && !moved; to++) {
        if (to === from || beats[to]!.parentId !== atom.properties.parentId) continue;
        const res = await planner.request({
          method: 'POST',
          url: `/api/patrol/designs/${first}/moves`,
          payload: { atoms: [atom.id], toBeat: beats[to]!.id },
        });
        if (res.statusCode === 200) {
          moved = true;
          expect(res.json().version).toBe(2);
          expect(res.json().quality.contiguity.all).toBe(true);
        } else {
          expect(res.json().type).toMatch(/noncontiguous_beat|empty_beat/);
          nonContiguous = true;
        }
      }
      if (moved) break;
    }
    expect(moved).toBe(true);
    expect(nonContiguous).toBe(true);
  }, 40_000);

  it('publishes with an effective date: the beats in force follow it', async () => {
    const p1 = await planner.request({
      method: 'POST',
      url: `/api/patrol/designs/${first}/publish`,
      payload: { effectiveFrom: '2026-01-01T00:00:00Z' },
    });
    expect(p1.statusCode).toBe(200);
    expect(p1.json().status).toBe('published');
    const again = await planner.request({
      method: 'POST',
      url: `/api/patrol/designs/${first}/publish`,
      payload: { effectiveFrom: '2026-01-01T00:00:00Z' },
    });
    expect(again.statusCode).toBe(409);
    await planner.request({
      method: 'POST',
      url: `/api/patrol/designs/${second}/publish`,
      payload: { effectiveFrom: '2026-03-01T00:00:00Z' },
    });
    const before = await beatsInForce(
      node.services.database,
      systemActor(),
      new Date('2025-12-31T00:00:00Z'),
    );
    expect(before.features).toHaveLength(0);
    const jan = await beatsInForce(node.services.database, systemActor(), new Date('2026-02-01T00:00:00Z'));
    expect(jan.features.map((f) => f.properties.designId)).toEqual(Array(6).fill(first));
    const res = await dispatcher.request({ method: 'GET', url: '/api/patrol/beats?at=2026-04-01T00:00:00Z' });
    expect(
      res
        .json()
        .features.every((f: { properties: { designId: string } }) => f.properties.designId === second),
    ).toBe(true);
    expect(res.json().features[0].properties.jurisdictionPath).toMatch(/\./);
  });

  it('exports beats as GeoJSON and imports them back as a comparable draft', async () => {
    const exp = await planner.request({ method: 'GET', url: `/api/patrol/designs/${second}/geojson` });
    expect(exp.headers['content-type']).toContain('application/geo+json');
    const fc = exp.json();
    expect(fc.features).toHaveLength(6);
    const imp = await planner.request({
      method: 'POST',
      url: '/api/patrol/designs/import',
      payload: { name: 'Current beats', jurisdictionId: county, geojson: fc, resolution: 7 },
    });
    expect(imp.statusCode).toBe(201);
    expect(imp.json().beats).toHaveLength(6);
    expect(imp.json().quality.workload.total).toBeGreaterThan(0);
  });

  it('publishing two designs of one area at once leaves one set of beats in force', async () => {
    const fc = (await planner.request({ method: 'GET', url: `/api/patrol/designs/${first}/geojson` })).json();
    const drafts = await Promise.all(
      ['A', 'B'].map((name) =>
        planner.request({
          method: 'POST',
          url: '/api/patrol/designs/import',
          payload: { name, jurisdictionId: county, geojson: fc, resolution: 7 },
        }),
      ),
    );
    const ids = drafts.map((d) => d.json().id as string);
    const published = await Promise.all(
      ids.map((id) =>
        planner.request({
          method: 'POST',
          url: `/api/patrol/designs/${id}/publish`,
          payload: { effectiveFrom: '2027-01-01T00:00:00Z' },
        }),
      ),
    );
    expect(published.map((p) => p.statusCode)).toEqual([200, 200]);
    const later = await beatsInForce(node.services.database, systemActor(), new Date('2027-02-01T00:00:00Z'));
    expect(later.features).toHaveLength(6);
    expect(new Set(later.features.map((f) => f.properties.designId)).size).toBe(1);
  });

  it('rejects bad input with problem+json and writes nothing', async () => {
    const before = await designCount();
    const tooMany = await design({ beats: 5000 });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().type).toContain('patrol.too_many_beats');
    const empty = await design({ workload: { source: 'incidents', incidents: [{ lon: 10, lat: 10 }] } });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().type).toContain('patrol.empty_workload');
    const atoms: Atom[] = (
      await planner.request({ method: 'GET', url: `/api/patrol/designs/${first}/atoms` })
    ).json().features;
    const a = atoms[0]!;
    const far = atoms.filter((x) => x.properties.parentId === a.properties.parentId).at(-1)!;
    const fixed = await design({ fixedBeats: [{ id: 'F1', atoms: [a.id, far.id] }] });
    expect(fixed.statusCode).toBe(400);
    expect(fixed.json().type).toContain('patrol.noncontiguous_fixed_beat');
    const geo = await planner.request({
      method: 'POST',
      url: '/api/patrol/designs/import',
      payload: {
        name: 'bad',
        jurisdictionId: county,
        geojson: {
          type: 'FeatureCollection',
          features: [
            {
              type: 'Feature',
              properties: {},
              geometry: {
                type: 'Polygon',
                coordinates: [
                  [
                    [113.9, 22.6],
                    [114, 22.6],
                    [114, 22.7],
                  ],
                ],
              },
            },
          ],
        },
      },
    });
    expect(geo.statusCode).toBe(400);
    expect(geo.headers['content-type']).toContain('application/problem+json');
    expect(geo.json().type).toContain('patrol.invalid_geojson');
    expect(await designCount()).toBe(before);
  });
});
