import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbKinds } from '../support/databases.ts';
import { startTestNode, type TestClient, type TestNode } from '../support/test-node.ts';

describe.each(dbKinds)('bad input on %s: 4xx problem+json and nothing written', (kind) => {
  let node: TestNode;
  let admin: TestClient;
  let countyId: string;
  beforeAll(async () => {
    node = await startTestNode(kind);
    admin = await node.signIn('admin');
    const fc = (await admin.request({ url: '/api/jurisdictions?level=county&geometry=false' })).json();
    countyId = fc.features[0].id;
  });
  afterAll(async () => node?.close());

  // Module jobs emit events of their own meanwhile, so the outbox and audit log are counted
  // for this request only.
  async function counts(requestId: string) {
    const db = node.services.database.db;
    const r = await sql<{ j: string; u: string; e: string; a: string }>`SELECT
      (SELECT count(*) FROM jurisdictions) AS j, (SELECT count(*) FROM users) AS u,
      (SELECT count(*) FROM events WHERE request_id = ${requestId}) AS e,
      (SELECT count(*) FROM audit_log WHERE request_id = ${requestId}) AS a`.execute(db);
    return r.rows[0];
  }

  const square = (lat = 22.6) => ({
    type: 'Polygon',
    coordinates: [
      [
        [113.85, lat],
        [113.86, lat],
        [113.86, lat + 0.01],
        [113.85, lat + 0.01],
        [113.85, lat],
      ],
    ],
  });
  const township = (over: Record<string, unknown> = {}) => ({
    parentId: countyId,
    level: 'township',
    code: 'T-NEW',
    nameZh: '新镇',
    nameEn: 'New Town',
    geometry: square(),
    ...over,
  });

  const cases: [string, () => Record<string, unknown>, number, RegExp][] = [
    ['malformed JSON', () => ({ body: '{"parentId": ', type: 'application/json' }), 400, /malformed_json/],
    [
      'a body over the limit',
      () => ({ body: JSON.stringify(township({ nameEn: 'x'.repeat(1_100_000) })) }),
      413,
      /body_too_large/,
    ],
    ['an unknown field', () => ({ payload: township({ population: 12 }) }), 400, /validation/],
    ['wrong types', () => ({ payload: township({ level: 7, nameZh: ['a'] }) }), 400, /validation/],
    [
      'an open ring',
      () => ({
        payload: township({
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [113.85, 22.6],
                [113.86, 22.6],
                [113.86, 22.61],
                [113.85, 22.61],
              ],
            ],
          },
        }),
      }),
      400,
      /invalid_geometry/,
    ],
    [
      'a self-intersecting ring',
      () => ({
        payload: township({
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [113.85, 22.6],
                [113.86, 22.61],
                [113.86, 22.6],
                [113.85, 22.61],
                [113.85, 22.6],
              ],
            ],
          },
        }),
      }),
      400,
      /invalid_geometry/,
    ],
    ['latitude 91', () => ({ payload: township({ geometry: square(90.995) }) }), 400, /invalid_geometry/],
    [
      'a 10k-character name',
      () => ({ payload: township({ nameZh: '名'.repeat(10_000) }) }),
      400,
      /validation/,
    ],
    [
      'SQL meta-characters in the code',
      () => ({ payload: township({ code: "x'; DROP TABLE users; --" }) }),
      400,
      /validation/,
    ],
    [
      'a boundary outside its parent',
      () => ({ payload: township({ geometry: square(30) }) }),
      400,
      /not_nested/,
    ],
  ];

  it.each(cases)('%s', async (name, input, status, type) => {
    const requestId = `bad-${name.replace(/[^a-z0-9]+/gi, '-')}`;
    const before = await counts(requestId);
    const opts = input() as { body?: string; payload?: unknown; type?: string };
    const res = await admin.request({
      method: 'POST',
      url: '/api/jurisdictions',
      headers: { 'content-type': opts.type ?? 'application/json', 'x-request-id': requestId },
      ...(opts.payload !== undefined ? { payload: opts.payload as object } : { payload: opts.body! }),
    });
    expect(res.statusCode).toBe(status);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    const body = res.json();
    expect(body.type).toMatch(type);
    expect(body.requestId).toBe(requestId);
    expect(await counts(requestId)).toEqual({ ...before, e: '0', a: '0' });
  });

  it('stores SQL meta-characters in names as plain text', async () => {
    const evil = "Robert'); DROP TABLE jurisdictions;--";
    const res = await admin.request({
      method: 'POST',
      url: '/api/jurisdictions',
      payload: township({ code: 'T-SAFE', nameEn: evil, geometry: square(22.62) }),
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().properties.nameEn).toBe(evil);
    const n = await sql<{ n: string }>`SELECT count(*) AS n FROM jurisdictions`.execute(
      node.services.database.db,
    );
    expect(Number(n.rows[0]!.n)).toBeGreaterThan(124);
  });

  it('answers unknown routes and methods with problem+json', async () => {
    const res = await admin.request({ url: '/api/nothing-here' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
  });
});
