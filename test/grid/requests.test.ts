import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transact } from '../../src/core/db/transaction.ts';
import type { HavenEventType } from '../../src/core/events/event-map.ts';
import { systemActor } from '../../src/core/identity/actor.ts';
import { purgeExpired } from '../../src/core/privacy/retention.ts';
import { purgeReporterContacts } from '../../src/modules/grid/index.ts';
import { dbKinds } from '../support/databases.ts';
import type { TestClient, TestNode } from '../support/test-node.ts';
import { demoPoint, departmentId, pngWithText, startGridNode } from './helpers.ts';

const png = () => Buffer.from(pngWithText()).toString('base64');

describe.each(dbKinds)('service requests on %s', (kind) => {
  let node: TestNode;
  let centre: TestClient;
  let department: TestClient;
  let ip = 0;
  const publicPost = (url: string, payload: unknown) =>
    node.app.inject({
      method: 'POST',
      url,
      payload: payload as object,
      remoteAddress: `10.2.0.${++ip % 250}`,
    });
  const report = (body: Record<string, unknown>) => publicPost('/api/public/grid/requests', body);

  beforeAll(async () => {
    node = await startGridNode(kind);
    centre = await node.signIn('centre');
    department = await node.signIn('department');
  });
  afterAll(async () => node?.close());

  it('takes a public report with a photo, strips its metadata and lets the reporter follow it', async () => {
    const p = demoPoint(1, 2, 4);
    const res = await report({
      serviceCode: 'pothole',
      ...p,
      description: 'Deep hole by the bus stop',
      attributes: { size: 'large' },
      contact: { name: 'Wang', phone: '13800000000' },
      photos: [{ contentType: 'image/png', data: png() }],
    });
    expect(res.statusCode).toBe(201);
    const { publicId, token, state } = res.json();
    expect(state).toBe('submitted');
    expect(token).toMatch(/^[A-Za-z0-9_-]{24}$/);

    const follow = await node.app.inject({ url: `/api/public/grid/follow/${token}` });
    expect(follow.statusCode).toBe(200);
    const view = follow.json();
    expect(view).toMatchObject({ publicId, status: 'open', typeNameEn: 'Pothole', canRate: false });
    expect(JSON.stringify(view)).not.toMatch(/Wang|13800000000/);
    const photo = await node.app.inject({ url: `/api/public/grid/photos/${view.photos[0].id}` });
    expect(photo.statusCode).toBe(200);
    expect(photo.headers['content-type']).toBe('image/png');
    expect(photo.rawPayload.includes(Buffer.from('secret GPS'))).toBe(false);
    expect(photo.rawPayload.subarray(0, 4).toString('latin1')).toBe('\x89PNG');
  });

  it('refuses oversized, non-image and lying uploads, unknown attributes and places outside the area', async () => {
    const p = demoPoint(1, 1, 1);
    const big = await report({
      serviceCode: 'garbage',
      ...p,
      photos: [{ contentType: 'image/jpeg', data: 'A'.repeat(8_000_000) }],
    });
    expect([400, 413]).toContain(big.statusCode);
    const text = await report({
      serviceCode: 'garbage',
      ...p,
      photos: [{ contentType: 'image/png', data: Buffer.from('hello, not an image').toString('base64') }],
    });
    expect(text.statusCode).toBe(415);
    expect(text.json().type).toBe('urn:haven:problem:grid.photo_unsupported_type');
    const lying = await report({
      serviceCode: 'garbage',
      ...p,
      photos: [{ contentType: 'image/jpeg', data: png() }],
    });
    expect(lying.statusCode).toBe(400);
    expect(lying.json().type).toBe('urn:haven:problem:grid.photo_type_mismatch');
    const attr = await report({ serviceCode: 'garbage', ...p, attributes: { colour: 'red' } });
    expect(attr.statusCode).toBe(400);
    expect(attr.json().type).toBe('urn:haven:problem:grid.bad_attributes');
    const outside = await report({ serviceCode: 'garbage', lat: 31.2, lon: 121.5 });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().type).toBe('urn:haven:problem:grid.outside_area');
    const staffOnly = await report({ serviceCode: 'patrol_finding', ...p });
    expect(staffOnly.statusCode).toBe(404);
    const raw = await node.app.inject({
      method: 'POST',
      url: '/api/public/grid/follow/AAAAAAAAAAAAAAAAAAAAAAAA/photos',
      headers: { 'content-type': 'image/png' },
      payload: Buffer.alloc(6 * 1024 * 1024),
      remoteAddress: '10.3.0.1',
    });
    expect(raw.statusCode).toBe(413);
  });

  it('rate-limits token guessing: after 10 wrong tokens even a right one is refused', async () => {
    const p = demoPoint(1, 1, 2);
    const { token } = (await report({ serviceCode: 'garbage', ...p })).json();
    const guess = (t: string) =>
      node.app.inject({ url: `/api/public/grid/follow/${t}`, remoteAddress: '10.9.9.9' });
    for (let i = 0; i < 10; i++) {
      const wrong = await guess(`${'x'.repeat(22)}${String(i).padStart(2, '0')}`);
      expect(wrong.statusCode).toBe(404);
    }
    const blocked = await guess(token);
    expect(blocked.statusCode).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    // Another client is unaffected.
    expect(
      (await node.app.inject({ url: `/api/public/grid/follow/${token}`, remoteAddress: '10.9.9.10' }))
        .statusCode,
    ).toBe(200);
  });

  it('routes by the matrix, or leaves the request with the centre, which routes it', async () => {
    const p = demoPoint(1, 1, 3);
    const light = (await report({ serviceCode: 'streetlight', ...p })).json();
    const lightView = (await centre.request({ url: `/api/grid/requests/${light.publicId}` })).json();
    expect(lightView.departmentId).toBe(await departmentId(node, 'CITY_MGMT'));

    const hole = (await report({ serviceCode: 'pothole', ...p })).json();
    const unrouted = (
      await centre.request({ url: '/api/grid/requests?unrouted=true&status=open&pageSize=200' })
    ).json();
    expect(unrouted.items.map((i: { publicId: string }) => i.publicId)).toContain(hole.publicId);
    const accept = await department.request({
      method: 'POST',
      url: `/api/grid/requests/${hole.publicId}/actions`,
      payload: { action: 'accept' },
    });
    expect(accept.statusCode).toBe(403);

    const roads = await departmentId(node, 'ROADS');
    const routed = await centre.request({
      method: 'POST',
      url: `/api/grid/requests/${hole.publicId}/actions`,
      payload: { action: 'reroute', departmentId: roads },
    });
    expect(routed.statusCode).toBe(200);
    expect(
      (
        await department.request({
          method: 'POST',
          url: `/api/grid/requests/${hole.publicId}/actions`,
          payload: { action: 'accept' },
        })
      ).statusCode,
    ).toBe(200);
    const illegal = await department.request({
      method: 'POST',
      url: `/api/grid/requests/${hole.publicId}/actions`,
      payload: { action: 'accept' },
    });
    expect(illegal.statusCode).toBe(409);
    expect(illegal.json().allowed).toContain('resolve');

    const resolved = await department.request({
      method: 'POST',
      url: `/api/grid/requests/${hole.publicId}/actions`,
      payload: {
        action: 'resolve',
        reply: 'Filled and resurfaced.',
        photos: [{ contentType: 'image/png', data: png() }],
      },
    });
    expect(resolved.statusCode).toBe(200);
    const follow = (await node.app.inject({ url: `/api/public/grid/follow/${hole.token}` })).json();
    expect(follow).toMatchObject({
      state: 'resolved',
      status: 'closed',
      statusNotes: 'Filled and resurfaced.',
      canRate: true,
      canReopen: true,
    });
    expect(follow.photos.some((x: { kind: string }) => x.kind === 'resolution')).toBe(true);
    expect(follow.timeline.map((e: { kind: string }) => e.kind)).toEqual([
      'submitted',
      'accept',
      'resolve',
      'photo',
    ]);

    const rate = await publicPost(`/api/public/grid/follow/${hole.token}/rating`, {
      stars: 5,
      comment: 'Quick!',
    });
    expect(rate.statusCode).toBe(204);
    const after = (await node.app.inject({ url: `/api/public/grid/follow/${hole.token}` })).json();
    expect(after).toMatchObject({ state: 'closed', rating: 5, canRate: false });
    expect((await publicPost(`/api/public/grid/follow/${hole.token}/rating`, { stars: 1 })).statusCode).toBe(
      409,
    );
    const reopen = await publicPost(`/api/public/grid/follow/${hole.token}/reopen`, {
      reason: 'The hole is back',
    });
    expect(reopen.statusCode).toBe(204);
    expect((await node.app.inject({ url: `/api/public/grid/follow/${hole.token}` })).json().state).toBe(
      'in_progress',
    );
  });

  it('handles a request jointly: the lead resolves only after every co-handler reported', async () => {
    const r = (await report({ serviceCode: 'garbage', ...demoPoint(1, 2, 2) })).json();
    const roads = await departmentId(node, 'ROADS');
    const act = (client: TestClient, payload: Record<string, unknown>) =>
      client.request({ method: 'POST', url: `/api/grid/requests/${r.publicId}/actions`, payload });
    expect((await act(department, { action: 'accept' })).statusCode).toBe(200);
    expect((await act(department, { action: 'add_co_handlers', departmentIds: [roads] })).statusCode).toBe(
      403,
    );
    expect((await act(centre, { action: 'add_co_handlers', departmentIds: [roads] })).statusCode).toBe(200);
    const early = await act(department, { action: 'resolve', reply: 'Cleared' });
    expect(early.statusCode).toBe(409);
    expect(early.json().detail).toMatch(/co-handlers have not reported/);
    expect(
      (await act(department, { action: 'co_handler_done', departmentId: roads, note: 'Kerb repaired' }))
        .statusCode,
    ).toBe(200);
    expect(
      (await act(department, { action: 'resolve', reply: 'Cleared and kerb repaired' })).json().state,
    ).toBe('resolved');
    const view = (await centre.request({ url: `/api/grid/requests/${r.publicId}` })).json();
    expect(view.coHandlers).toEqual([{ departmentId: roads, done: true, note: 'Kerb repaired' }]);
    expect(view.closedOnTime).toBe(true);
  });

  it('sends back as misrouted with a reason, changes type (re-routing) and marks duplicates', async () => {
    const p = demoPoint(1, 3, 5);
    const a = (await report({ serviceCode: 'streetlight', ...p, description: 'Lamp out' })).json();
    const noReason = await department.request({
      method: 'POST',
      url: `/api/grid/requests/${a.publicId}/actions`,
      payload: { action: 'send_back' },
    });
    expect(noReason.statusCode).toBe(400);
    const back = await department.request({
      method: 'POST',
      url: `/api/grid/requests/${a.publicId}/actions`,
      payload: { action: 'send_back', reason: 'This is a water main, not a lamp' },
    });
    expect(back.json().state).toBe('returned');
    const changed = await centre.request({
      method: 'POST',
      url: `/api/grid/requests/${a.publicId}/actions`,
      payload: { action: 'change_type', serviceCode: 'water_leak' },
    });
    expect(changed.json().state).toBe('submitted');
    const view = (await centre.request({ url: `/api/grid/requests/${a.publicId}` })).json();
    expect(view.serviceCode).toBe('water_leak');
    expect(view.departmentId).toBe(await departmentId(node, 'WATER'));
    expect(view.timeline.find((e: { kind: string }) => e.kind === 'send_back').note).toBe(
      'This is a water main, not a lamp',
    );

    const b = (await report({ serviceCode: 'water_leak', lat: p.lat + 0.0001, lon: p.lon })).json();
    const near = (await centre.request({ url: `/api/grid/requests/${b.publicId}/nearby` })).json();
    expect(near.map((n: { publicId: string }) => n.publicId)).toContain(a.publicId);
    const dup = await centre.request({
      method: 'POST',
      url: `/api/grid/requests/${b.publicId}/actions`,
      payload: { action: 'mark_duplicate', of: a.publicId },
    });
    expect(dup.json().state).toBe('duplicate');
    const open311 = (await node.app.inject({ url: `/open311/v2/requests/${b.publicId}.json` })).json();
    expect(open311[0]).toMatchObject({ status: 'closed' });
    expect(open311[0].status_notes).toMatch(/Duplicate of request/);
  });

  it('hides private requests and redacted text and photos from the public; contact reads are audited', async () => {
    const p = demoPoint(1, 1, 6);
    const r = (
      await report({
        serviceCode: 'garbage',
        ...p,
        description: 'Dumped by my neighbour Mr Zhang at No. 5',
        contact: { email: 'me@example.org' },
        photos: [{ contentType: 'image/png', data: png() }],
      })
    ).json();
    const staff = (await centre.request({ url: `/api/grid/requests/${r.publicId}` })).json();
    expect(staff.hasReporterContact).toBe(true);
    expect(JSON.stringify(staff)).not.toMatch(/me@example/);
    const noPurpose = await centre.request({ url: `/api/grid/requests/${r.publicId}/reporter` });
    expect(noPurpose.statusCode).toBe(400);
    const contact = await centre.request({
      url: `/api/grid/requests/${r.publicId}/reporter?purpose=callback`,
    });
    expect(contact.json().email).toBe('me@example.org');
    const audit = await sql<{
      purpose: string;
    }>`SELECT purpose FROM audit_log WHERE action = 'personal_data.read'
      AND target_id = ${staff.id}`.execute(node.services.database.db);
    expect(audit.rows.map((a) => a.purpose)).toEqual(['callback']);

    const red = await centre.request({
      method: 'POST',
      url: `/api/grid/requests/${r.publicId}/redact`,
      payload: { publicDescription: 'Rubbish dumped by the road', hidePhotoIds: [staff.photos[0].id] },
    });
    expect(red.statusCode).toBe(204);
    const pub = (await node.app.inject({ url: `/open311/v2/requests/${r.publicId}.json` })).json()[0];
    expect(pub.description).toBe('Rubbish dumped by the road');
    expect(pub.media_url).toBeNull();
    expect((await node.app.inject({ url: `/api/public/grid/photos/${staff.photos[0].id}` })).statusCode).toBe(
      404,
    );
    expect((await centre.request({ url: `/api/grid/photos/${staff.photos[0].id}` })).statusCode).toBe(200);

    await centre.request({
      method: 'POST',
      url: `/api/grid/requests/${r.publicId}/redact`,
      payload: { private: true },
    });
    expect((await node.app.inject({ url: `/open311/v2/requests/${r.publicId}.json` })).statusCode).toBe(404);
    const list = (
      await node.app.inject({ url: '/open311/v2/requests.json?service_code=garbage' })
    ).json() as { service_request_id: string }[];
    expect(list.map((x) => x.service_request_id)).not.toContain(r.publicId);
  });

  it('purges reporter contact details after the retention period', async () => {
    const p = demoPoint(1, 1, 7);
    const r = (await report({ serviceCode: 'garbage', ...p, contact: { phone: '13900000000' } })).json();
    const admin = await node.signIn('admin');
    const cm = await departmentId(node, 'CITY_MGMT');
    expect(cm).toBeTruthy();
    await admin.request({
      method: 'POST',
      url: `/api/grid/requests/${r.publicId}/actions`,
      payload: { action: 'accept' },
    });
    await admin.request({
      method: 'POST',
      url: `/api/grid/requests/${r.publicId}/actions`,
      payload: { action: 'resolve', reply: 'Cleared' },
    });
    await admin.request({
      method: 'POST',
      url: `/api/grid/requests/${r.publicId}/actions`,
      payload: { action: 'close' },
    });
    const days = node.services.config.retentionDays;
    const later = new Date(Date.now() + (days + 1) * 86_400_000);
    const rule = { name: 'grid_requests', purge: purgeReporterContacts };
    const purged = await purgeExpired(node.services.database, [rule], days, later);
    expect(purged.grid_requests).toBeGreaterThanOrEqual(1);
    const contact = await admin.request({
      url: `/api/grid/requests/${r.publicId}/reporter?purpose=data_subject_request`,
    });
    expect(contact.json()).toMatchObject({ phone: null, purged: true });
  });

  it('files dispatch referrals exactly once, by event', async () => {
    const p = demoPoint(2, 1, 1);
    const emit = () =>
      transact(node.services.database, systemActor('dispatch-test'), async (tx) => {
        tx.emit(
          'dispatch.call.referred' as HavenEventType,
          {
            callId: 'call-42',
            lat: p.lat,
            lon: p.lon,
            narrative: 'Loud party, no danger',
            callerPhone: '110',
          } as never,
          {
            jurisdictionPath: null,
            permission: null,
          },
        );
      });
    await emit();
    await emit();
    const find = () =>
      sql<{
        n: string;
      }>`SELECT count(*) AS n FROM grid_requests WHERE source = 'dispatch' AND external_id = 'call-42'`.execute(
        node.services.database.db,
      );
    await expect.poll(async () => Number((await find()).rows[0]!.n), { timeout: 15_000 }).toBe(1);
    await new Promise((r) => setTimeout(r, 500));
    expect(Number((await find()).rows[0]!.n)).toBe(1);
  });
});
