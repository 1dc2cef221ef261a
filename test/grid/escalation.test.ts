import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gridDeps, manualClock, runGridJobs } from '../../src/modules/grid/index.ts';
import { dbKinds } from '../support/databases.ts';
import type { TestClient, TestNode } from '../support/test-node.ts';
import { addUser, demoPoint, startGridNode } from './helpers.ts';

// Monday 2 November 2026, 09:00 in Asia/Shanghai (UTC+8): the start of a working day.
const MONDAY_9 = '2026-11-02T01:00:00Z';
const at = (iso: string) => new Date(iso);

describe.each(dbKinds)('deadlines, reminders and escalation with a controllable clock on %s', (kind) => {
  const clock = manualClock(MONDAY_9);
  let node: TestNode;
  let township: TestClient;
  let n = 0;
  const report = (body: Record<string, unknown>) =>
    node.app.inject({
      method: 'POST',
      url: '/api/public/grid/requests',
      payload: body,
      remoteAddress: `10.5.0.${++n}`,
    });
  const sweep = (iso: string) => {
    clock.set(iso);
    return runGridJobs(gridDeps(node.services, clock.now), at(iso));
  };
  const timeline = async (publicId: string) =>
    (await township.request({ url: `/api/grid/requests/${publicId}` })).json().timeline as {
      kind: string;
      details: Record<string, unknown>;
    }[];

  beforeAll(async () => {
    node = await startGridNode(kind, { clock: clock.now });
    await addUser(node, 'centre-v', 'service_centre', '990101001001');
    township = await node.signIn('centre');
  });
  afterAll(async () => node?.close());

  it('reminds at 50 % and 80 % and escalates up the tree at the deadline and each interval after', async () => {
    clock.set(MONDAY_9);
    // hazard: 8 working hours, escalation every 4 working hours; working day 09-12, 13-18.
    const r = (
      await report({ serviceCode: 'hazard', ...demoPoint(1, 1, 1), description: 'Loose cable' })
    ).json();
    expect(r.deadline).toBe('2026-11-02T10:00:00.000Z'); // Monday 18:00 local

    const count = async (kind: string) => (await timeline(r.publicId)).filter((e) => e.kind === kind).length;
    await sweep('2026-11-02T05:59:00Z');
    expect(await count('reminder')).toBe(0);
    await sweep('2026-11-02T06:00:00Z'); // 14:00: 4 of 8 hours used
    expect(await count('reminder')).toBe(1);
    await sweep('2026-11-02T08:24:00Z'); // 16:24: 6.4 of 8 hours used
    expect(await count('reminder')).toBe(2);
    await sweep('2026-11-02T08:30:00Z');
    await sweep('2026-11-02T09:59:59Z');
    expect(await count('reminder')).toBe(2);
    expect(await count('escalated')).toBe(0);
    await sweep('2026-11-02T10:00:00Z');
    expect(await count('escalated')).toBe(1);

    let tl = await timeline(r.publicId);
    expect(tl.filter((e) => e.kind === 'reminder').map((e) => e.details.fraction)).toEqual([0.5, 0.8]);
    const first = tl.find((e) => e.kind === 'escalated')!;
    expect(first.details).toMatchObject({ level: 1, to: '990101.990101001.990101001001' });

    // Overnight nothing happens: the next level is 4 working hours later, Tuesday 14:00.
    await sweep('2026-11-03T01:00:00Z');
    await sweep('2026-11-03T05:59:00Z');
    expect(await count('escalated')).toBe(1);
    await sweep('2026-11-03T06:00:00Z');
    expect(await count('escalated')).toBe(2);
    tl = await timeline(r.publicId);
    expect(tl.filter((e) => e.kind === 'escalated').map((e) => e.details.to)).toEqual([
      '990101.990101001.990101001001',
      '990101.990101001',
    ]);
    const queue = (await township.request({ url: '/api/grid/requests?escalated=true&overdue=true' })).json();
    expect(queue.items.map((i: { publicId: string }) => i.publicId)).toContain(r.publicId);
    expect(queue.items.find((i: { publicId: string }) => i.publicId === r.publicId).escalationLevel).toBe(2);
    const events = await sql<{
      n: string;
    }>`SELECT count(*) AS n FROM events WHERE type = 'grid.request.escalated'
      AND payload->>'publicId' = ${r.publicId}`.execute(node.services.database.db);
    expect(Number(events.rows[0]!.n)).toBe(2);

    // Resolving stops the clock: no more escalation.
    const admin = await node.signIn('admin');
    clock.set('2026-11-03T07:00:00Z');
    await admin.request({
      method: 'POST',
      url: `/api/grid/requests/${r.publicId}/actions`,
      payload: { action: 'accept' },
    });
    await admin.request({
      method: 'POST',
      url: `/api/grid/requests/${r.publicId}/actions`,
      payload: { action: 'resolve', reply: 'Made safe' },
    });
    await sweep('2026-11-04T10:00:00Z');
    expect(await count('escalated')).toBe(2);
    const view = (await township.request({ url: `/api/grid/requests/${r.publicId}` })).json();
    expect(view).toMatchObject({ state: 'resolved', closedOnTime: false, escalationLevel: 2 });
  });

  it('stops the clock while waiting for the reporter and extends the deadline by the pause', async () => {
    clock.set(MONDAY_9);
    const r = (await report({ serviceCode: 'hazard', ...demoPoint(1, 1, 2) })).json();
    const admin = await node.signIn('admin');
    await admin.request({
      method: 'POST',
      url: `/api/grid/requests/${r.publicId}/actions`,
      payload: { action: 'accept' },
    });
    clock.set('2026-11-02T02:00:00Z'); // 10:00: one working hour used
    const ask = await admin.request({
      method: 'POST',
      url: `/api/grid/requests/${r.publicId}/actions`,
      payload: { action: 'request_info', note: 'Which pole exactly?' },
    });
    expect(ask.json().state).toBe('waiting_reporter');
    // A week passes while paused: no reminders, no escalation.
    await sweep('2026-11-09T10:00:00Z');
    const paused = await timeline(r.publicId);
    expect(paused.filter((e) => e.kind === 'reminder' || e.kind === 'escalated')).toEqual([]);
    const reply = await node.app.inject({
      method: 'POST',
      url: `/api/public/grid/follow/${r.token}/reply`,
      payload: { note: 'The one by the school gate' },
      remoteAddress: '10.5.1.1',
    });
    expect(reply.statusCode).toBe(204);
    // Resumed Monday 9 Nov 18:00 local -> 7 working hours left -> Tuesday 10 Nov 17:00 local.
    const view = (await township.request({ url: `/api/grid/requests/${r.publicId}` })).json();
    expect(view.state).toBe('in_progress');
    expect(view.deadline).toBe('2026-11-10T09:00:00.000Z');
  });

  it('counts working days across public holidays and make-up working days', async () => {
    // Wednesday 30 September 2026, 17:00 local; 1 October to 7 October are holidays.
    clock.set('2026-09-30T09:00:00Z');
    const r = (await report({ serviceCode: 'garbage', ...demoPoint(1, 1, 3) })).json();
    // One working day after the day of receipt: Thursday 8 October, end of the working day.
    expect(r.deadline).toBe('2026-10-08T10:00:00.000Z');
    // Friday 9 October, 17:00; Saturday 10 October is a make-up working day.
    clock.set('2026-10-09T09:00:00Z');
    const s = (await report({ serviceCode: 'garbage', ...demoPoint(1, 1, 3) })).json();
    expect(s.deadline).toBe('2026-10-10T10:00:00.000Z');
  });

  it('never escalates twice when several nodes sweep at the same time', async () => {
    clock.set(MONDAY_9);
    const r = (await report({ serviceCode: 'hazard', ...demoPoint(1, 1, 4) })).json();
    const deps = gridDeps(node.services, clock.now);
    const when = at('2026-11-02T10:00:00Z');
    await Promise.all([runGridJobs(deps, when), runGridJobs(deps, when), runGridJobs(deps, when)]);
    const tl = await timeline(r.publicId);
    expect(tl.filter((e) => e.kind === 'escalated')).toHaveLength(1);
    expect(tl.filter((e) => e.kind === 'reminder')).toHaveLength(2);
  });

  it('closes resolved requests after the reopen window, unless the reporter reopened them', async () => {
    clock.set(MONDAY_9);
    const r = (await report({ serviceCode: 'streetlight', ...demoPoint(1, 1, 5) })).json();
    const admin = await node.signIn('admin');
    await admin.request({
      method: 'POST',
      url: `/api/grid/requests/${r.publicId}/actions`,
      payload: { action: 'accept' },
    });
    await admin.request({
      method: 'POST',
      url: `/api/grid/requests/${r.publicId}/actions`,
      payload: { action: 'resolve', reply: 'New bulb' },
    });
    clock.set('2026-11-10T01:00:00Z'); // 8 days later: the window has passed
    const late = await node.app.inject({
      method: 'POST',
      url: `/api/public/grid/follow/${r.token}/reopen`,
      payload: { reason: 'Still dark' },
      remoteAddress: '10.5.1.2',
    });
    expect(late.statusCode).toBe(409);
    expect((await sweep('2026-11-10T01:00:00Z')).autoClosed).toBeGreaterThanOrEqual(1);
    const view = (await township.request({ url: `/api/grid/requests/${r.publicId}` })).json();
    expect(view.state).toBe('closed');
  });
});
