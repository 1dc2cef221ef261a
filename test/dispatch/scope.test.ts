import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/core/identity/actor.ts';
import { createUser } from '../../src/core/identity/user.service.ts';
import { dbKinds } from '../support/databases.ts';
import type { TestClient, TestNode } from '../support/test-node.ts';
import {
  createIncident,
  expectStatus,
  newCall,
  problemCode,
  startDispatchNode,
  unitsByCallSign,
} from './support.ts';

describe.each(dbKinds)('jurisdiction scoping and cross-level command (%s)', (kind) => {
  let node: TestNode;
  let county: TestClient;
  let xishan: TestClient;
  let supervisor: TestClient;
  let donghuIncident: string;
  let xishanIncident: string;
  let units: Map<string, { id: string }>;
  beforeAll(async () => {
    node = await startDispatchNode(kind);
    const j = await sql<{ id: string }>`SELECT id FROM jurisdictions WHERE code = '990101002'`.execute(
      node.services.database.db,
    );
    await createUser(node.services.database, systemActor('test'), {
      username: 'xs-dispatcher',
      displayName: 'Xishan dispatcher',
      password: 'haven-demo',
      roles: ['dispatcher'],
      jurisdictionIds: [j.rows[0]!.id],
    });
    county = await node.signIn('dispatcher');
    xishan = await node.signIn('xs-dispatcher');
    supervisor = await node.signIn('supervisor');
    donghuIncident = await createIncident(county, { lon: 113.85, lat: 22.6 });
    xishanIncident = await createIncident(county, { lon: 113.95, lat: 22.6 });
    units = await unitsByCallSign(county);
  });
  afterAll(async () => node?.close());

  it('a township dispatcher gets 404 for another township incident, everywhere', async () => {
    const urls = [
      `/api/dispatch/incidents/${donghuIncident}`,
      `/api/dispatch/incidents/${donghuIncident}/recommendation`,
    ];
    for (const url of urls) expect((await xishan.request({ url })).statusCode).toBe(404);
    const writes = [
      { url: `/api/dispatch/incidents/${donghuIncident}/transition`, payload: { to: 'queued' } },
      { url: `/api/dispatch/incidents/${donghuIncident}/notes`, payload: { text: 'x' } },
      {
        url: `/api/dispatch/incidents/${donghuIncident}/assignments`,
        payload: { unitId: units.get('XS-P01')!.id },
      },
    ];
    for (const w of writes) {
      const res = await xishan.request({ method: 'POST', ...w });
      expect([res.statusCode, problemCode(res)]).toEqual([404, 'core.not_found']);
    }
    const list = expectStatus<{ items: { id: string }[] }>(
      await xishan.request({ url: '/api/dispatch/incidents' }),
      200,
    );
    const ids = list.items.map((i) => i.id);
    expect(ids).toContain(xishanIncident);
    expect(ids).not.toContain(donghuIncident);
    expect((await xishan.request({ url: `/api/dispatch/incidents/${xishanIncident}` })).statusCode).toBe(200);
  });

  it('sees only its own units and cannot take calls elsewhere', async () => {
    const own = expectStatus<{ items: { callSign: string }[] }>(
      await xishan.request({ url: '/api/dispatch/units' }),
      200,
    );
    expect(own.items.every((u) => u.callSign.startsWith('XS-'))).toBe(true);
    expect((await xishan.request({ url: `/api/dispatch/units/${units.get('DH-P01')!.id}` })).statusCode).toBe(
      404,
    );
    const elsewhere = await xishan.request({
      method: 'POST',
      url: '/api/dispatch/calls',
      payload: newCall({ lon: 113.85, lat: 22.6 }),
    });
    expect([elsewhere.statusCode, problemCode(elsewhere)]).toEqual([400, 'dispatch.outside_scope']);
    const assist = expectStatus<{ duplicates: { incidentId: string }[] }>(
      await xishan.request({ url: '/api/dispatch/assist?lon=113.85&lat=22.6' }),
      200,
    );
    expect(assist.duplicates.map((d) => d.incidentId)).not.toContain(donghuIncident);
  });

  it('mutual aid across townships needs a supervisor and an explicit confirmation', async () => {
    const dh = units.get('DH-P04')!.id;
    const byDispatcher = await county.request({
      method: 'POST',
      url: `/api/dispatch/incidents/${xishanIncident}/assignments`,
      payload: { unitId: dh, mutualAid: true },
    });
    expect([byDispatcher.statusCode, problemCode(byDispatcher)]).toEqual([
      403,
      'dispatch.mutual_aid_forbidden',
    ]);
    const unconfirmed = await supervisor.request({
      method: 'POST',
      url: `/api/dispatch/incidents/${xishanIncident}/assignments`,
      payload: { unitId: dh },
    });
    expect(problemCode(unconfirmed)).toBe('dispatch.mutual_aid_required');
    const ok = expectStatus<{ mutualAid: boolean }>(
      await supervisor.request({
        method: 'POST',
        url: `/api/dispatch/incidents/${xishanIncident}/assignments`,
        payload: { unitId: dh, mutualAid: true },
      }),
      201,
    );
    expect(ok.mutualAid).toBe(true);
    // Cross-level command: the county supervisor dispatches a township unit to a grid-level incident.
    const direct = await supervisor.request({
      method: 'POST',
      url: `/api/dispatch/incidents/${xishanIncident}/assignments`,
      payload: { unitId: units.get('XS-P01')!.id },
    });
    expect(direct.statusCode).toBe(201);
    const county2 = await county.request({
      method: 'POST',
      url: `/api/dispatch/incidents/${xishanIncident}/assignments`,
      payload: { unitId: units.get('CTY-K01')!.id },
    });
    expect(county2.statusCode).toBe(201);
  });
});
