import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type RunningNode, startNode } from '../../src/app/node.ts';
import { loadConfig } from '../../src/core/config/config.ts';
import { TEST_ADMIN_PASSWORD } from '../support/haven-process.ts';
import type { TestNode } from '../support/test-node.ts';
import { createIncident, dispatchModules, expectStatus, problemCode, startDispatchNode } from './support.ts';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

async function signInOn(app: RunningNode['app'], username: string) {
  const res = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password: 'haven-demo' },
  });
  const cookie = `haven_session=${res.cookies.find((c) => c.name === 'haven_session')!.value}`;
  const csrf = res.json().csrfToken as string;
  return (method: 'POST' | 'GET', url: string, payload?: unknown) =>
    app.inject({
      method,
      url,
      payload: payload as Record<string, unknown>,
      headers: { cookie, 'x-csrf-token': csrf },
    });
}

// Two dispatchers on two nodes (two connection pools) on one PostgreSQL send the same unit at once.
describe.skipIf(!process.env.HAVEN_TEST_DATABASE_URL)(
  'one unit on at most one active incident (PostgreSQL)',
  () => {
    let a: TestNode;
    let b: RunningNode;
    beforeAll(async () => {
      a = await startDispatchNode('postgres');
      const config = loadConfig({
        HAVEN_PORT: '0',
        HAVEN_DATA_DIR: `${a.fresh.dataDir}/b`,
        HAVEN_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD,
        HAVEN_LOG_LEVEL: 'silent',
        HAVEN_DATABASE_URL: a.fresh.databaseUrl!,
      });
      b = await startNode(config, dispatchModules, silent);
    });
    afterAll(async () => {
      await b?.stop();
      await a?.close();
    });

    it('two dispatchers, same unit, same instant: exactly one wins, the other gets 409', async () => {
      const onA = await a.signIn('dispatcher');
      const onB = await signInOn(b.app, 'dispatcher');
      const units = expectStatus<{ items: { id: string; callSign: string }[] }>(
        await onA.request({ url: '/api/dispatch/units' }),
        200,
      );
      const patrols = units.items.filter((u) => /^DH-P0\d$/.test(u.callSign));
      for (let round = 0; round < 12; round++) {
        const unit = patrols[round % patrols.length]!;
        const i1 = await createIncident(onA, { lon: 113.82 + round * 0.001, lat: 22.6 });
        const i2 = await createIncident(onA, { lon: 113.87 + round * 0.001, lat: 22.65 });
        const [r1, r2] = await Promise.all([
          onA.request({
            method: 'POST',
            url: `/api/dispatch/incidents/${i1}/assignments`,
            payload: { unitId: unit.id, mutualAid: false },
          }),
          onB('POST', `/api/dispatch/incidents/${i2}/assignments`, { unitId: unit.id }),
        ]);
        const codes = [r1.statusCode, r2.statusCode].sort();
        expect(codes, `${r1.body} / ${r2.body}`).toEqual([201, 409]);
        const loser = r1.statusCode === 409 ? r1 : r2;
        expect(['dispatch.unit_busy', 'dispatch.already_assigned']).toContain(problemCode(loser));
        const winner = r1.statusCode === 201 ? i1 : i2;
        await onA.request({
          method: 'POST',
          url: `/api/dispatch/incidents/${winner}/assignments/${unit.id}/release`,
          payload: { reason: 'test round' },
        });
      }
    });

    it('a burst of eight dispatches of one unit leaves exactly one active assignment', async () => {
      const onA = await a.signIn('dispatcher');
      const onB = await signInOn(b.app, 'dispatcher');
      const units = expectStatus<{ items: { id: string; callSign: string }[] }>(
        await onA.request({ url: '/api/dispatch/units?kind=ambulance' }),
        200,
      );
      const unit = units.items[0]!;
      const incidents = await Promise.all(
        Array.from({ length: 8 }, (_, k) =>
          createIncident(onA, { lon: 113.81 + k * 0.01, lat: 22.55 + k * 0.02 }),
        ),
      );
      const results = await Promise.all(
        incidents.map((id, k) =>
          k % 2 === 0
            ? onA.request({
                method: 'POST',
                url: `/api/dispatch/incidents/${id}/assignments`,
                payload: { unitId: unit.id },
              })
            : onB('POST', `/api/dispatch/incidents/${id}/assignments`, { unitId: unit.id }),
        ),
      );
      const codes = results.map((r) => r.statusCode);
      expect(
        codes.filter((c) => c === 201),
        results.map((r) => r.body.slice(0, 200)).join('\n'),
      ).toHaveLength(1);
      expect(
        codes.filter((c) => c === 409),
        results.map((r) => r.body.slice(0, 300)).join('\n'),
      ).toHaveLength(7);
      const active = await sql<{ unit_id: string; n: number }>`
      SELECT unit_id, count(*)::int AS n FROM dispatch_assignments
      WHERE status IN ('dispatched', 'en_route', 'on_scene', 'transporting') GROUP BY unit_id HAVING count(*) > 1`.execute(
        a.services.database.db,
      );
      expect(active.rows).toEqual([]);
    });

    it('the database itself refuses a second active assignment of a unit', async () => {
      const db = a.services.database.db;
      const row = await sql<{ unit_id: string; incident_id: string; path: string }>`
      SELECT unit_id, incident_id, jurisdiction_path::text AS path FROM dispatch_assignments
      WHERE status = 'dispatched' LIMIT 1`.execute(db);
      const r = row.rows[0]!;
      await expect(
        sql`INSERT INTO dispatch_assignments (id, incident_id, unit_id, status, dispatched_at, dispatched_by, jurisdiction_path)
        VALUES (gen_random_uuid(), ${r.incident_id}, ${r.unit_id}, 'en_route', now(), 'raw', ${r.path}::ltree)`.execute(
          db,
        ),
      ).rejects.toThrow(/dispatch_assignments_one_active/);
    });

    it('a call taken on node A reaches a console on node B live', async () => {
      const login = await b.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'dispatcher', password: 'haven-demo' },
      });
      const cookie = `haven_session=${login.cookies.find((c) => c.name === 'haven_session')!.value}`;
      const seen: string[] = [];
      const ws = new WebSocket(`${b.url.replace('http', 'ws')}/api/events`, { headers: { cookie } });
      await new Promise<void>((ok, fail) => {
        ws.on('message', (data) => {
          const msg = JSON.parse(String(data));
          if (msg.kind === 'hello') ok();
          else if (msg.type === 'dispatch.incident.created') seen.push(msg.payload.id);
        });
        ws.on('error', fail);
      });
      const id = await createIncident(await a.signIn('calltaker'), { lon: 113.97, lat: 22.66 });
      const deadline = Date.now() + 10_000;
      while (!seen.includes(id) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      ws.terminate();
      expect(seen).toContain(id);
    });
  },
);
