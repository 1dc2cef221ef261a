import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { latLngToCell } from 'h3-js';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transact } from '../../src/core/db/transaction.ts';
import type { HavenEventType } from '../../src/core/events/event-map.ts';
import { systemActor } from '../../src/core/identity/actor.ts';
import {
  analysisModule,
  importIncidentsCsv,
  parseCapDocument,
  parseMappingSpec,
  validateManyAgainstXsd,
} from '../../src/modules/analysis/index.ts';
import { runWarningScan } from '../../src/modules/analysis/warning.job.ts';
import { dbKinds } from '../support/databases.ts';
import { sharedDataPath } from '../support/shared-data.ts';
import { startTestNode, type TestClient, type TestNode } from '../support/test-node.ts';

const xsdPath = sharedDataPath('cap/CAP-v1.2.xsd');
const examples = sharedDataPath('cap/examples/valid');

/** Deterministic incidents in the demo county: a background plus a dense cluster near one point. */
function demoCsv(): string {
  const lines = ['time,lat,lon,kind'];
  let seed = 7;
  const rnd = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const types = ['theft', 'assault', 'burglary'];
  for (let i = 0; i < 1500; i++) {
    const day = 1 + Math.floor(rnd() * 28);
    const month = 1 + Math.floor(rnd() * 6);
    const hour = Math.floor(rnd() * 24);
    const t = `2025-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')} ${String(hour).padStart(2, '0')}:15`;
    lines.push(
      `${t},${(22.52 + rnd() * 0.2).toFixed(5)},${(113.82 + rnd() * 0.26).toFixed(5)},${types[i % 3]}`,
    );
  }
  for (let i = 0; i < 300; i++) {
    const t = `2025-03-${String(1 + (i % 28)).padStart(2, '0')} ${String(i % 24).padStart(2, '0')}:40`;
    lines.push(`${t},${(22.6 + rnd() * 0.004).toFixed(5)},${(113.95 + rnd() * 0.004).toFixed(5)},theft`);
  }
  return `${lines.join('\n')}\n`;
}

const period = 'from=2025-01-01&to=2025-06-30&tz=Asia%2FShanghai';

