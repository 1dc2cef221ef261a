// Workload from history on a real database: closed incidents made through dispatch and incidents
// imported through analysis, in the design's area, period, types and the planner's scope.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIncident, expectStatus, unitsByCallSign } from '../../../test/dispatch/support.ts';
import { dbKinds } from '../../../test/support/databases.ts';
import { startTestNode, type TestClient, type TestNode } from '../../../test/support/test-node.ts';
import { type Actor, systemActor } from '../../core/identity/actor.ts';
import { analysisModule, importIncidentsCsv, parseMappingSpec } from '../analysis/index.ts';
import { closedIncidentHistory, dispatchModule } from '../dispatch/index.ts';
import { routingModule } from '../routing/index.ts';
import { areaOf } from './design.service.ts';
import { historyWorkload } from './history-workload.ts';
import { patrolModule } from './patrol.module.ts';

const WEST = { lon: 113.8512, lat: 22.6013 };
const EAST = { lon: 114.05, lat: 22.66 };

describe.each(dbKinds)('design workload from history on %s', (kind) => {
  let node: TestNode;
  let planner: TestClient;
  let county: string;
  let from: string;
  let to: string;
  let westPath: string;
  let timedMinutes: number;

  const closeIt = (disp: TestClient, id: string, disposition = 'advised') =>
    disp.request({
      method: 'POST',
      url: `/api/dispatch/incidents/${id}/transition`,
      payload: { to: 'closed', disposition },
    });

  beforeAll(async () => {
    node = await startTestNode(kind, {
      modules: [routingModule, dispatchModule, analysisModule, patrolModule],
    });
    planner = await node.signIn('supervisor');
    const taker = await node.signIn('calltaker');
    const disp = await node.signIn('dispatcher');
    const db = node.services.database.db;
    county = (await sql<{ id: string }>`SELECT id FROM jurisdictions WHERE code = '990101'`.execute(db))
      .rows[0]!.id;
    westPath = node.services.jurisdictions
      .locateAll(WEST.lon, WEST.lat)
      .find((j) => j.level === 'township')!.path;
    expect(node.services.jurisdictions.locate(EAST.lon, EAST.lat)!.path.startsWith(westPath)).toBe(false);
    from = new Date(Date.now() - 1000).toISOString();

    // Dispatch: one theft worked on scene by a unit, two closed at once, one still open.
    const worked = await createIncident(taker, { ...WEST, typeCode: 'THEFT' });
    const p01 = (await unitsByCallSign(disp)).get('DH-P01')!.id;
    expectStatus(
      await disp.request({
        method: 'POST',
        url: `/api/dispatch/incidents/${worked}/assignments`,
        payload: { unitId: p01 },
      }),
      201,
    );
    for (const status of ['en_route', 'on_scene', 'available']) {
      expectStatus(
        await disp.request({ method: 'POST', url: `/api/dispatch/units/${p01}/status`, payload: { status } }),
        200,
      );
    }
    expectStatus(await closeIt(disp, worked, 'report_taken'), 200);
    for (const at of [WEST, EAST]) {
      const id = await createIncident(taker, { ...at, typeCode: 'TRAFFIC_ACCIDENT_INJURY' });
      expectStatus(await closeIt(disp, id), 200);
    }
    await createIncident(taker, { ...EAST, typeCode: 'THEFT' });
    const t = await sql<{ m: number }>`SELECT extract(epoch FROM (cleared_at - on_scene_at)) / 60.0 AS m
      FROM dispatch_incidents WHERE id = ${worked}::uuid`.execute(db);
    timedMinutes = Math.max(1, Number(t.rows[0]!.m));

    // Analysis: three imported in the period (one outside the county), one long before it.
    const soon = new Date(Date.now() + 60_000).toISOString();
    const csv = [
      'time,lat,lon,type',
      `${soon},${WEST.lat + 0.001},${WEST.lon},THEFT`,
      `${soon},${EAST.lat},${EAST.lon + 0.001},burglary`,
      `${soon},30.0,120.0,THEFT`,
      `2020-01-01T00:00:00Z,${EAST.lat},${EAST.lon},THEFT`,
    ].join('\n');
    const report = await importIncidentsCsv(node.services, systemActor('test'), csv, 'history.csv', {
      mapping: parseMappingSpec('time=time,lat=lat,lon=lon,type=type'),
    });
    expect(report.imported).toBe(4);
    to = new Date(Date.now() + 3_600_000).toISOString();
  }, 60_000);
  afterAll(async () => {
    await node?.close();
  });

  it('designs from closed dispatch incidents and imported ones in the period', async () => {
    const res = await planner.request({
      method: 'POST',
      url: '/api/patrol/designs',
      payload: {
        name: 'From history',
        jurisdictionId: county,
        beats: 4,
        resolution: 7,
        timeLimitSeconds: 10,
        workload: { source: 'history', from, to },
      },
    });
    expect(res.statusCode).toBe(202);
    const id = res.json().id as string;
    expect(res.json().parameters.workload).toMatchObject({ source: 'history', incidents: 5, from, to });
    const row = await sql<{
      inputs: {
        incidents: { type: string; weight?: number; time: number }[];
        onSceneMinutes: Record<string, number>;
      };
    }>`SELECT inputs FROM patrol_designs WHERE id = ${id}::uuid`.execute(node.services.database.db);
    const { incidents, onSceneMinutes } = row.rows[0]!.inputs;
    // 3 closed (the open one left out) + 2 imported in the county and period.
    expect(incidents.map((i) => i.type).sort()).toEqual(
      ['THEFT', 'THEFT', 'TRAFFIC_ACCIDENT_INJURY', 'TRAFFIC_ACCIDENT_INJURY', 'burglary'].sort(),
    );
    expect(incidents.filter((i) => i.weight !== undefined).map((i) => i.weight)).toEqual([timedMinutes]);
    // Types never timed weigh the mean of the timed ones.
    expect(onSceneMinutes).toEqual({
      THEFT: timedMinutes,
      TRAFFIC_ACCIDENT_INJURY: timedMinutes,
      burglary: timedMinutes,
    });
    expect(incidents.every((i) => i.time >= Date.parse(from) && i.time < Date.parse(to))).toBe(true);
    let d = res.json();
    for (let k = 0; k < 200 && d.runState === 'running'; k++) {
      await new Promise((r) => setTimeout(r, 200));
      d = (await planner.request({ method: 'GET', url: `/api/patrol/designs/${id}` })).json();
    }
    expect(d.runState).toBe('done');
    expect(d.quality.workload.total).toBeCloseTo(5 * timedMinutes, 6);
    expect(d.quality.replay.count).toBe(5);

    // The current beats, imported, are measured on the same history: same workload, same replay.
    const fc = (await planner.request({ method: 'GET', url: `/api/patrol/designs/${id}/geojson` })).json();
    const current = await planner.request({
      method: 'POST',
      url: '/api/patrol/designs/import',
      payload: {
        name: 'Current',
        jurisdictionId: county,
        geojson: fc,
        resolution: 7,
        workload: { source: 'history', from, to },
      },
    });
    expect(current.statusCode).toBe(201);
    expect(current.json().parameters.workload).toMatchObject({ source: 'history', incidents: 5 });
    expect(current.json().quality.workload.total).toBeCloseTo(d.quality.workload.total, 6);
    expect(current.json().quality.replay.histogram.counts).toEqual(d.quality.replay.histogram.counts);
  }, 60_000);

  it('filters by type and source, and keeps to the planner scope', async () => {
    const area = await areaOf(node.services.database, systemActor(), county);
    const thefts = await historyWorkload(node.services.database, systemActor(), area, {
      source: 'history',
      from,
      to,
      types: ['THEFT'],
    });
    expect(thefts.counts).toEqual({ dispatch: 1, imported: 1, timed: 1 });
    const imported = await historyWorkload(node.services.database, systemActor(), area, {
      source: 'history',
      from,
      to,
      sources: ['imported'],
    });
    expect(imported.counts).toEqual({ dispatch: 0, imported: 2, timed: 0 });
    expect(imported.onSceneMinutes).toEqual({});
    const west: Actor = { ...systemActor(), kind: 'user', scopes: [westPath] };
    const mine = await closedIncidentHistory(node.services.database, west, {
      from: new Date(from),
      to: new Date(to),
      within: area.path,
    });
    expect(mine).toHaveLength(2);
    // Place, time and type only: nothing about callers.
    expect(Object.keys(mine[0]!).sort()).toEqual(['lat', 'lon', 'onSceneMinutes', 'time', 'type']);
    const westHistory = await historyWorkload(node.services.database, west, area, {
      source: 'history',
      from,
      to,
    });
    expect(westHistory.counts).toEqual({ dispatch: 2, imported: 1, timed: 1 });
  });

  it('rejects a backwards period and an empty history with problem+json, storing nothing', async () => {
    const count = async () =>
      Number(
        (
          await sql<{ n: string }>`SELECT count(*) AS n FROM patrol_designs`.execute(
            node.services.database.db,
          )
        ).rows[0]!.n,
      );
    const before = await count();
    const post = (workload: Record<string, unknown>) =>
      planner.request({
        method: 'POST',
        url: '/api/patrol/designs',
        payload: { name: 'Bad', jurisdictionId: county, beats: 3, resolution: 7, workload },
      });
    const backwards = await post({ source: 'history', from: to, to: from });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.headers['content-type']).toContain('application/problem+json');
    expect(backwards.json().type).toContain('patrol.bad_period');
    const empty = await post({ source: 'history', from: '2001-01-01T00:00:00Z', to: '2001-02-01T00:00:00Z' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().type).toContain('patrol.empty_history');
    const badSource = await post({ source: 'history', from, to, sources: ['rumours'] });
    expect(badSource.statusCode).toBe(400);
    const both = await planner.request({
      method: 'POST',
      url: '/api/patrol/designs/import',
      payload: {
        name: 'Both',
        jurisdictionId: county,
        geojson: {
          type: 'FeatureCollection',
          features: [
            {
              type: 'Feature',
              id: 'all',
              properties: {},
              geometry: {
                type: 'Polygon',
                coordinates: [
                  [
                    [113.7, 22.4],
                    [114.2, 22.4],
                    [114.2, 22.8],
                    [113.7, 22.8],
                    [113.7, 22.4],
                  ],
                ],
              },
            },
          ],
        },
        incidents: [{ lon: WEST.lon, lat: WEST.lat }],
        workload: { source: 'synthetic' },
      },
    });
    expect(both.statusCode).toBe(400);
    expect(both.json().type).toContain('patrol.import_workload');
    expect(await count()).toBe(before);
  });
});
