import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchContext } from '../../src/modules/dispatch/context.ts';
import { sweepTimers } from '../../src/modules/dispatch/jobs.ts';
import { dbKinds } from '../support/databases.ts';
import type { TestClient, TestNode } from '../support/test-node.ts';
import {
  createIncident,
  eventsOf,
  expectStatus,
  newCall,
  problemCode,
  startDispatchNode,
  unitsByCallSign,
} from './support.ts';

const tiny = { warnSeconds: 1, alertSeconds: 2 };
const row = { '1': tiny, '2': tiny, '3': tiny, '4': tiny };

describe.each(dbKinds)('timers, catalogue, reports and coverage (%s)', (kind) => {
  let node: TestNode;
  let admin: TestClient;
  let sup: TestClient;
  beforeAll(async () => {
    node = await startDispatchNode(kind);
    admin = await node.signIn('admin');
    sup = await node.signIn('supervisor');
  });
  afterAll(async () => node?.close());

  it('edits the catalogue (admin only) and uses a new type at once', async () => {
    const types = expectStatus<{ items: { code: string }[] }>(
      await sup.request({ url: '/api/dispatch/types' }),
      200,
    );
    expect(types.items.length).toBeGreaterThanOrEqual(40);
    const def = {
      name: { zh: '无人机扰航', en: 'Drone intrusion' },
      category: 'public_order',
      defaultPriority: 2,
      plan: [[{ capability: 'patrol', count: 1 }]],
      questions: [{ id: 'where', kind: 'question', text: { zh: '在哪里？', en: 'Where is it?' } }],
      hazards: [],
      externalCodes: { cn110: '0999' },
      nonEmergency: false,
      compatibleWith: ['SUSPICIOUS_ACTIVITY'],
      active: true,
    };
    expect(
      (await sup.request({ method: 'PUT', url: '/api/dispatch/types/DRONE_INTRUSION', payload: def }))
        .statusCode,
    ).toBe(403);
    expectStatus(
      await admin.request({ method: 'PUT', url: '/api/dispatch/types/DRONE_INTRUSION', payload: def }),
      200,
    );
    const bad = await admin.request({
      method: 'PUT',
      url: '/api/dispatch/types/DRONE_INTRUSION',
      payload: { ...def, plan: [[{ capability: 'helicopter', count: 1 }]] },
    });
    expect([bad.statusCode, problemCode(bad)]).toEqual([400, 'dispatch.invalid_catalogue']);
    expect(bad.json().issues.length).toBeGreaterThan(0);
    const c = await node.signIn('calltaker');
    expectStatus(
      await c.request({
        method: 'POST',
        url: '/api/dispatch/calls',
        payload: newCall({ typeCode: 'DRONE_INTRUSION' }),
      }),
      201,
    );
    expect((await eventsOf(node, 'dispatch.catalogue.changed')).length).toBeGreaterThan(0);
    const ref = expectStatus<{ dispositions: unknown[]; unitKinds: unknown[] }>(
      await c.request({ url: '/api/dispatch/reference' }),
      200,
    );
    expect(ref.dispositions.length).toBeGreaterThan(5);
  });

  it('raises each overdue timer and missed check-in once, however many sweeps run', async () => {
    const thresholds = {
      call_to_dispatch: row,
      dispatch_to_en_route: row,
      en_route_to_on_scene: row,
      on_scene_duration: {
        '1': { warnSeconds: 600, alertSeconds: 900 },
        '2': { warnSeconds: 600, alertSeconds: 900 },
        '3': { warnSeconds: 600, alertSeconds: 900 },
        '4': { warnSeconds: 600, alertSeconds: 900 },
      },
      safety_check_in: row,
    };
    expectStatus(
      await admin.request({ method: 'PUT', url: '/api/dispatch/timer-thresholds', payload: thresholds }),
      200,
    );
    const bad = await admin.request({
      method: 'PUT',
      url: '/api/dispatch/timer-thresholds',
      payload: { ...thresholds, safety_check_in: { ...row, '1': { warnSeconds: 5, alertSeconds: 3 } } },
    });
    expect(problemCode(bad)).toBe('dispatch.invalid_thresholds');
    const waiting = await createIncident(sup, { lon: 113.96, lat: 22.6 });
    const scene = await createIncident(sup, { lon: 113.86, lat: 22.6 });
    const unit = (await unitsByCallSign(sup)).get('DH-P03')!.id;
    expectStatus(
      await sup.request({
        method: 'POST',
        url: `/api/dispatch/incidents/${scene}/assignments`,
        payload: { unitId: unit },
      }),
      201,
    );
    expectStatus(
      await sup.request({
        method: 'POST',
        url: `/api/dispatch/units/${unit}/status`,
        payload: { status: 'on_scene' },
      }),
      200,
    );
    await new Promise((r) => setTimeout(r, 2300));
    const ctx = await dispatchContext(node.services);
    await Promise.all([sweepTimers(ctx), sweepTimers(ctx), sweepTimers(ctx)]);
    await sweepTimers(ctx);
    const overdue = (await eventsOf(node, 'dispatch.timer.overdue')).map((e) => e.payload);
    const forWaiting = overdue.filter((p) => p.incidentId === waiting).map((p) => `${p.timer}:${p.level}`);
    expect(forWaiting).toContain('call_to_dispatch:alert');
    expect(new Set(forWaiting).size).toBe(forWaiting.length);
    const missed = (await eventsOf(node, 'dispatch.unit.check_in_missed')).map((e) => e.payload);
    expect(missed.filter((p) => p.unitId === unit)).toHaveLength(1);
    expect(missed[0]).toMatchObject({ incidentId: scene, callSign: 'DH-P03' });
    const list = expectStatus<{
      items: { id: string; overdue: boolean; timers: { timer: string; level: string }[] }[];
    }>(await sup.request({ url: '/api/dispatch/incidents' }), 200);
    const w = list.items.find((i) => i.id === waiting)!;
    expect(w.overdue).toBe(true);
    expect(w.timers.find((t) => t.timer === 'call_to_dispatch')?.level).toBe('alert');
    expectStatus(
      await sup.request({ method: 'POST', url: `/api/dispatch/units/${unit}/check-in`, payload: {} }),
      200,
    );
  });

  it('exports incidents as JSON and CSV, summarises response times and fills the wall', async () => {
    const json = expectStatus<{ items: { number: string }[] }>(
      await sup.request({ url: '/api/dispatch/export' }),
      200,
    );
    expect(json.items.length).toBeGreaterThan(3);
    const csv = await sup.request({ url: '/api/dispatch/export?format=csv' });
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toMatch(/^number,id,status,typeCode/);
    expect(lines).toHaveLength(json.items.length + 1);
    const taker = await node.signIn('calltaker');
    expect((await taker.request({ url: '/api/dispatch/export' })).statusCode).toBe(403);
    const badRange = await sup.request({
      url: '/api/dispatch/export?from=2024-01-01T00:00:00Z&to=2024-03-01T00:00:00Z',
    });
    expect(problemCode(badRange)).toBe('dispatch.bad_range');
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const report = expectStatus<{
      rows: {
        jurisdictionPath: string;
        incidents: number;
        measures: Record<string, { medianSeconds: number } | null>;
      }[];
    }>(await sup.request({ url: `/api/dispatch/reports/response-times?date=${today}` }), 200);
    const county = report.rows.find((r) => r.jurisdictionPath === '990101')!;
    expect(county.incidents).toBeGreaterThan(3);
    expect(county.measures.call_to_dispatch?.medianSeconds).toBeGreaterThanOrEqual(0);
    const wall = expectStatus<{
      byStatus: Record<string, number>;
      byJurisdiction: { path: string; open: number }[];
      overdue: unknown[];
      units: Record<string, number>;
    }>(await sup.request({ url: '/api/dispatch/wall' }), 200);
    expect(wall.byJurisdiction.map((j) => j.path)).toContain('990101.990101001');
    expect(wall.overdue.length).toBeGreaterThan(0);
    expect(Object.values(wall.units).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(33);
  });

  it('maps places beyond N minutes of any available unit and suggests move-ups', async () => {
    const cov = expectStatus<{
      cells: { type: string; features: { properties: { h3: string } }[] };
      coveredShare: number;
      moveUps: { unitId: string; gainCells: number }[];
    }>(await sup.request({ url: '/api/dispatch/coverage?minutes=2&capability=patrol' }), 200);
    expect(cov.cells.type).toBe('FeatureCollection');
    expect(cov.cells.features.length).toBeGreaterThan(0);
    expect(cov.coveredShare).toBeGreaterThan(0);
    expect(cov.coveredShare).toBeLessThan(1);
    expect(cov.moveUps.length).toBeGreaterThan(0);
    expect(cov.moveUps[0]!.gainCells).toBeGreaterThan(0);
    const wide = expectStatus<{ coveredShare: number }>(
      await sup.request({ url: '/api/dispatch/coverage?minutes=30' }),
      200,
    );
    expect(wide.coveredShare).toBeGreaterThan(cov.coveredShare);
  });
});
