import { latLngToCell } from 'h3-js';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningNode, startNode } from '../../src/app/node.ts';
import { loadConfig } from '../../src/core/config/config.ts';
import { systemActor } from '../../src/core/identity/actor.ts';
import { analysisModule, importIncidentsCsv, parseMappingSpec } from '../../src/modules/analysis/index.ts';
import { situationReportData } from '../../src/modules/analysis/report.service.ts';
import { renderReportPdf } from '../../src/modules/analysis/report-pdf.ts';
import { runScheduledReports } from '../../src/modules/analysis/report-schedule.ts';
import { dbKinds } from '../support/databases.ts';
import { TEST_ADMIN_PASSWORD } from '../support/haven-process.ts';
import { startTestNode, type TestClient, type TestNode } from '../support/test-node.ts';
import { pdfText } from './pdf-text.ts';

/** February and March 2025 in the demo county, with a dense cluster near one point in March. */
function reportCsv(): string {
  const lines = ['time,lat,lon,kind'];
  let seed = 11;
  const rnd = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const kinds = ['theft', 'assault', 'burglary'];
  for (let i = 0; i < 600; i++) {
    const month = i % 2 === 0 ? '02' : '03';
    const day = String(1 + Math.floor(rnd() * 28)).padStart(2, '0');
    const hour = String(Math.floor(rnd() * 24)).padStart(2, '0');
    lines.push(
      `2025-${month}-${day} ${hour}:20,${(22.52 + rnd() * 0.2).toFixed(5)},${(113.82 + rnd() * 0.26).toFixed(5)},${kinds[i % 3]}`,
    );
  }
  for (let i = 0; i < 150; i++)
    lines.push(
      `2025-03-${String(1 + (i % 28)).padStart(2, '0')} 10:40,${(22.6 + rnd() * 0.004).toFixed(5)},${(113.95 + rnd() * 0.004).toFixed(5)},theft`,
    );
  return `${lines.join('\n')}\n`;
}

const hotCell = latLngToCell(22.602, 113.952, 8);

async function countMarch(node: TestNode, path: string): Promise<number> {
  const r = await sql<{ n: string }>`SELECT count(*) AS n FROM analysis_incidents
    WHERE occurred_at >= '2025-03-01T00:00:00+08:00' AND occurred_at < '2025-04-01T00:00:00+08:00'
      AND jurisdiction_path <@ ${path}::ltree`.execute(node.services.database.db);
  return Number(r.rows[0]!.n);
}

