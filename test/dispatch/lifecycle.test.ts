import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbKinds } from '../support/databases.ts';
import type { TestClient, TestNode } from '../support/test-node.ts';
import {
  createIncident,
  eventsOf,
  expectStatus,
  problemCode,
  startDispatchNode,
  unitsByCallSign,
} from './support.ts';

interface Incident {
  id: string;
  status: string;
  assignedUnitIds: string[];
  priority: number;
  alarmLevel: number;
  callCount: number;
}
interface Detail {
  incident: Incident;
  timeline: { at: string; kind: string }[];
  assignments: { unitId: string; status: string; acknowledgedAt: string | null }[];
}

describe.each(dbKinds)('incident and unit lifecycle (%s)', (kind) => {
  let node: TestNode;
  let taker: TestClient;
  let disp: TestClient;
  let device: TestClient;
  let units: Map<string, { id: string; status: string }>;
  beforeAll(async () => {
    node = await startDispatchNode(kind);
    taker = await node.signIn('calltaker');
    disp = await node.signIn('dispatcher');
    device = await node.signIn('unit');
    units = await unitsByCallSign(disp);
  });
  afterAll(async () => node?.close());

  const detail = async (id: string) =>
    expectStatus<Detail>(await disp.request({ url: `/api/dispatch/incidents/${id}` }), 200);
  const assign = (incidentId: string, unitId: string, extra: Record<string, unknown> = {}) =>
    disp.request({
      method: 'POST',
      url: `/api/dispatch/incidents/${incidentId}/assignments`,
      payload: { unitId, ...extra },
    });
  const unitStatus = (client: TestClient, unitId: string, status: string) =>
    client.request({ method: 'POST', url: `/api/dispatch/units/${unitId}/status`, payload: { status } });

  it('runs a call from intake to closed through the unit device', async () => {
    const id = await createIncident(taker, { lon: 113.8512, lat: 22.6013, typeCode: 'THEFT' });
    const p01 = units.get('DH-P01')!.id;
    const rec = expectStatus<{ recommendedUnitIds: string[]; satisfied: boolean }>(
      await disp.request({ url: `/api/dispatch/incidents/${id}/recommendation` }),
      200,
    );
    expect(rec.satisfied).toBe(true);
    expect(rec.recommendedUnitIds.length).toBeGreaterThan(0);
    expectStatus(await assign(id, p01), 201);
    expect((await detail(id)).incident.status).toBe('dispatched');

    const mine = expectStatus<{
      unit: { callSign: string };
      incident: { id: string };
      route: { seconds: number; source: string };
    }>(await device.request({ url: '/api/dispatch/me/unit' }), 200);
    expect(mine.unit.callSign).toBe('DH-P01');
    expect(mine.incident.id).toBe(id);
    expect(mine.route.source).toBe('road');
    const ack = expectStatus<{ acknowledgedAt: string }>(
      await device.request({ method: 'POST', url: `/api/dispatch/units/${p01}/acknowledge`, payload: {} }),
      200,
    );
    expect(ack.acknowledgedAt).toBeTruthy();
    expectStatus(await unitStatus(device, p01, 'en_route'), 200);
    expect((await detail(id)).incident.status).toBe('en_route');
    expectStatus(await unitStatus(device, p01, 'on_scene'), 200);
    expect((await detail(id)).incident.status).toBe('on_scene');
    expectStatus(
      await device.request({
        method: 'POST',
        url: `/api/dispatch/units/${p01}/check-in`,
        payload: { note: 'all fine' },
      }),
      200,
    );
    const tooEarly = await disp.request({
      method: 'POST',
      url: `/api/dispatch/incidents/${id}/transition`,
      payload: { to: 'closed', disposition: 'report_taken' },
    });
    expect([tooEarly.statusCode, problemCode(tooEarly)]).toEqual([409, 'dispatch.illegal_transition']);
    expect(tooEarly.json().allowed).toEqual([]);
    const back = expectStatus<{ status: string; incidentId: null }>(
      await unitStatus(device, p01, 'available'),
      200,
    );
    expect(back.status).toBe('available');
    expect(back.incidentId).toBeNull();
    expect((await detail(id)).incident.status).toBe('cleared');
    const closed = expectStatus<Incident>(
      await disp.request({
        method: 'POST',
        url: `/api/dispatch/incidents/${id}/transition`,
        payload: { to: 'closed', disposition: 'report_taken' },
      }),
      200,
    );
    expect(closed.status).toBe('closed');
    expect(closed.assignedUnitIds).toEqual([]);
    const d = await detail(id);
    expect(d.timeline.map((t) => t.kind)).toEqual([
      'call_received',
      'assigned',
      'status',
      'acknowledged',
      'unit_status',
      'status',
      'unit_status',
      'status',
      'check_in',
      'unit_status',
      'status',
      'closed',
    ]);
    const times = d.timeline.map((t) => Date.parse(t.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(d.assignments[0]).toMatchObject({ status: 'cleared' });
  });

  it('refuses a second dispatch of a busy unit and illegal changes, with the allowed states', async () => {
    const a = await createIncident(taker, { lon: 113.9512, lat: 22.6213 });
    const b = await createIncident(taker, { lon: 113.9612, lat: 22.6313 });
    const p02 = units.get('XS-P02')!.id;
    expectStatus(await assign(a, p02), 201);
    const again = await assign(a, p02);
    expect([again.statusCode, problemCode(again)]).toEqual([409, 'dispatch.already_assigned']);
    const busy = await assign(b, p02);
    expect([busy.statusCode, problemCode(busy)]).toEqual([409, 'dispatch.unit_busy']);
    expect(busy.json().incidentId).toBe(a);
    const queue = await disp.request({
      method: 'POST',
      url: `/api/dispatch/incidents/${a}/transition`,
      payload: { to: 'queued' },
    });
    expect([queue.statusCode, problemCode(queue)]).toEqual([409, 'dispatch.illegal_transition']);
    expect(queue.json().allowed).toEqual(['cancelled']);
    const jump = await unitStatus(disp, p02, 'transporting');
    expect(jump.statusCode).toBe(409);
    expect(jump.json().allowed).toEqual(['en_route', 'on_scene', 'available', 'at_station']);
    const noDisposition = await disp.request({
      method: 'POST',
      url: `/api/dispatch/incidents/${b}/transition`,
      payload: { to: 'closed' },
    });
    expect([noDisposition.statusCode, problemCode(noDisposition)]).toEqual([
      400,
      'dispatch.disposition_invalid',
    ]);
    const arrivalNeeded = await disp.request({
      method: 'POST',
      url: `/api/dispatch/incidents/${b}/transition`,
      payload: { to: 'closed', disposition: 'arrest' },
    });
    expect(arrivalNeeded.statusCode).toBe(400);
    const badStatus = await unitStatus(disp, p02, 'flying');
    expect(badStatus.statusCode).toBe(400);
    const viaStatus = await unitStatus(disp, units.get('XS-P03')!.id, 'dispatched');
    expect(problemCode(viaStatus)).toBe('dispatch.use_assignment');

    const cancel = expectStatus<Incident>(
      await disp.request({
        method: 'POST',
        url: `/api/dispatch/incidents/${a}/transition`,
        payload: { to: 'cancelled', cancelReason: 'caller_cancelled' },
      }),
      200,
    );
    expect(cancel.status).toBe('cancelled');
    expect(cancel.assignedUnitIds).toEqual([]);
    const freed = expectStatus<{ status: string }>(
      await disp.request({ url: `/api/dispatch/units/${p02}` }),
      200,
    );
    expect(freed.status).toBe('available');
    const dead = await assign(a, p02);
    expect([dead.statusCode, problemCode(dead)]).toEqual([409, 'dispatch.incident_inactive']);
  });

  it('releases, reassigns, re-prioritises, raises the alarm, notes and merges', async () => {
    const a = await createIncident(taker, { lon: 114.0512, lat: 22.6613, typeCode: 'STRUCTURE_FIRE' });
    const b = await createIncident(taker, { lon: 114.0612, lat: 22.6713 });
    const p = units.get('NG-P03')!.id;
    expectStatus(await assign(a, p), 201);
    const moved = expectStatus<{ incidentId: string; status: string }>(
      await disp.request({
        method: 'POST',
        url: `/api/dispatch/incidents/${a}/assignments/${p}/reassign`,
        payload: { toIncidentId: b, reason: 'higher need' },
      }),
      201,
    );
    expect(moved.incidentId).toBe(b);
    expect((await detail(a)).incident.status).toBe('queued');
    const released = expectStatus<{ status: string }>(
      await disp.request({
        method: 'POST',
        url: `/api/dispatch/incidents/${b}/assignments/${p}/release`,
        payload: { reason: 'not needed' },
      }),
      200,
    );
    expect(released.status).toBe('released');
    const notThere = await disp.request({
      method: 'POST',
      url: `/api/dispatch/incidents/${b}/assignments/${p}/release`,
      payload: { reason: 'x' },
    });
    expect(problemCode(notThere)).toBe('dispatch.unit_not_assigned');

    const noReason = await disp.request({
      method: 'POST',
      url: `/api/dispatch/incidents/${a}/priority`,
      payload: { priority: 2 },
    });
    expect(noReason.statusCode).toBe(400);
    const pri = expectStatus<Incident>(
      await disp.request({
        method: 'POST',
        url: `/api/dispatch/incidents/${a}/priority`,
        payload: { priority: 2, reason: 'fire out' },
      }),
      200,
    );
    expect(pri.priority).toBe(2);
    const lvl = expectStatus<Incident>(
      await disp.request({
        method: 'POST',
        url: `/api/dispatch/incidents/${a}/alarm-level`,
        payload: { level: 2 },
      }),
      200,
    );
    expect(lvl.alarmLevel).toBe(2);
    const tooHigh = await disp.request({
      method: 'POST',
      url: `/api/dispatch/incidents/${a}/alarm-level`,
      payload: { level: 9 },
    });
    expect(problemCode(tooHigh)).toBe('dispatch.invalid_alarm_level');
    expectStatus(
      await disp.request({
        method: 'POST',
        url: `/api/dispatch/incidents/${a}/notes`,
        payload: { text: 'smoke visible' },
      }),
      201,
    );
    expect(
      (
        await taker.request({
          method: 'POST',
          url: `/api/dispatch/incidents/${a}/notes`,
          payload: { text: 'x' },
        })
      ).statusCode,
    ).toBe(403);

    const merged = expectStatus<Incident>(
      await disp.request({
        method: 'POST',
        url: `/api/dispatch/incidents/${b}/merge`,
        payload: { intoIncidentId: a },
      }),
      200,
    );
    expect(merged.callCount).toBe(2);
    expect((await detail(b)).incident.status).toBe('closed');
    const self = await disp.request({
      method: 'POST',
      url: `/api/dispatch/incidents/${a}/merge`,
      payload: { intoIncidentId: a },
    });
    expect(problemCode(self)).toBe('dispatch.merge_invalid');
  });

  it('takes AVL batches, ignoring stale, out-of-order, future and unknown fixes', async () => {
    const u = units.get('DH-M01')!.id;
    const now = Date.now();
    const at = (ms: number) => new Date(now + ms).toISOString();
    const res = expectStatus<{ accepted: number; rejected: { reason: string }[] }>(
      await disp.request({
        method: 'POST',
        url: '/api/dispatch/avl',
        payload: {
          fixes: [
            { unitId: u, lon: 113.86, lat: 22.61, at: at(-20_000) },
            { unitId: u, lon: 113.861, lat: 22.611, at: at(-10_000), speedKmh: 30, heading: 45 },
            { unitId: u, lon: 113.86, lat: 22.61, at: at(-600_000) },
            { unitId: u, lon: 113.86, lat: 22.61, at: at(600_000) },
            { unitId: randomUUID(), lon: 113.86, lat: 22.61, at: at(-1000) },
          ],
        },
      }),
      200,
    );
    expect(res.accepted).toBe(2);
    expect(res.rejected.map((r) => r.reason).sort()).toEqual(['future', 'stale', 'unknown_unit']);
    const late = expectStatus<{ accepted: number; rejected: { reason: string }[] }>(
      await disp.request({
        method: 'POST',
        url: '/api/dispatch/avl',
        payload: { fixes: [{ unitId: u, lon: 113.87, lat: 22.62, at: at(-15_000) }] },
      }),
      200,
    );
    expect(late.rejected.map((r) => r.reason)).toEqual(['out_of_order']);
    const unit = expectStatus<{ position: { lon: number; at: string }; positionStale: boolean }>(
      await disp.request({ url: `/api/dispatch/units/${u}` }),
      200,
    );
    expect(unit.position.lon).toBe(113.861);
    expect(unit.positionStale).toBe(false);
    const pushed = await eventsOf(node, 'dispatch.unit.positions');
    expect(JSON.stringify(pushed.at(-1)?.payload)).toContain(u);
    const other = await device.request({
      method: 'POST',
      url: '/api/dispatch/avl',
      payload: { fixes: [{ unitId: u, lon: 113.86, lat: 22.61, at: at(0) }] },
    });
    expect(other.json().rejected[0].reason).toBe('unknown_unit');
    const outOfRange = await disp.request({
      method: 'POST',
      url: '/api/dispatch/avl',
      payload: { fixes: [{ unitId: u, lon: 181, lat: 22.61, at: at(0) }] },
    });
    expect(outOfRange.statusCode).toBe(400);
    expect(
      (
        await device.request({
          method: 'POST',
          url: `/api/dispatch/units/${u}/status`,
          payload: { status: 'off_duty' },
        })
      ).statusCode,
    ).toBe(404);
  });
});
