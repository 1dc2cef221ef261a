import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbKinds } from '../support/databases.ts';
import type { TestClient, TestNode } from '../support/test-node.ts';
import { addUser, demoPoint, departmentId, jurisdictionId, pngWithText, startGridNode } from './helpers.ts';

describe.each(dbKinds)('grid scoping and worker view on %s', (kind) => {
  let node: TestNode;
  let villageA: TestClient;
  let villageB: TestClient;
  let township: TestClient;
  let inA: { publicId: string; token: string };
  let inB: { publicId: string; token: string };
  let n = 0;
  const report = (body: Record<string, unknown>) =>
    node.app.inject({
      method: 'POST',
      url: '/api/public/grid/requests',
      payload: body,
      remoteAddress: `10.4.0.${++n}`,
    });

  beforeAll(async () => {
    node = await startGridNode(kind);
    await addUser(node, 'centre-a', 'service_centre', '990101001001');
    await addUser(node, 'centre-b', 'service_centre', '990101001002');
    [villageA, villageB, township] = await Promise.all([
      node.signIn('centre-a'),
      node.signIn('centre-b'),
      node.signIn('centre'),
    ]);
    const photo = { contentType: 'image/png', data: Buffer.from(pngWithText()).toString('base64') };
    inA = (
      await report({ serviceCode: 'garbage', ...demoPoint(1, 1, 1), description: 'A', photos: [photo] })
    ).json();
    inB = (
      await report({ serviceCode: 'garbage', ...demoPoint(1, 2, 1), description: 'B', photos: [photo] })
    ).json();
  });
  afterAll(async () => node?.close());

  it('a village centre never sees another village, in queues, details, actions, photos or dashboards', async () => {
    const queueA = (await villageA.request({ url: '/api/grid/requests?status=all&pageSize=200' })).json();
    expect(queueA.items.length).toBeGreaterThan(0);
    expect(
      queueA.items.every((i: { jurisdictionPath: string }) =>
        i.jurisdictionPath.startsWith('990101.990101001.990101001001.'),
      ),
    ).toBe(true);
    expect(queueA.items.map((i: { publicId: string }) => i.publicId)).toContain(inA.publicId);
    expect(queueA.items.map((i: { publicId: string }) => i.publicId)).not.toContain(inB.publicId);

    const detail = await villageA.request({ url: `/api/grid/requests/${inB.publicId}` });
    expect(detail.statusCode).toBe(404);
    expect(detail.headers['content-type']).toMatch(/problem\+json/);
    const act = await villageA.request({
      method: 'POST',
      url: `/api/grid/requests/${inB.publicId}/actions`,
      payload: { action: 'withdraw' },
    });
    expect(act.statusCode).toBe(404);
    expect(
      (await villageA.request({ url: `/api/grid/requests/${inB.publicId}/reporter?purpose=callback` }))
        .statusCode,
    ).toBe(404);
    const bulk = (
      await villageA.request({
        method: 'POST',
        url: '/api/grid/requests/bulk',
        payload: { ids: [inA.publicId, inB.publicId], private: true },
      })
    ).json();
    expect(bulk.results.map((r: { ok: boolean }) => r.ok)).toEqual([true, false]);
    const photoB = (await villageB.request({ url: `/api/grid/requests/${inB.publicId}` })).json().photos[0]
      .id;
    expect((await villageA.request({ url: `/api/grid/photos/${photoB}` })).statusCode).toBe(404);
    expect((await villageB.request({ url: `/api/grid/photos/${photoB}` })).statusCode).toBe(200);
    const search = (
      await villageA.request({ url: `/api/grid/requests?q=${inB.publicId}&status=all` })
    ).json();
    expect(search.items).toEqual([]);

    const dashA = (await villageA.request({ url: '/api/grid/dashboard?by=cell' })).json();
    expect(dashA.rows.every((r: { key: string }) => r.key.startsWith('990101.990101001.990101001001'))).toBe(
      true,
    );
    const dashT = (await township.request({ url: '/api/grid/dashboard?by=cell' })).json();
    expect(dashT.totals.total).toBeGreaterThan(dashA.totals.total);

    // The township centre above both villages sees both.
    const queueT = (
      await township.request({ url: '/api/grid/requests?status=all&pageSize=200&sort=newest' })
    ).json();
    const ids = queueT.items.map((i: { publicId: string }) => i.publicId);
    expect(ids).toEqual(expect.arrayContaining([inA.publicId, inB.publicId]));
  });

  it('departments act only on their own requests; filters narrow the queue', async () => {
    const leak = (await report({ serviceCode: 'water_leak', ...demoPoint(1, 1, 2) })).json();
    const department = await node.signIn('department');
    const denied = await department.request({
      method: 'POST',
      url: `/api/grid/requests/${leak.publicId}/actions`,
      payload: { action: 'accept' },
    });
    expect(denied.statusCode).toBe(403);
    const mine = (
      await department.request({ url: '/api/grid/requests?mine=true&status=open&pageSize=200' })
    ).json();
    const cm = await departmentId(node, 'CITY_MGMT');
    const roads = await departmentId(node, 'ROADS');
    expect(
      mine.items.every((i: { departmentId: string }) => i.departmentId === cm || i.departmentId === roads),
    ).toBe(true);
    const byType = (
      await township.request({ url: '/api/grid/requests?serviceCode=water_leak&status=all' })
    ).json();
    expect(byType.items.every((i: { serviceCode: string }) => i.serviceCode === 'water_leak')).toBe(true);
    const byCell = (
      await township.request({ url: '/api/grid/requests?jurisdiction=990101001001G02&status=all' })
    ).json();
    expect(byCell.items.map((i: { publicId: string }) => i.publicId)).toContain(leak.publicId);
  });

  it('assigns to a person and applies bulk actions and reply templates', async () => {
    const worker = (await township.request({ url: '/api/grid/assignees' })).json() as {
      id: string;
      displayName: string;
    }[];
    const gw = worker.find((w) => w.displayName.includes('Grid worker'))!;
    expect(gw).toBeTruthy();
    const a = await township.request({
      method: 'POST',
      url: `/api/grid/requests/${inA.publicId}/assign`,
      payload: { userId: gw.id },
    });
    expect(a.statusCode).toBe(204);
    const templates = (await township.request({ url: '/api/grid/templates' })).json();
    expect(templates.length).toBeGreaterThanOrEqual(3);
    const made = await township.request({
      method: 'POST',
      url: '/api/grid/templates',
      payload: { jurisdictionCode: '990101001', title: 'Township note', body: 'Handled by the township.' },
    });
    expect(made.statusCode).toBe(201);
    expect(
      (await villageA.request({ url: '/api/grid/templates' })).json().map((t: { title: string }) => t.title),
    ).toContain('Township note');
    const r1 = (await report({ serviceCode: 'pothole', ...demoPoint(1, 1, 4) })).json();
    const r2 = (await report({ serviceCode: 'pothole', ...demoPoint(1, 1, 5) })).json();
    const roads = await departmentId(node, 'ROADS');
    const bulk = await township.request({
      method: 'POST',
      url: '/api/grid/requests/bulk',
      payload: { ids: [r1.publicId, r2.publicId], action: { action: 'reroute', departmentId: roads } },
    });
    expect(bulk.json().results.every((r: { ok: boolean }) => r.ok)).toBe(true);
  });

  it('gives grid workers their cells, tasks, reports and patrol check-ins, inside their scope only', async () => {
    const gw = await node.signIn('gridworker');
    const cells = (await gw.request({ url: '/api/grid/worker/cells' })).json();
    expect(cells.map((c: { code: string }) => c.code)).toEqual([
      '990101001001G01',
      '990101001001G02',
      '990101001001G03',
    ]);
    expect(cells[0].households).toBeGreaterThan(0);
    expect(cells[0].geometry.type).toBe('Polygon');
    const tasks = (await gw.request({ url: '/api/grid/worker/tasks' })).json();
    expect(tasks.map((t: { publicId: string }) => t.publicId)).toContain(inA.publicId);
    const p = demoPoint(1, 1, 1);
    const rep = await gw.request({
      method: 'POST',
      url: '/api/grid/worker/reports',
      payload: { serviceCode: 'patrol_finding', ...p, description: 'Broken fence at the playground' },
    });
    expect(rep.statusCode).toBe(201);
    const far = await gw.request({
      method: 'POST',
      url: '/api/grid/worker/reports',
      payload: { serviceCode: 'patrol_finding', ...demoPoint(3, 4, 9) },
    });
    expect(far.statusCode).toBe(403);
    const ci = await gw.request({
      method: 'POST',
      url: '/api/grid/worker/checkins',
      payload: { ...p, note: 'Round 1' },
    });
    expect(ci.statusCode).toBe(201);
    expect(ci.json().jurisdictionPath).toMatch(/990101001001G01$/);
    expect(
      (await gw.request({ method: 'POST', url: '/api/grid/worker/checkins', payload: demoPoint(2, 1, 1) }))
        .statusCode,
    ).toBe(400);
    expect((await gw.request({ url: '/api/grid/worker/checkins' })).json()).toHaveLength(1);
    // Workers hold no management rights.
    expect(
      (
        await gw.request({
          method: 'POST',
          url: `/api/grid/requests/${inA.publicId}/redact`,
          payload: { private: true },
        })
      ).statusCode,
    ).toBe(403);
  });

  it('edits cell figures and workers, and divides a village into H3 grid cells', async () => {
    const admin = await node.signIn('admin');
    const g5 = await jurisdictionId(node, '990101001001G05');
    expect(
      (
        await admin.request({
          method: 'PATCH',
          url: `/api/grid/cells/${g5}`,
          payload: { households: 321, population: 876 },
        })
      ).statusCode,
    ).toBe(204);
    const cells = (await admin.request({ url: '/api/grid/cells?under=990101001001' })).json();
    expect(cells.find((c: { id: string }) => c.id === g5)).toMatchObject({
      households: 321,
      population: 876,
    });
    const notWorker = await admin.request({
      method: 'PUT',
      url: `/api/grid/cells/${g5}/workers`,
      payload: { userIds: [cells[0].workers[0]?.id ?? g5] },
    });
    expect([204, 400]).toContain(notWorker.statusCode);

    const root = await jurisdictionId(node, '990101003');
    const village = await admin.request({
      method: 'POST',
      url: '/api/jurisdictions',
      payload: {
        parentId: root,
        level: 'village',
        code: '990101003099',
        nameZh: '新村',
        nameEn: 'New Village',
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [114.0, 22.5],
              [114.01, 22.5],
              [114.01, 22.51],
              [114.0, 22.51],
              [114.0, 22.5],
            ],
          ],
        },
      },
    });
    expect(village.statusCode).toBe(201);
    const t = await admin.request({
      method: 'POST',
      url: `/api/grid/villages/${village.json().id}/tessellate`,
      payload: { resolution: 9 },
    });
    expect(t.statusCode).toBe(201);
    expect(t.json().created).toBeGreaterThan(5);
    const again = await admin.request({
      method: 'POST',
      url: `/api/grid/villages/${village.json().id}/tessellate`,
      payload: { resolution: 9 },
    });
    expect(again.statusCode).toBe(409);
    const made = (await admin.request({ url: '/api/grid/cells?under=990101003099' })).json();
    expect(made).toHaveLength(t.json().created);
    expect(made[0].code).toMatch(/^990101003099H\d{3}$/);
  });
});