describe.each(dbKinds)('situation reports on %s', (kind) => {
  let node: TestNode;
  let analyst: TestClient;
  beforeAll(async () => {
    node = await startTestNode(kind, { modules: [analysisModule] });
    const r = await importIncidentsCsv(node.services, systemActor('test'), reportCsv(), 'report.csv', {
      mapping: parseMappingSpec('time=time,lat=lat,lon=lon,type=kind'),
      timeZone: 'Asia/Shanghai',
    });
    expect(r.rejected).toEqual([]);
    analyst = await node.signIn('analyst');
  }, 180_000);
  afterAll(async () => node?.close());

  it('serves the monthly report as a PDF with the figures, in Chinese and in English', async () => {
    const march = await countMarch(node, '990101');
    const url = '/api/analysis/reports/situation.pdf?period=month&asOf=2025-03-31&tz=Asia%2FShanghai';
    const zh = await analyst.request({ url: `${url}&jurisdiction=990101` });
    expect(zh.statusCode).toBe(200);
    expect(zh.headers['content-type']).toBe('application/pdf');
    expect(zh.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const doc = await pdfText(zh.rawPayload);
    expect(doc.pages).toBeGreaterThanOrEqual(2);
    const all = doc.text.join('\n');
    expect(all).toContain('月态势报告');
    expect(all).toContain('主要热点');
    expect(all).toContain('海文县 (990101)');
    expect(doc.text[0]).toMatch(new RegExp(`(^|\\s)${march}(\\s|$)`));
    expect(all).toContain(hotCell);
    const en = await pdfText((await analyst.request({ url: `${url}&lang=en` })).rawPayload);
    expect(en.text.join('\n')).toContain('Monthly situation report');
    expect(en.text.join('\n')).toContain('Top hotspots');
  });

  it('refuses bad report requests with problem+json', async () => {
    const bad = await analyst.request({
      url: '/api/analysis/reports/situation.pdf?period=year&asOf=2025-03-31',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toMatch(/application\/problem\+json/);
    const tz = await analyst.request({
      url: '/api/analysis/reports/situation.pdf?period=week&asOf=2025-03-31&tz=Mars%2FOlympus',
    });
    expect(tz.statusCode).toBe(400);
    const centre = await node.signIn('centre');
    expect(
      (await centre.request({ url: '/api/analysis/reports/situation.pdf?period=week&asOf=2025-03-31' }))
        .statusCode,
    ).toBe(403);
  });

  it('falls back to a Latin-only English PDF, with a warning, when the CJK font is missing', async () => {
    const data = await situationReportData(
      node.services.database,
      systemActor('test'),
      { period: 'week', asOf: '2025-03-09', tz: 'Asia/Shanghai', lang: 'zh-CN', jurisdiction: '990101' },
      new Date('2025-03-10T00:00:00Z'),
    );
    const warnings: string[] = [];
    const pdf = await renderReportPdf(data, {
      cjkFontPath: '/nonexistent/font.ttc',
      warn: (m) => warnings.push(m),
    });
    expect(warnings).toHaveLength(1);
    const doc = await pdfText(pdf);
    expect(doc.text.join('\n')).toContain('Weekly situation report');
    expect(doc.text[0]).toContain(String(data.total));
  });

  it('schedules a report; two job runs at once archive it once, downloadable as PDF and HTML', async () => {
    const before = await sql<{ n: string }>`SELECT count(*) AS n FROM analysis_report_schedules`.execute(
      node.services.database.db,
    );
    for (const body of [
      { period: 'month', jurisdiction: '990101', tz: 'Nowhere/Land' },
      { period: 'fortnight', jurisdiction: '990101' },
      { period: 'month', jurisdiction: '990101', extra: 1 },
    ]) {
      const res = await analyst.request({
        method: 'POST',
        url: '/api/analysis/reports/schedules',
        payload: body,
      });
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    }
    const unknown = await analyst.request({
      method: 'POST',
      url: '/api/analysis/reports/schedules',
      payload: { period: 'month', jurisdiction: '990101.999' },
    });
    expect(unknown.statusCode).toBe(404);
    const after = await sql<{ n: string }>`SELECT count(*) AS n FROM analysis_report_schedules`.execute(
      node.services.database.db,
    );
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
    const body = { period: 'month', jurisdiction: '990101', tz: 'Asia/Shanghai', lang: 'en' };
    const created = await analyst.request({
      method: 'POST',
      url: '/api/analysis/reports/schedules',
      payload: body,
    });
    expect(created.statusCode).toBe(201);
    const again = await analyst.request({
      method: 'POST',
      url: '/api/analysis/reports/schedules',
      payload: body,
    });
    expect(again.statusCode).toBe(409);

    // 2 April 2025, 08:00 in Shanghai: March has ended there. Two runs race (two nodes on PostgreSQL).
    const now = new Date('2025-04-02T00:00:00Z');
    let other: RunningNode | null = null;
    if (kind === 'postgres') {
      other = await startNode(
        loadConfig({
          HAVEN_PORT: '0',
          HAVEN_DATA_DIR: `${node.fresh.dataDir}/b`,
          HAVEN_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD,
          HAVEN_LOG_LEVEL: 'silent',
          HAVEN_DATABASE_URL: node.fresh.databaseUrl!,
        }),
        [analysisModule],
        { info: () => undefined, warn: () => undefined, error: () => undefined },
      );
    }
    try {
      const runs = await Promise.all([
        runScheduledReports(node.services, { now }),
        runScheduledReports((other ?? node).services, { now }),
      ]);
      const archived = runs.flat().filter((r) => r.periodEnd === '2025-03-31');
      expect(archived).toHaveLength(1);
      expect(archived[0]).toMatchObject({
        period: 'month',
        periodStart: '2025-03-01',
        jurisdictionPath: '990101',
      });
      expect(await runScheduledReports(node.services, { now: new Date('2025-04-20T00:00:00Z') })).toEqual([]);
    } finally {
      await other?.stop();
    }
    const rows = await sql<{ n: string }>`SELECT count(*) AS n FROM analysis_reports
      WHERE period_end = '2025-03-31'`.execute(node.services.database.db);
    expect(Number(rows.rows[0]!.n)).toBe(1);
    const events = await sql<{ payload: { id: string; total: number } }>`SELECT payload FROM events
      WHERE type = 'analysis.report.archived' AND payload->>'periodEnd' = '2025-03-31'`.execute(
      node.services.database.db,
    );
    expect(events.rows).toHaveLength(1);
    const march = await countMarch(node, '990101');
    expect(events.rows[0]!.payload.total).toBe(march);

    const list = (await analyst.request({ url: '/api/analysis/reports/archive' })).json();
    const entry = list.find((r: { periodEnd: string }) => r.periodEnd === '2025-03-31');
    expect(entry).toMatchObject({ id: events.rows[0]!.payload.id, total: march, lang: 'en' });
    const pdf = await analyst.request({ url: `/api/analysis/reports/archive/${entry.id}/report.pdf` });
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = (await pdfText(pdf.rawPayload)).text.join('\n');
    expect(text).toContain('2025-03-01 – 2025-03-31');
    expect(text).toContain('Haven County (990101)');
    expect(text).toContain(hotCell);
    const html = await analyst.request({ url: `/api/analysis/reports/archive/${entry.id}/report.html` });
    expect(html.body).toContain(`<b data-figure="total">${march}</b>`);
    const missing = await analyst.request({
      url: '/api/analysis/reports/archive/01900000-0000-7000-8000-00000000abcd/report.pdf',
    });
    expect(missing.statusCode).toBe(404);

    const schedules = (await analyst.request({ url: '/api/analysis/reports/schedules' })).json();
    expect(schedules.map((s: { id: string }) => s.id)).toContain(created.json().id);
    const del = await analyst.request({
      method: 'DELETE',
      url: `/api/analysis/reports/schedules/${created.json().id}`,
    });
    expect(del.statusCode).toBe(204);
    const kept = (await analyst.request({ url: '/api/analysis/reports/archive' })).json();
    expect(kept.map((r: { id: string }) => r.id)).toContain(entry.id);
  }, 180_000);
});