describe.each(dbKinds)('analysis API on %s', (kind) => {
  let node: TestNode;
  let analyst: TestClient;
  let supervisor: TestClient;
  beforeAll(async () => {
    node = await startTestNode(kind, { modules: [analysisModule] });
    const r = await importIncidentsCsv(node.services, systemActor('test'), demoCsv(), 'demo.csv', {
      mapping: parseMappingSpec('time=time,lat=lat,lon=lon,type=kind'),
      timeZone: 'Asia/Shanghai',
    });
    expect(r.rejected).toEqual([]);
    analyst = await node.signIn('analyst');
    supervisor = await node.signIn('supervisor');
  }, 60_000);
  afterAll(async () => node?.close());

  it('statistics equal SQL computed independently', async () => {
    const res = await analyst.request({ url: `/api/analysis/stats?${period}` });
    expect(res.statusCode).toBe(200);
    const s = res.json();
    const db = node.services.database.db;
    const where = sql`occurred_at >= '2025-01-01T00:00:00+08:00' AND occurred_at < '2025-07-01T00:00:00+08:00'`;
    const total = await sql<{
      n: string;
    }>`SELECT count(*) AS n FROM analysis_incidents WHERE ${where}`.execute(db);
    expect(s.total).toBe(Number(total.rows[0]!.n));
    expect(s.total).toBe(1800);
    const types = await sql<{
      t: string;
      n: string;
    }>`SELECT type_code AS t, count(*) AS n FROM analysis_incidents
      WHERE ${where} GROUP BY 1`.execute(db);
    expect(Object.fromEntries(s.byType.map((x: { key: string; count: number }) => [x.key, x.count]))).toEqual(
      Object.fromEntries(types.rows.map((r) => [r.t, Number(r.n)])),
    );
    // Hour x weekday in Shanghai local time: Monday = row 0.
    const hw = await sql<{
      d: string;
      h: string;
      n: string;
    }>`SELECT to_char(occurred_at + interval '8 hours', 'ID') AS d,
      to_char(occurred_at + interval '8 hours', 'HH24') AS h, count(*) AS n FROM analysis_incidents WHERE ${where} GROUP BY 1, 2`.execute(
      db,
    );
    for (const r of hw.rows) expect(s.hourWeekday[Number(r.d) - 1][Number(r.h)]).toBe(Number(r.n));
    const daily = await sql<{
      d: string;
      n: string;
    }>`SELECT to_char(occurred_at + interval '8 hours', 'YYYY-MM-DD') AS d,
      count(*) AS n FROM analysis_incidents WHERE ${where} GROUP BY 1`.execute(db);
    const byDay = new Map(daily.rows.map((r) => [r.d, Number(r.n)]));
    expect(s.daily).toHaveLength(181);
    for (const p of s.daily) expect(p.count).toBe(byDay.get(p.date) ?? 0);
    const idx = s.daily.findIndex((p: { date: string }) => p.date === '2025-03-10');
    const last7 = s.daily.slice(idx - 6, idx + 1).reduce((a: number, p: { count: number }) => a + p.count, 0);
    expect(s.daily[idx].avg7).toBeCloseTo(last7 / 7, 9);
    expect(s.compstat.yearToDate.current.count).toBe(1800);
    expect(s.byJurisdiction.reduce((a: number, x: { count: number }) => a + x.count, 0)).toBe(1800);
    const csv = await analyst.request({ url: `/api/analysis/stats.csv?${period}&table=daily` });
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.body.split('\n')[0]).toBe('date,count,avg7,avg28');
    expect(csv.body.trim().split('\n')).toHaveLength(182);
    // Scoped: a centre user of township 990101001 sees only that township (and no analysis permission at all).
    const centre = await node.signIn('centre');
    expect((await centre.request({ url: `/api/analysis/stats?${period}` })).statusCode).toBe(403);
  });

  it('finds the injected hotspot with Gi* and returns GeoJSON hexes', async () => {
    const res = await analyst.request({
      url: `/api/analysis/hotspots?${period}&resolution=8&significantOnly=true`,
    });
    expect(res.statusCode).toBe(200);
    const fc = res.json();
    expect(fc.type).toBe('FeatureCollection');
    const hot = fc.features.filter((f: { properties: { kind: string } }) => f.properties.kind === 'hot');
    expect(hot.map((f: { id: string }) => f.id)).toContain(latLngToCell(22.602, 113.952, 8));
    const ring = hot[0].geometry.coordinates[0];
    expect(ring.length).toBeGreaterThanOrEqual(7);
    expect(ring.at(-1)).toEqual(ring[0]);
    const kde = await analyst.request({ url: `/api/analysis/density?${period}&resolution=8&bandwidthM=800` });
    expect(kde.json().features.length).toBeGreaterThan(0);
    const knox = await analyst.request({
      url: `/api/analysis/knox?${period}&distanceBandsM=200,600&timeBandsDays=3,7&permutations=19`,
    });
    expect(knox.statusCode).toBe(200);
    expect(knox.json().table).toHaveLength(3);
  });

  it('renders a monthly situation report with the right figures and hotspots', async () => {
    const res = await analyst.request({
      url: '/api/analysis/reports/situation.html?period=month&asOf=2025-03-31&tz=Asia%2FShanghai&lang=en',
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    const march = await sql<{ n: string }>`SELECT count(*) AS n FROM analysis_incidents
      WHERE occurred_at >= '2025-03-01T00:00:00+08:00' AND occurred_at < '2025-04-01T00:00:00+08:00'`.execute(
      node.services.database.db,
    );
    expect(res.body).toContain(`<b data-figure="total">${march.rows[0]!.n}</b>`);
    expect(res.body).toContain('Monthly situation report');
    expect(res.body).toContain(latLngToCell(22.602, 113.952, 8));
  });

  it('publishes a CAP warning only after a different supervisor approves; update and cancel reference it', async () => {
    const body = {
      template: 'crime_cluster',
      language: 'en',
      headline: 'More thefts around the market',
      description: 'Thefts from vehicles have increased near the central market.',
      expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
      areaDesc: 'Township 1',
      jurisdictionCodes: ['990101001'],
    };
    const draft = await analyst.request({ method: 'POST', url: '/api/analysis/cap/alerts', payload: body });
    expect(draft.statusCode).toBe(201);
    const id = draft.json().id;
    expect((await node.app.inject({ url: '/api/public/warnings' })).json()).toEqual([]);
    expect(
      (await analyst.request({ method: 'POST', url: `/api/analysis/cap/alerts/${id}/approve` })).statusCode,
    ).toBe(403);
    const own = await supervisor.request({ method: 'POST', url: '/api/analysis/cap/alerts', payload: body });
    const self = await supervisor.request({
      method: 'POST',
      url: `/api/analysis/cap/alerts/${own.json().id}/approve`,
    });
    expect(self.statusCode).toBe(409);
    const ok = await supervisor.request({ method: 'POST', url: `/api/analysis/cap/alerts/${id}/approve` });
    expect(ok.statusCode).toBe(200);
    const pub = (await node.app.inject({ url: '/api/public/warnings' })).json();
    expect(pub.map((w: { id: string }) => w.id)).toEqual([id]);
    const page = await node.app.inject({ url: '/api/public/warnings.html?lang=en' });
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.body).toContain('More thefts around the market');
    const xml = await node.app.inject({ url: `/api/cap/alerts/${id}.xml` });
    expect(xml.headers['content-type']).toMatch(/^application\/cap\+xml/);
    const atom = await node.app.inject({ url: '/api/cap/alerts.atom' });
    expect(atom.body).toContain(`/api/cap/alerts/${id}.xml`);
    const upd = await analyst.request({
      method: 'POST',
      url: `/api/analysis/cap/alerts/${id}/update`,
      payload: {
        ...body,
        headline: 'Thefts continue around the market',
        jurisdictionCodes: undefined,
        area: {
          type: 'Polygon',
          coordinates: [
            [
              [113.9, 22.55],
              [113.98, 22.55],
              [113.98, 22.62],
              [113.9, 22.55],
            ],
          ],
        },
      },
    });
    expect(upd.statusCode).toBe(201);
    await supervisor.request({ method: 'POST', url: `/api/analysis/cap/alerts/${upd.json().id}/approve` });
    const updXml = (await node.app.inject({ url: `/api/cap/alerts/${upd.json().id}.xml` })).body;
    const updAlert = parseCapDocument(updXml).alerts[0]!.alert;
    expect(updAlert.msgType).toBe('Update');
    expect(updAlert.references.map((r) => r.identifier)).toEqual([`haven-${id}`]);
    const cancel = await analyst.request({
      method: 'POST',
      url: `/api/analysis/cap/alerts/${upd.json().id}/cancel`,
    });
    await supervisor.request({ method: 'POST', url: `/api/analysis/cap/alerts/${cancel.json().id}/approve` });
    expect((await node.app.inject({ url: '/api/public/warnings' })).json()).toEqual([]);
    const cancelXml = (await node.app.inject({ url: `/api/cap/alerts/${cancel.json().id}.xml` })).body;
    const cancelAlert = parseCapDocument(cancelXml).alerts[0]!.alert;
    expect(cancelAlert.msgType).toBe('Cancel');
    expect(cancelAlert.references.map((r) => r.identifier)).toEqual([
      `haven-${id}`,
      `haven-${upd.json().id}`,
    ]);
    if (xsdPath) {
      const results = await validateManyAgainstXsd(
        [xml.body, updXml, cancelXml],
        readFileSync(xsdPath, 'utf8'),
      );
      expect(results.map((r) => r.errors)).toEqual([[], [], []]);
    }
  });

  it.skipIf(!examples)('ingests external CAP alerts with every area into the situation map', async () => {
    let areas = 0;
    for (const f of [
      'oasis_example_nws_severe_thunderstorm_2003.xml',
      'australia_bom.xml',
      'canada_naad_weather_2019-07-12.xml',
    ]) {
      const xml = readFileSync(join(examples!, f), 'utf8');
      const doc = parseCapDocument(xml);
      areas += doc.alerts.flatMap((a) => a.alert.infos.flatMap((i) => i.areas)).length;
      const res = await supervisor.request({
        method: 'POST',
        url: '/api/analysis/cap/ingest',
        payload: { xml },
      });
      expect(res.statusCode).toBe(200);
      expect(res.json().stored).toHaveLength(doc.alerts.length);
    }
    expect(readdirSync(examples!).length).toBeGreaterThan(3);
    const db = node.services.database.db;
    const stored = await sql<{
      n: string;
    }>`SELECT sum(jsonb_array_length(areas->'features')) AS n FROM analysis_cap_alerts
      WHERE origin = 'external'`.execute(db);
    expect(Number(stored.rows[0]!.n)).toBe(areas);
  });

  it('copies dispatch incidents from their events, tolerating odd payloads', async () => {
    const incidentId = '01900000-0000-7000-8000-000000000001';
    await transact(node.services.database, systemActor('test'), async (tx) => {
      const emit = tx.emit as (
        t: HavenEventType,
        p: unknown,
        s: { jurisdictionPath: string | null; permission: string | null },
      ) => void;
      emit(
        'dispatch.incident.created' as HavenEventType,
        { nonsense: true },
        { jurisdictionPath: null, permission: null },
      );
      emit(
        'dispatch.incident.created' as HavenEventType,
        {
          id: incidentId,
          typeCode: 'fire.building',
          category: 'fire',
          priority: 1,
          lon: 113.95,
          lat: 22.6,
          jurisdictionPath: '990101.990101001',
          receivedAt: '2025-05-01T10:00:00.000Z',
          dispatchedAt: '2025-05-01T10:01:30.000Z',
          onSceneAt: '2025-05-01T10:09:00.000Z',
          status: 'on_scene',
        },
        { jurisdictionPath: null, permission: null },
      );
    });
    await node.services.relay.wake();
    let row: { n: string } | undefined;
    for (let i = 0; i < 50; i++) {
      const r = await sql<{
        n: string;
      }>`SELECT count(*) AS n FROM analysis_incidents WHERE source_ref = ${incidentId}`.execute(
        node.services.database.db,
      );
      row = r.rows[0];
      if (Number(row?.n) === 1) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(Number(row?.n)).toBe(1);
    const s = (await analyst.request({ url: '/api/analysis/stats?from=2025-05-01&to=2025-05-01' })).json();
    expect(s.responseTimes.n).toBe(1);
    expect(s.responseTimes.dispatchP50).toBe(90);
    expect(s.responseTimes.onSceneMinutes[9]).toBe(1);
  });

  it('the early-warning scan raises an injected cluster once, even when run twice', async () => {
    const csv = ['time,lat,lon,kind'];
    for (let i = 0; i < 60; i++)
      csv.push(
        `2025-06-2${i % 3} ${String(i % 24).padStart(2, '0')}:10,22.700${i % 9},114.050${i % 7},theft`,
      );
    await importIncidentsCsv(node.services, systemActor('test'), `${csv.join('\n')}\n`, 'cluster.csv', {
      mapping: parseMappingSpec('time=time,lat=lat,lon=lon,type=kind'),
      timeZone: 'UTC',
    });
    const now = new Date('2025-06-22T23:00:00Z');
    const first = await runWarningScan(node.services, { now, replicates: 99, minRecurrenceDays: 50 });
    expect(first.length).toBeGreaterThan(0);
    expect(first[0]!.cells).toContain(latLngToCell(22.7004, 114.0503, 8));
    const again = await runWarningScan(node.services, { now, replicates: 99, minRecurrenceDays: 50 });
    expect(again).toEqual([]);
    const list = (await analyst.request({ url: '/api/analysis/warnings' })).json();
    expect(list.length).toBe(first.length);
  });
});
