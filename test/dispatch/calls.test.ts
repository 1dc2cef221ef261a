import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { purgeExpired } from '../../src/core/privacy/retention.ts';
import { callerRetention } from '../../src/modules/dispatch/jobs.ts';
import { dbKinds } from '../support/databases.ts';
import type { TestClient, TestNode } from '../support/test-node.ts';
import { eventsOf, expectStatus, newCall, problemCode, startDispatchNode } from './support.ts';

interface CallResult {
  call: { id: string; incidentId: string | null; handling: string; hasCaller: boolean };
  incident: {
    id: string;
    status: string;
    callCount: number;
    number: string;
    jurisdictionPath: string;
  } | null;
  referral: { id: string; target: string } | null;
  duplicates: { incidentId: string; typeMatch: string }[];
}

describe.each(dbKinds)('call intake (%s)', (kind) => {
  let node: TestNode;
  let taker: TestClient;
  beforeAll(async () => {
    node = await startDispatchNode(kind, { HAVEN_LOG_LEVEL: 'error' });
    taker = await node.signIn('calltaker');
  });
  afterAll(async () => node?.close());

  const post = (payload: Record<string, unknown>) =>
    taker.request({ method: 'POST', url: '/api/dispatch/calls', payload });

  it('creates an incident with a timeline, visible to the dispatcher and pushed as events', async () => {
    const body = expectStatus<CallResult>(
      await post(newCall({ callerName: '张三', callerPhone: '13800000000' })),
      201,
    );
    expect(body.incident?.status).toBe('new');
    expect(body.incident?.number).toMatch(/^I-\d{6}$/);
    expect(body.incident?.jurisdictionPath).toMatch(/^990101\.990101002/);
    expect(body.call.hasCaller).toBe(true);
    expect(JSON.stringify(body)).not.toContain('13800000000');
    const d = await node.signIn('dispatcher');
    const detail = expectStatus<{ timeline: { kind: string }[]; calls: unknown[]; allowed: string[] }>(
      await d.request({ url: `/api/dispatch/incidents/${body.incident!.id}` }),
      200,
    );
    expect(detail.timeline.map((t) => t.kind)).toEqual(['call_received']);
    expect(detail.calls).toHaveLength(1);
    expect(detail.allowed).toEqual(['queued', 'closed', 'cancelled']);
    // The event carries what the answer does, the number and names filled in by the database.
    const created = await eventsOf(node, 'dispatch.incident.created');
    const event = created.find((e) => e.payload.id === body.incident!.id)!;
    expect(event.payload).toEqual(
      JSON.parse(JSON.stringify({ ...body.incident, timers: event.payload.timers })),
    );
    expect((event.payload as { jurisdictionName: { en: string } | null }).jurisdictionName?.en).toBeTruthy();
  });

  it('replays the same answer for a repeated idempotency key and refuses a reused one', async () => {
    const call = newCall();
    const first = expectStatus<CallResult>(await post(call), 201);
    const again = await post(call);
    expect(again.statusCode).toBe(200);
    expect(again.headers['idempotent-replay']).toBe('true');
    expect(again.json().incident.id).toBe(first.incident!.id);
    const reused = await post({ ...call, narrative: 'something else' });
    expect(reused.statusCode).toBe(409);
    expect(problemCode(reused)).toBe('dispatch.idempotency_conflict');
  });

  it('refuses bad input with clear problems', async () => {
    const outside = await post(newCall({ lon: 116.4, lat: 39.9 }));
    expect([outside.statusCode, problemCode(outside)]).toEqual([400, 'dispatch.outside_area']);
    const unknown = await post(newCall({ typeCode: 'NO_SUCH_TYPE' }));
    expect([unknown.statusCode, problemCode(unknown)]).toEqual([400, 'dispatch.unknown_incident_type']);
    const range = await post(newCall({ lon: 200 }));
    expect([range.statusCode, problemCode(range)]).toEqual([400, 'core.validation']);
    const lat = await post(newCall({ lat: -91 }));
    expect(lat.statusCode).toBe(400);
    const override = await post(newCall({ priority: 4 }));
    expect([override.statusCode, problemCode(override)]).toEqual([400, 'dispatch.reason_required']);
    const extra = await post({ ...newCall(), ssn: 'x' });
    expect(extra.statusCode).toBe(400);
    const ok = await post(newCall({ priority: 4, priorityReason: 'caller says nobody is hurt' }));
    expect(ok.statusCode).toBe(201);
  });

  it('refers a non-emergency call (stored, with an event) and refuses to refer an emergency', async () => {
    const res = expectStatus<CallResult>(
      await post(newCall({ typeCode: 'NOISE_COMPLAINT', handling: 'referral', narrative: 'loud music' })),
      201,
    );
    expect(res.incident).toBeNull();
    expect(res.referral?.target).toBe('grid');
    const events = await eventsOf(node, 'dispatch.call.referred');
    expect(events.at(-1)?.payload).toMatchObject({
      callId: res.call.id,
      typeCode: 'NOISE_COMPLAINT',
      narrative: 'loud music',
    });
    const refused = await post(newCall({ handling: 'referral' }));
    expect([refused.statusCode, problemCode(refused)]).toEqual([400, 'dispatch.not_referable']);
  });

  it('offers duplicates and premise history while typing, and merges a further call', async () => {
    const place = { lon: 114.0101, lat: 22.7012 };
    const first = expectStatus<CallResult>(
      await post(newCall({ ...place, typeCode: 'FIGHT_IN_PROGRESS' })),
      201,
    );
    const near = { lon: 114.0105, lat: 22.7015 };
    const assist = expectStatus<{ jurisdiction: { path: string }; duplicates: { incidentId: string }[] }>(
      await taker.request({ url: `/api/dispatch/assist?lon=${near.lon}&lat=${near.lat}&typeCode=ASSAULT` }),
      200,
    );
    expect(assist.jurisdiction.path).toMatch(/^990101\.990101003/);
    expect(assist.duplicates[0]?.incidentId).toBe(first.incident!.id);
    const merged = expectStatus<CallResult>(
      await post(newCall({ ...near, typeCode: 'ASSAULT', mergeIntoIncidentId: first.incident!.id })),
      201,
    );
    expect(merged.call.handling).toBe('merged');
    expect(merged.incident?.id).toBe(first.incident!.id);
    expect(merged.incident?.callCount).toBe(2);
    const premise = expectStatus<{
      premise: { incidents: unknown[]; hazards: { kind: string }[]; countsByType: Record<string, number> };
    }>(await taker.request({ url: '/api/dispatch/assist?lon=113.8412&lat=22.5321' }), 200);
    expect(premise.premise.countsByType.DISPUTE_FAMILY).toBe(3);
    expect(premise.premise.hazards.map((h) => h.kind)).toContain('dangerous_animal');
    const outside = expectStatus<{ jurisdiction: unknown }>(
      await taker.request({ url: '/api/dispatch/assist?lon=100&lat=10' }),
      200,
    );
    expect(outside.jurisdiction).toBeNull();
  });

  it('reads caller details only with a purpose, audited; purges them after retention', async () => {
    const res = expectStatus<CallResult>(
      await post(newCall({ callerName: '李四', callerPhone: '13900000001' })),
      201,
    );
    const url = `/api/dispatch/calls/${res.call.id}/caller`;
    const noPurpose = await taker.request({ url });
    expect([noPurpose.statusCode, problemCode(noPurpose)]).toEqual([400, 'privacy.purpose_required']);
    const read = expectStatus<{ callerName: string; callerPhone: string; purged: boolean }>(
      await taker.request({ url: `${url}?purpose=callback` }),
      200,
    );
    expect(read).toEqual({ callerName: '李四', callerPhone: '13900000001', purged: false });
    const audit = await sql<{ purpose: string; actor_name: string }>`
      SELECT purpose, actor_name FROM audit_log WHERE target_type = 'call' AND target_id = ${res.call.id}
        AND purpose IS NOT NULL`.execute(node.services.database.db);
    expect(audit.rows).toEqual([{ purpose: 'callback', actor_name: 'calltaker' }]);
    const unit = await node.signIn('unit');
    expect((await unit.request({ url: `${url}?purpose=callback` })).statusCode).toBe(403);

    const db = node.services.database.db;
    await sql`UPDATE dispatch_incidents SET status = 'closed' WHERE id = ${res.incident!.id}`.execute(db);
    await sql`UPDATE dispatch_calls SET received_at = now() - interval '400 days' WHERE id = ${res.call.id}`.execute(
      db,
    );
    const purged = await purgeExpired(node.services.database, [callerRetention], 365);
    expect(purged.dispatch_calls).toBeGreaterThanOrEqual(1);
    const after = expectStatus<{ callerName: null; purged: boolean }>(
      await taker.request({ url: `${url}?purpose=callback` }),
      200,
    );
    expect(after).toEqual({ callerName: null, callerPhone: null, purged: true });
  });

  it('404s a call that does not exist', async () => {
    const res = await taker.request({ url: `/api/dispatch/calls/${randomUUID()}/caller?purpose=callback` });
    expect(res.statusCode).toBe(404);
  });
});
