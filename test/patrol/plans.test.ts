import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transact } from '../../src/core/db/transaction.ts';
import { systemActor } from '../../src/core/identity/actor.ts';
import { failAbandonedRuns } from '../../src/modules/patrol/design-runner.ts';
import { patrolModule } from '../../src/modules/patrol/index.ts';
import { positionsRetention } from '../../src/modules/patrol/positions.consumer.ts';
import { dbKinds } from '../support/databases.ts';
import { startTestNode, type TestClient, type TestNode } from '../support/test-node.ts';

describe.each(dbKinds)('patrol plans, routes and compliance on %s', (kind) => {
  let node: TestNode;
  let planner: TestClient;

  beforeAll(async () => {
    node = await startTestNode(kind, { modules: [patrolModule] });
    planner = await node.signIn('supervisor');
  });
  afterAll(async () => {
    await node?.close();
  });

  it('rejects a plan whose points name unknown windows', async () => {
    const res = await planner.request({
      method: 'POST',
      url: '/api/patrol/plans',
      payload: {
        name: 'Bad',
        windows: [{ id: 'am', label: 'AM', days: [1], start: '07:00', end: '09:00' }],
        points: [{ id: 'p', name: 'P', lon: 113.9, lat: 22.6, radiusM: 50, minutes: 10, windowIds: ['pm'] }],
      },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().type).toContain('patrol.unknown_window');
  });

  it('records check-in compliance from a scripted unit track', async () => {
    const t = (m: number) => new Date(Date.UTC(2026, 0, 5, 7, m)).toISOString();
    const route = await planner.request({
      method: 'POST',
      url: '/api/patrol/routes',
      payload: {
        name: 'Test route',
        unitCode: 'P-7',
        checkIns: [
          { id: 'a', lon: 113.85, lat: 22.62, radiusM: 100, windowStart: t(0), windowEnd: t(20) },
          { id: 'b', lon: 113.95, lat: 22.6, radiusM: 100, windowStart: t(30), windowEnd: t(40) },
        ],
      },
    });
    expect(route.statusCode).toBe(201);
    const unit = await node.signIn('unit');
    const track = [0, 5, 10, 15].map((m) => ({ time: t(m), lon: 113.85, lat: 22.62 }));
    const res = await unit.request({
      method: 'POST',
      url: `/api/patrol/routes/${route.json().id}/tracks`,
      payload: { track },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().met).toBe(1);
    expect(res.json().missed).toBe(1);
    const list = (await planner.request({ method: 'GET', url: '/api/patrol/compliance' })).json();
    expect(
      list.some((c: { routeId: string; missed: number }) => c.routeId === route.json().id && c.missed === 1),
    ).toBe(true);
    const plans = (await planner.request({ method: 'GET', url: '/api/patrol/plans' })).json();
    expect(plans.length).toBeGreaterThanOrEqual(1);
  });

  it('proposes which units cover the demo plan places when', async () => {
    const plans = (await planner.request({ method: 'GET', url: '/api/patrol/plans' })).json();
    const res = await planner.request({
      method: 'POST',
      url: `/api/patrol/plans/${plans[0].id}/proposal`,
      payload: { units: ['P-101', 'P-102'], maxShare: 0.7 },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().coverage).toBe(1);
    expect(res.json().visits.length).toBeGreaterThanOrEqual(4);
    // Half of the 45-minute school windows cannot hold 30 minutes at the school.
    const strict = await planner.request({
      method: 'POST',
      url: `/api/patrol/plans/${plans[0].id}/proposal`,
      payload: { units: ['P-101', 'P-102'] },
    });
    expect(strict.json().uncovered.map((u: { pointId: string }) => u.pointId)).toEqual(['school', 'school']);
    const none = await planner.request({
      method: 'POST',
      url: `/api/patrol/plans/${plans[0].id}/proposal`,
      payload: { units: [' '] },
    });
    expect(none.statusCode).toBe(400);
  });

  it('marks runs abandoned by a stopped node as failed', async () => {
    const db = node.services.database.db;
    const county = (
      await sql<{
        id: string;
        path: string;
      }>`SELECT id, path::text AS path FROM jurisdictions WHERE code = '990101'`.execute(db)
    ).rows[0]!;
    await sql`INSERT INTO patrol_designs (id, name, jurisdiction_id, jurisdiction_path, run_state, parameters, inputs, created_by, updated_at)
      VALUES ('018f0000-0000-7000-8000-000000000001', 'Lost', ${county.id}::uuid, ${county.path}::ltree, 'running',
        '{"timeLimitSeconds": 10}'::jsonb, '{}'::jsonb, 'test', now() - interval '1 hour'),
        ('018f0000-0000-7000-8000-000000000002', 'Live', ${county.id}::uuid, ${county.path}::ltree, 'running',
        '{"timeLimitSeconds": 10}'::jsonb, '{}'::jsonb, 'test', now())`.execute(db);
    expect(await failAbandonedRuns(node.services)).toBe(1);
    const rows = await sql<{
      name: string;
      run_state: string;
    }>`SELECT name, run_state FROM patrol_designs ORDER BY name`.execute(db);
    expect(rows.rows).toEqual([
      { name: 'Live', run_state: 'running' },
      { name: 'Lost', run_state: 'failed' },
    ]);
  });

  it('checks compliance from the AVL positions recorded for the route unit', async () => {
    const unitId = '018f0000-0000-7000-8000-0000000000aa';
    const other = '018f0000-0000-7000-8000-0000000000bb';
    const t = (m: number) => new Date(Date.UTC(2026, 0, 6, 7, m)).toISOString();
    const route = await planner.request({
      method: 'POST',
      url: '/api/patrol/routes',
      payload: {
        name: 'AVL route',
        unitCode: 'P-9',
        unitId,
        checkIns: [
          { id: 'a', lon: 113.85, lat: 22.62, radiusM: 100, windowStart: t(0), windowEnd: t(20) },
          { id: 'b', lon: 113.95, lat: 22.6, radiusM: 100, windowStart: t(30), windowEnd: t(40) },
        ],
      },
    });
    expect(route.json().unitId).toBe(unitId);
    const fix = (id: string, m: number) => ({
      unitId: id,
      lon: 113.85,
      lat: 22.62,
      at: t(m),
      speedKmh: null,
      heading: null,
    });
    await transact(node.services.database, systemActor(), async (tx) => {
      tx.emit(
        'dispatch.unit.positions',
        { positions: [fix(unitId, 2), fix(unitId, 4), fix(other, 4)] },
        { jurisdictionPath: null, permission: null },
      );
    });
    const db = node.services.database.db;
    await expect
      .poll(
        async () =>
          (await sql<{ n: string }>`SELECT count(*) AS n FROM patrol_unit_positions`.execute(db)).rows[0]!.n,
        {
          timeout: 15_000,
        },
      )
      .toBe('2');
    const res = await planner.request({
      method: 'POST',
      url: `/api/patrol/routes/${route.json().id}/compliance`,
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ met: 1, missed: 1, fixesUsed: 2 });
    const purged = await transact(node.services.database, systemActor(), (tx) =>
      positionsRetention.purge(tx, new Date(Date.UTC(2026, 0, 6, 7, 3))),
    );
    expect(purged).toBe(1);
  });
});
