import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbKinds } from '../support/databases.ts';
import type { TestNode } from '../support/test-node.ts';
import { demoPoint, open311Key, startGridNode } from './helpers.ts';

const xml = new XMLParser({
  ignoreDeclaration: false,
  parseTagValue: false,
  isArray: (n) => ['service', 'request', 'error', 'attribute', 'value', 'endpoint', 'format'].includes(n),
});
const ZONED = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$/;
const form = (o: Record<string, string | string[]>) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(o)) for (const x of Array.isArray(v) ? v : [v]) p.append(k, x);
  return p.toString();
};

describe.each(dbKinds)('Open311 GeoReport v2 on %s', (kind) => {
  let node: TestNode;
  let key: string;
  const post = (fmt: 'json' | 'xml', body: Record<string, string | string[]>) =>
    node.app.inject({
      method: 'POST',
      url: `/open311/v2/requests.${fmt}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      payload: form(body),
      remoteAddress: `10.1.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`,
    });
  const get = (url: string) => node.app.inject({ url });
  const p = demoPoint(1, 1, 5);

  beforeAll(async () => {
    node = await startGridNode(kind);
    key = await open311Key(node);
  });
  afterAll(async () => node?.close());

  it('lists services in JSON and XML with the spec fields', async () => {
    const j = await get('/open311/v2/services.json');
    expect(j.statusCode).toBe(200);
    expect(j.headers['content-type']).toBe('application/json; charset=utf-8');
    const services = j.json() as Record<string, unknown>[];
    const pothole = services.find((s) => s.service_code === 'pothole')!;
    expect(Object.keys(pothole)).toEqual([
      'service_code',
      'service_name',
      'description',
      'metadata',
      'type',
      'keywords',
      'group',
    ]);
    expect(pothole).toMatchObject({
      service_name: 'Pothole',
      metadata: true,
      type: 'realtime',
      group: 'Roads and traffic',
    });
    // Staff-only types are not offered to the public.
    expect(services.some((s) => s.service_code === 'patrol_finding' || s.service_code === 'referral')).toBe(
      false,
    );

    const x = await get('/open311/v2/services.xml');
    expect(x.headers['content-type']).toBe('text/xml; charset=utf-8');
    expect(x.body.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true);
    expect(XMLValidator.validate(x.body)).toBe(true);
    const doc = xml.parse(x.body);
    expect(doc.services.service.length).toBe(services.length);
    const zh = await node.app.inject({
      url: '/open311/v2/services.json',
      headers: { 'accept-language': 'zh-CN' },
    });
    expect(
      (zh.json() as { service_code: string; service_name: string }[]).find(
        (s) => s.service_code === 'pothole',
      )?.service_name,
    ).toBe('道路坑洼');
  });

  it('serves service definitions and 404s unknown codes in the asked format', async () => {
    const j = await get('/open311/v2/services/noise.json');
    expect(j.statusCode).toBe(200);
    expect(j.json()).toMatchObject({
      service_code: 'noise',
      attributes: [{ code: 'when', datatype: 'singlevaluelist', required: true, order: 1, variable: true }],
    });
    const x = xml.parse((await get('/open311/v2/services/noise.xml')).body);
    expect(
      x.service_definition.attributes.attribute[0].values.value.map((v: { key: string }) => v.key),
    ).toEqual(['day', 'night']);
    const nf = await get('/open311/v2/services/nope.xml');
    expect(nf.statusCode).toBe(404);
    expect(xml.parse(nf.body).errors.error[0]).toMatchObject({ code: '404' });
    const nfj = await get('/open311/v2/services/nope.json');
    expect(nfj.statusCode).toBe(404);
    expect(nfj.json()).toEqual([{ code: 404, description: 'service_code not found: nope' }]);
  });

  it('round-trips a POST (form-encoded) to GET requests/{id} in both formats', async () => {
    const res = await post('json', {
      api_key: key,
      service_code: 'noise',
      lat: String(p.lat),
      long: String(p.lon),
      'attribute[when]': 'night',
      description: 'Karaoke every night\nuntil 2am',
      email: 'resident@example.org',
      first_name: 'Li',
      phone: '+86 138 0000 0000',
      account_id: 'acct-7',
    });
    expect(res.statusCode).toBe(200);
    const [created] = res.json() as { service_request_id: string; account_id: string; token?: string }[];
    expect(created!.service_request_id).toMatch(/^GR\d+$/);
    expect(created!.token).toBeUndefined();
    expect(created!.account_id).toBe('acct-7');

    const one = await get(`/open311/v2/requests/${created!.service_request_id}.json`);
    expect(one.statusCode).toBe(200);
    const [r] = one.json() as Record<string, unknown>[];
    expect(r).toMatchObject({
      service_request_id: created!.service_request_id,
      status: 'open',
      service_code: 'noise',
      service_name: 'Noise nuisance',
      description: 'Karaoke every night\nuntil 2am',
      agency_responsible: 'Environment Bureau',
      lat: p.lat,
      long: p.lon,
    });
    expect(r!.requested_datetime).toMatch(ZONED);
    expect(r!.expected_datetime).toMatch(ZONED);
    // No personal data in the public view.
    expect(JSON.stringify(r)).not.toMatch(/resident@example|138 0000|Li"/);

    const x = await get(`/open311/v2/requests/${created!.service_request_id}.xml`);
    expect(XMLValidator.validate(x.body)).toBe(true);
    expect(xml.parse(x.body).service_requests.request[0].service_request_id).toBe(
      created!.service_request_id,
    );

    const list = await get('/open311/v2/requests.json?service_code=noise&status=open');
    expect((list.json() as { service_request_id: string }[]).map((x) => x.service_request_id)).toContain(
      created!.service_request_id,
    );
  });

  it('answers batch services with a token that GET tokens/{token} trades for the id', async () => {
    const res = await post('xml', {
      api_key: key,
      service_code: 'bulk_item',
      lat: String(p.lat),
      long: String(p.lon),
    });
    expect(res.statusCode).toBe(200);
    const req = xml.parse(res.body).service_requests.request[0];
    expect(req.service_request_id).toBeUndefined();
    expect(req.token).toMatch(/^[A-Za-z0-9_-]{24}$/);
    const t = await get(`/open311/v2/tokens/${req.token}.json`);
    expect(t.statusCode).toBe(200);
    const [traded] = t.json() as { token: string; service_request_id: string }[];
    expect(traded).toMatchObject({ token: req.token });
    expect(traded!.service_request_id).toMatch(/^GR/);
    expect((await get('/open311/v2/tokens/AAAAAAAAAAAAAAAAAAAAAAAA.xml')).statusCode).toBe(404);
  });

  it('parses multivaluelist attributes sent as attribute[code][]', async () => {
    const res = await post('json', {
      api_key: key,
      service_code: 'garbage',
      lat: String(p.lat),
      long: String(p.lon),
      'attribute[waste][]': ['household', 'bulky'],
    });
    expect(res.statusCode).toBe(200);
    const admin = await node.signIn('admin');
    const view = (
      await admin.request({ url: `/api/grid/requests/${res.json()[0].service_request_id}` })
    ).json();
    expect(view.attributes).toEqual({ waste: ['household', 'bulky'] });
    const bad = await post('json', {
      api_key: key,
      service_code: 'garbage',
      lat: String(p.lat),
      long: String(p.lon),
      'attribute[waste][]': ['gold'],
    });
    expect(bad.statusCode).toBe(400);
    const def = (await get('/open311/v2/services/garbage.json')).json();
    expect(def.attributes[0]).toMatchObject({ code: 'waste', datatype: 'multivaluelist' });
  });

  it('accepts the api_key in the query string of a POST too', async () => {
    const res = await node.app.inject({
      method: 'POST',
      url: `/open311/v2/requests.json?api_key=${encodeURIComponent(key)}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: form({ service_code: 'garbage', lat: String(p.lat), long: String(p.lon) }),
      remoteAddress: '10.1.251.1',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()[0].service_request_id).toMatch(/^GR/);
  });

  it('refuses a missing or invalid api_key with 403', async () => {
    const none = await post('json', { service_code: 'pothole', lat: String(p.lat), long: String(p.lon) });
    expect(none.statusCode).toBe(403);
    expect(none.json()[0]).toEqual({ code: 403, description: 'api_key is missing' });
    const bad = await post('xml', {
      api_key: 'hk_AAAAAAAA_BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB',
      service_code: 'pothole',
      lat: '22.5',
      long: '113.9',
    });
    expect(bad.statusCode).toBe(403);
    expect(xml.parse(bad.body).errors.error[0].code).toBe('403');
    expect(bad.headers['content-type']).toBe('text/xml; charset=utf-8');
  });

  it('refuses unknown service codes (404), missing locations and unknown attributes (400)', async () => {
    const unknown = await post('json', {
      api_key: key,
      service_code: 'nope',
      lat: String(p.lat),
      long: String(p.lon),
    });
    expect(unknown.statusCode).toBe(404);
    const missing = await post('json', { api_key: key, service_code: 'pothole' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json()[0].description).toMatch(/location is required/);
    const attr = await post('json', {
      api_key: key,
      service_code: 'pothole',
      lat: String(p.lat),
      long: String(p.lon),
      'attribute[colour]': 'red',
    });
    expect(attr.statusCode).toBe(400);
    expect(attr.json()[0].description).toMatch(/attribute\[colour\] is not defined/);
    const required = await post('json', {
      api_key: key,
      service_code: 'noise',
      lat: String(p.lat),
      long: String(p.lon),
    });
    expect(required.statusCode).toBe(400);
    expect(required.json()[0].description).toMatch(/attribute\[when\] is required/);
    const outside = await post('json', { api_key: key, service_code: 'pothole', lat: '0', long: '0' });
    expect(outside.statusCode).toBe(400);
    expect(outside.json()[0].description).toMatch(/outside every served jurisdiction/);
  });

  it('files an address-only request at the jurisdiction for the centre to place', async () => {
    const res = await post('json', {
      api_key: key,
      service_code: 'garbage',
      address_string: '1 Harbour Road',
      jurisdiction_id: '990101002',
    });
    expect(res.statusCode).toBe(200);
    const [r] = (await get(`/open311/v2/requests/${res.json()[0].service_request_id}.json`)).json();
    expect(r).toMatchObject({ address: '1 Harbour Road', lat: null, long: null });
  });

  it('validates GET requests parameters: dates, status, 90-day window, empty = absent', async () => {
    const bad = await get('/open311/v2/requests.json?start_date=yesterday');
    expect(bad.statusCode).toBe(400);
    expect(bad.json()[0].description).toMatch(/start_date/);
    const noZone = await get('/open311/v2/requests.xml?start_date=2026-01-01T00:00:00');
    expect(noZone.statusCode).toBe(400);
    expect(xml.parse(noZone.body).errors.error[0].code).toBe('400');
    const wide = await get(
      '/open311/v2/requests.json?start_date=2025-01-01T00:00:00Z&end_date=2025-12-31T00:00:00Z',
    );
    expect(wide.statusCode).toBe(400);
    const status = await get('/open311/v2/requests.json?status=pending');
    expect(status.statusCode).toBe(400);
    const empty = await get('/open311/v2/requests.json?status=&service_code=&start_date=');
    const none = await get('/open311/v2/requests.json');
    expect(empty.statusCode).toBe(200);
    expect(empty.json()).toEqual(none.json());
    const both = (await get('/open311/v2/requests.json?status=open,closed')).json() as unknown[];
    expect(both.length).toBe((none.json() as unknown[]).length);
    const closed = (await get('/open311/v2/requests.json?status=closed')).json() as { status: string }[];
    expect(closed.every((r) => r.status === 'closed')).toBe(true);
    // The demo data has resolved requests: those are closed in Open311 terms.
    expect(closed.length).toBeGreaterThan(0);
  });

  it('lets service_request_id override every other filter', async () => {
    const all = (await get('/open311/v2/requests.json')).json() as {
      service_request_id: string;
      status: string;
    }[];
    const a = all.find((r) => r.status === 'closed')!;
    const b = all.find((r) => r.status === 'open')!;
    const res = await get(
      `/open311/v2/requests.json?service_request_id=${a.service_request_id},${b.service_request_id}&status=open&service_code=nope`,
    );
    expect((res.json() as { service_request_id: string }[]).map((r) => r.service_request_id).sort()).toEqual(
      [a.service_request_id, b.service_request_id].sort(),
    );
  });

  it('handles jurisdiction_id: known codes filter, unknown codes are 404', async () => {
    const unknown = await get('/open311/v2/services.json?jurisdiction_id=nowhere.example');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()[0].description).toMatch(/jurisdiction_id not found/);
    const inTown = (await get('/open311/v2/requests.json?jurisdiction_id=990101002')).json() as {
      lat: number | null;
      long: number | null;
    }[];
    expect(inTown.every((r) => r.long === null || (r.long >= 113.9 && r.long <= 114.0))).toBe(true);
  });

  it('answers unknown paths, bad suffixes and other bodies with Open311 errors', async () => {
    const nf = await get('/open311/v2/whatever.json');
    expect(nf.statusCode).toBe(404);
    expect(Array.isArray(nf.json())).toBe(true);
    const deep = await get('/open311/v2/a/b/c.xml');
    expect(deep.statusCode).toBe(404);
    expect(XMLValidator.validate(deep.body)).toBe(true);
    const fmt = await get('/open311/v2/services.html');
    expect(fmt.statusCode).toBe(400);
    const multipart = await node.app.inject({
      method: 'POST',
      url: '/open311/v2/requests.json',
      headers: { 'content-type': 'multipart/form-data; boundary=x' },
      payload: '--x--',
    });
    expect(multipart.statusCode).toBe(415);
    expect(multipart.json()[0].code).toBe(415);
  });

  it('publishes a discovery document in both formats', async () => {
    const j = (await get('/open311/v2/discovery.json')).json();
    expect(j.endpoints[0]).toMatchObject({ type: 'production', formats: ['text/xml', 'application/json'] });
    expect(j.endpoints[0].url).toMatch(/\/open311\/v2$/);
    const x = await get('/open311/v2/discovery.xml');
    expect(XMLValidator.validate(x.body)).toBe(true);
    expect(xml.parse(x.body).discovery.endpoints.endpoint[0].specification).toMatch(/open311/);
  });
});
