import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbKinds } from '../support/databases.ts';
import type { TestClient, TestNode } from '../support/test-node.ts';
import { expectStatus, newCall, problemCode, startDispatchNode } from './support.ts';

interface Summary {
  id: string;
  beatCode: string | null;
}

describe.each(dbKinds)('patrol beats in force on incidents (%s)', (kind) => {
  let node: TestNode;
  let taker: TestClient;
  let supervisor: TestClient;
  const asked: { lon: number; lat: number; at: Date }[] = [];
  beforeAll(async () => {
    node = await startDispatchNode(kind, { HAVEN_LOG_LEVEL: 'error' });
    // A stand-in for the patrol module's provider: beat 7 west of 113.95, beat 12 east of it.
    node.services.areas.provide('patrol.beats', {
      locate(lon, lat, at) {
        asked.push({ lon, lat, at });
        if (lat > 22.7) return null;
        return lon < 113.95 ? { id: 'b7', code: '7' } : { id: 'b12', code: '12' };
      },
    });
    taker = await node.signIn('calltaker');
    supervisor = await node.signIn('supervisor');
  });
  afterAll(async () => node?.close());

  const create = async (over: Record<string, unknown>) =>
    expectStatus<{ incident: Summary }>(
      await taker.request({ method: 'POST', url: '/api/dispatch/calls', payload: newCall(over) }),
      201,
    ).incident;

  it('records the beat in force at the place and time of the call, and filters by it', async () => {
    const before = Date.now();
    const west = await create({ lon: 113.94, lat: 22.61 });
    const east = await create({ lon: 113.96, lat: 22.61 });
    const none = await create({ lon: 113.96, lat: 22.71 });
    expect([west.beatCode, east.beatCode, none.beatCode]).toEqual(['7', '12', null]);
    const q = asked.find((a) => a.lon === 113.94)!;
    expect(q.lat).toBe(22.61);
    expect(q.at.getTime()).toBeGreaterThanOrEqual(before);

    const detail = expectStatus<{ incident: Summary }>(
      await supervisor.request({ url: `/api/dispatch/incidents/${west.id}` }),
      200,
    );
    expect(detail.incident.beatCode).toBe('7');
    const list = expectStatus<{ items: Summary[] }>(
      await supervisor.request({ url: '/api/dispatch/incidents?beat=12' }),
      200,
    );
    expect(list.items.map((i) => i.id)).toEqual([east.id]);
    const exported = expectStatus<{ items: Summary[] }>(
      await supervisor.request({ url: '/api/dispatch/export?beat=7' }),
      200,
    );
    expect(exported.items.map((i) => i.id)).toEqual([west.id]);
    const csv = await supervisor.request({ url: '/api/dispatch/export?format=csv&beat=7' });
    const [header, row] = csv.body.trim().split('\r\n');
    expect(header!.split(',')).toContain('beatCode');
    expect(row!.split(',')[header!.split(',').indexOf('beatCode')]).toBe('7');

    const wall = expectStatus<{ byBeat: { beatCode: string; open: number }[] }>(
      await supervisor.request({ url: '/api/dispatch/wall' }),
      200,
    );
    expect(wall.byBeat.map((b) => b.beatCode)).toEqual(['7', '12']);
    expect(wall.byBeat.every((b) => b.open >= 1)).toBe(true);
  });

  it('refuses a malformed beat filter', async () => {
    const empty = await supervisor.request({ url: '/api/dispatch/incidents?beat=' });
    expect([empty.statusCode, problemCode(empty)]).toEqual([400, 'core.validation']);
    const long = await supervisor.request({ url: `/api/dispatch/export?beat=${'x'.repeat(41)}` });
    expect(long.statusCode).toBe(400);
  });
});
