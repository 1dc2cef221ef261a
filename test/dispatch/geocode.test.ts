import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forgetGazetteer } from '../../src/modules/dispatch/geocode.service.ts';
import { dbKinds } from '../support/databases.ts';
import type { TestClient, TestNode } from '../support/test-node.ts';
import { expectStatus, newCall, problemCode, startDispatchNode } from './support.ts';

interface Candidate {
  kind: string;
  label: string;
  lon: number;
  lat: number;
  score: number;
}

describe.each(dbKinds)('address geocoding at call intake (%s)', (kind) => {
  let node: TestNode;
  let taker: TestClient;
  beforeAll(async () => {
    node = await startDispatchNode(kind, { HAVEN_LOG_LEVEL: 'error' });
    taker = await node.signIn('calltaker');
  });
  afterAll(async () => node?.close());

  const lookup = async (q: string) =>
    expectStatus<{ candidates: Candidate[] }>(
      await taker.request({ url: `/api/dispatch/geocode?q=${encodeURIComponent(q)}` }),
      200,
    ).candidates;
  const post = (payload: Record<string, unknown>) =>
    taker.request({ method: 'POST', url: '/api/dispatch/calls', payload });
  const incidentCount = async () =>
    Number(
      (
        await sql<{ n: string }>`SELECT count(*)::text AS n FROM dispatch_incidents`.execute(
          node.services.database.db,
        )
      ).rows[0]!.n,
    );
  const withoutCoordinates = (over: Record<string, unknown>) => {
    const { lon: _lon, lat: _lat, ...rest } = newCall(over);
    return rest;
  };

  it('finds jurisdictions by their Chinese and English names', async () => {
    const zh = await lookup('西山镇');
    expect(zh[0]).toMatchObject({ kind: 'jurisdiction', label: '西山镇 Xishan Town' });
    const en = await lookup('xishan town');
    expect(en[0]?.label).toBe('西山镇 Xishan Town');
    expect(en[0]!.lon).toBeCloseTo(zh[0]!.lon, 6);
    // A town is no place to send a unit to: listed, never taken without asking.
    expect(zh[0]!.score).toBeLessThan(0.9);
  });

  it('finds a road of the demo network, and asks which place when the call gives only its name', async () => {
    const roads = await lookup('经七十八路');
    expect(roads[0]).toMatchObject({ kind: 'road', label: '经78路' });
    const before = await incidentCount();
    const res = await post(withoutCoordinates({ address: '经78路' }));
    expect([res.statusCode, problemCode(res)]).toEqual([422, 'dispatch.address_ambiguous']);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().candidates[0].label).toBe('经78路');
    expect(await incidentCount()).toBe(before);
  });

  it('places a call from an intersection alone and remembers the address as a premise', async () => {
    const [crossing] = await lookup('Jing 78 Rd & Wei 62 Rd');
    expect(crossing).toMatchObject({ kind: 'intersection', label: '经78路 & 纬62路', score: 1 });
    const body = expectStatus<{
      incident: { lon: number; lat: number; address: string };
      geocoded: Candidate;
    }>(await post(withoutCoordinates({ address: '经78路与纬62路交叉口' })), 201);
    expect(body.geocoded.kind).toBe('intersection');
    expect([body.incident.lon, body.incident.lat]).toEqual([crossing!.lon, crossing!.lat]);
    expect(body.incident.address).toBe('经78路与纬62路交叉口');

    await post(newCall({ address: '翠竹花园 3 栋', lon: 113.9531, lat: 22.6123 }));
    forgetGazetteer(node.services.database);
    const premise = await lookup('翠竹花园');
    expect(premise[0]).toMatchObject({
      kind: 'premise',
      label: '翠竹花园 3 栋',
      lon: 113.9531,
      lat: 22.6123,
    });
  });

  it('refuses bad input without creating anything', async () => {
    const before = await incidentCount();
    const none = await post(withoutCoordinates({ address: 'qqqzzz xxyyww' }));
    expect([none.statusCode, problemCode(none)]).toEqual([422, 'dispatch.address_not_found']);
    expect(none.json().candidates).toEqual([]);
    const half = await post({ ...withoutCoordinates({}), lon: 113.95 });
    expect([half.statusCode, problemCode(half)]).toEqual([400, 'dispatch.location_required']);
    const nothing = await post(withoutCoordinates({}));
    expect([nothing.statusCode, problemCode(nothing)]).toEqual([400, 'dispatch.location_required']);
    const empty = await taker.request({ url: '/api/dispatch/geocode?q=' });
    expect([empty.statusCode, problemCode(empty)]).toEqual([400, 'core.validation']);
    const long = await taker.request({ url: `/api/dispatch/geocode?q=${'路'.repeat(201)}` });
    expect(long.statusCode).toBe(400);
    const extra = await taker.request({ url: '/api/dispatch/geocode?q=x&limit=99' });
    expect(extra.statusCode).toBe(400);
    expect(await incidentCount()).toBe(before);
  });
});
