import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isoWeekday, localDayNumber, zonedParts } from '../../src/core/time/zoned-time.ts';
import { dbKinds } from '../support/databases.ts';
import type { TestClient, TestNode } from '../support/test-node.ts';
import { createIncident, expectStatus, problemCode, startDispatchNode } from './support.ts';

interface Unit {
  id: string;
  callSign: string;
  status: string;
  onDuty: boolean;
  onShift: boolean;
  shiftChangesAt: string | null;
}
interface Rec {
  recommendedUnitIds: string[];
  fills: { skipped: { unitId: string; reasons: string[]; explanation: { zh: string; en: string } }[] }[];
}

const ZONE = 'America/Chicago';
/** ISO weekday (1 = Monday) in ZONE. */
const localWeekday = (ms: number) => isoWeekday(localDayNumber(ms, ZONE));

describe.each(dbKinds)('unit shifts (%s)', (kind) => {
  let node: TestNode;
  let taker: TestClient;
  let dispatcher: TestClient;
  let supervisor: TestClient;
  beforeAll(async () => {
    // Shift times are wall-clock times in the node's zone; one far from UTC, with daylight saving.
    node = await startDispatchNode(kind, { HAVEN_LOG_LEVEL: 'error', HAVEN_TIME_ZONE: ZONE });
    taker = await node.signIn('calltaker');
    dispatcher = await node.signIn('dispatcher');
    supervisor = await node.signIn('supervisor');
  });
  afterAll(async () => node?.close());

  const recommendation = async (incidentId: string) =>
    expectStatus<Rec>(
      await dispatcher.request({ url: `/api/dispatch/incidents/${incidentId}/recommendation` }),
      200,
    );
  const unit = async (id: string) =>
    expectStatus<Unit>(await dispatcher.request({ url: `/api/dispatch/units/${id}` }), 200);

  it('skips an off-shift unit with when its shift starts, and refuses to send it without a supervisor', async () => {
    const incidentId = await createIncident(taker);
    const first = (await recommendation(incidentId)).recommendedUnitIds[0]!;
    expect((await unit(first)).onDuty).toBe(true);
    // A shift two days from now (the zone's wall clock): the unit is off shift now.
    const day = ((localWeekday(Date.now()) - 1 + 2) % 7) + 1;
    expectStatus(
      await supervisor.request({
        method: 'PATCH',
        url: `/api/dispatch/units/${first}`,
        payload: { shifts: [{ days: [day], start: '08:00', end: '09:00' }] },
      }),
      200,
    );
    const off = await unit(first);
    expect([off.onDuty, off.onShift, off.status]).toEqual([false, false, 'at_station']);
    expect(Date.parse(off.shiftChangesAt!)).toBeGreaterThan(Date.now() + 86_400_000);
    expect(zonedParts(Date.parse(off.shiftChangesAt!), ZONE)).toMatchObject({ hour: 8, minute: 0 });
    expect(localWeekday(Date.parse(off.shiftChangesAt!))).toBe(day);
    const listed = expectStatus<{ items: Unit[] }>(
      await dispatcher.request({ url: '/api/dispatch/units' }),
      200,
    );
    expect(listed.items.find((u) => u.id === first)?.onDuty).toBe(false);

    const rec = await recommendation(incidentId);
    expect(rec.recommendedUnitIds).not.toContain(first);
    const skipped = rec.fills.flatMap((f) => f.skipped).find((s) => s.unitId === first)!;
    expect(skipped.reasons).toEqual(['off_shift']);
    expect(skipped.explanation.en).toMatch(/off shift until \w+,? 08:00 (CST|CDT|GMT-[56])/);
    expect(skipped.explanation.zh).toContain('不在班次内');

    const url = `/api/dispatch/incidents/${incidentId}/assignments`;
    const refused = await dispatcher.request({ method: 'POST', url, payload: { unitId: first } });
    expect([refused.statusCode, problemCode(refused)]).toEqual([409, 'dispatch.unit_off_shift']);
    expect(refused.json().until).toBe(off.shiftChangesAt);
    const notHis = await dispatcher.request({
      method: 'POST',
      url,
      payload: { unitId: first, shiftOverrideReason: 'nearest by far' },
    });
    expect([notHis.statusCode, problemCode(notHis)]).toEqual([403, 'dispatch.shift_override_forbidden']);
    const empty = await supervisor.request({
      method: 'POST',
      url,
      payload: { unitId: first, shiftOverrideReason: '' },
    });
    expect([empty.statusCode, problemCode(empty)]).toEqual([400, 'core.validation']);
    expect((await unit(first)).status).toBe('at_station');

    expectStatus(
      await supervisor.request({
        method: 'POST',
        url,
        payload: { unitId: first, shiftOverrideReason: 'held over: only unit near' },
      }),
      201,
    );
    const detail = expectStatus<{
      timeline: { kind: string; text: string; details: Record<string, unknown> }[];
    }>(await dispatcher.request({ url: `/api/dispatch/incidents/${incidentId}` }), 200);
    const line = detail.timeline.find((t) => t.kind === 'assigned')!;
    expect(line.text).toContain('outside its shift (override: held over: only unit near)');
    expect(line.details.shiftOverride).toBe('held over: only unit near');
  });
});
