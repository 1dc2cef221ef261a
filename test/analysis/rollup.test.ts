// The hourly rollup stays exact through import, dispatch upserts, cancellations and batch
// deletes; statistics read from it equal SQL on raw rows computed here independently, in a
// whole-hour time zone (rollup) and a half-hour one (raw rows); beats in force are attributed
// through a test locator on services.areas and filter and group the statistics; choropleth counts.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transact } from '../../src/core/db/transaction.ts';
import type { HavenEventType } from '../../src/core/events/event-map.ts';
import { systemActor } from '../../src/core/identity/actor.ts';
import { analysisModule, importIncidentsCsv, parseMappingSpec } from '../../src/modules/analysis/index.ts';
import { dbKinds } from '../support/databases.ts';
import { startTestNode, type TestClient, type TestNode } from '../support/test-node.ts';

const MARCH = Date.parse('2025-03-01T00:00:00Z');

/** Incidents over Jan–Apr 2025 at minutes that cross local midnights, three types, two categories. */
function csv(): string {
  const lines = ['time,lat,lon,kind,cat'];
  let seed = 11;
  const rnd = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const types = ['theft', 'assault', 'burglary'];
  for (let i = 0; i < 900; i++) {
    const t = new Date(Date.UTC(2025, 0, 1) + Math.floor(rnd() * 120 * 86_400_000)).toISOString();
    const lat = (22.52 + rnd() * 0.2).toFixed(5);
    const lon = (113.82 + rnd() * 0.26).toFixed(5);
    lines.push(`${t},${lat},${lon},${types[i % 3]},${i % 4 === 0 ? 'street' : 'home'}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Raw rows regrouped exactly as the rollup keys them, compared both ways. */
async function rollupMismatches(node: TestNode): Promise<number> {
  const r = await sql<{ n: string }>`
    WITH raw AS (SELECT date_trunc('hour', occurred_at, 'UTC') AS hour, type_code, category,
        jurisdiction_path, beat_code, count(*)::int AS n FROM analysis_incidents GROUP BY 1, 2, 3, 4, 5),
      roll AS (SELECT hour, type_code, category, jurisdiction_path, beat_code, n FROM analysis_incident_hours)
    SELECT count(*) AS n FROM ((SELECT * FROM raw EXCEPT SELECT * FROM roll)
      UNION ALL (SELECT * FROM roll EXCEPT SELECT * FROM raw)) d`.execute(node.services.database.db);
  return Number(r.rows[0]!.n);
}

async function waitFor(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('condition not reached');
}

describe.each(dbKinds)('analysis rollup, beats and choropleth on %s', (kind) => {
  let node: TestNode;
  let analyst: TestClient;
  let batchId: string;
  beforeAll(async () => {
    node = await startTestNode(kind, { modules: [analysisModule] });
    // West of 113.95: beat W1 until March, W2 from March (a redesign); east: E1 always.
    node.services.areas.provide('patrol.beats', {
      locate: (lon, _lat, at) =>
        lon < 113.95
          ? at.getTime() < MARCH
            ? { id: 'b-w1', code: 'W1' }
            : { id: 'b-w2', code: 'W2' }
          : lon < 114.05
            ? { id: 'b-e1', code: 'E1' }
            : null,
    });
    const r = await importIncidentsCsv(node.services, systemActor('test'), csv(), 'rollup.csv', {
      mapping: parseMappingSpec('time=time,lat=lat,lon=lon,type=kind,category=cat'),
    });
    expect(r.rejected).toEqual([]);
    batchId = r.batchId!;
    analyst = await node.signIn('analyst');
  }, 60_000);
  afterAll(async () => node?.close());

  const db = () => node.services.database.db;

  it('attributes each imported incident to the beat in force at its place and time', async () => {
    const r = await sql<{ beat_code: string | null; ok: boolean; n: string }>`
      SELECT beat_code, bool_and(CASE
        WHEN lon < 113.95 AND occurred_at < '2025-03-01Z' THEN beat_code = 'W1' AND beat_id = 'b-w1'
        WHEN lon < 113.95 THEN beat_code = 'W2'
        WHEN lon < 114.05 THEN beat_code = 'E1'
        ELSE beat_code IS NULL AND beat_id IS NULL END) AS ok, count(*) AS n
      FROM analysis_incidents GROUP BY 1 ORDER BY 1`.execute(db());
    expect(r.rows.map((x) => x.beat_code)).toEqual(['E1', 'W1', 'W2', null]);
    expect(r.rows.every((x) => x.ok)).toBe(true);
    expect(await rollupMismatches(node)).toBe(0);
  });

  it('reads statistics from the rollup in a whole-hour zone and they equal SQL on raw rows', async () => {
    for (const [tz, source, offset] of [
      ['Asia/Shanghai', 'rollup', '8 hours'],
      ['Asia/Kolkata', 'raw', '5 hours 30 minutes'],
    ] as const) {
      const res = await analyst.request({
        url: `/api/analysis/stats?from=2025-01-15&to=2025-04-10&tz=${encodeURIComponent(tz)}`,
      });
      expect(res.statusCode).toBe(200);
      const s = res.json();
      expect(s.source).toBe(source);
      const local = sql.raw(`(occurred_at AT TIME ZONE 'UTC' + interval '${offset}')`);
      const rows = await sql<{ d: string; h: number; dow: number; t: string; c: string; b: string | null }>`
        SELECT to_char(${local}, 'YYYY-MM-DD') AS d, extract(hour FROM ${local})::int AS h,
          extract(isodow FROM ${local})::int AS dow, type_code AS t, category AS c, beat_code AS b
        FROM analysis_incidents`.execute(db());
      const inPeriod = rows.rows.filter((r) => r.d >= '2025-01-15' && r.d <= '2025-04-10');
      expect(s.total).toBe(inPeriod.length);
      const tally = (keys: (string | null)[]) => {
        const m: Record<string, number> = {};
        for (const k of keys) m[String(k)] = (m[String(k)] ?? 0) + 1;
        return m;
      };
      const asMap = (xs: { key: string | null; count: number }[]) =>
        Object.fromEntries(xs.map((x) => [String(x.key), x.count]));
      expect(asMap(s.byType)).toEqual(tally(inPeriod.map((r) => r.t)));
      expect(asMap(s.byCategory)).toEqual(tally(inPeriod.map((r) => r.c)));
      expect(asMap(s.byBeat)).toEqual(tally(inPeriod.map((r) => r.b)));
      const hw = Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
      for (const r of inPeriod) hw[r.dow - 1]![r.h]! += 1;
      expect(s.hourWeekday).toEqual(hw);
      const byDay = tally(rows.rows.map((r) => r.d));
      for (const p of s.daily) expect(p.count).toBe(byDay[p.date] ?? 0);
      expect(s.compstat.yearToDate.current.count).toBe(
        rows.rows.filter((r) => r.d >= '2025-01-01' && r.d <= '2025-04-10').length,
      );
      // The same statistics read from raw rows on purpose.
      const { statsSummary } = await import('../../src/modules/analysis/stats.service.ts');
      const raw = await statsSummary(
        node.services.database,
        systemActor('test', ['analysis.read']),
        { from: '2025-01-15', to: '2025-04-10', tz },
        { raw: true },
      );
      expect(raw.source).toBe('raw');
      expect({ ...raw, source: s.source, filter: s.filter }).toEqual(s);
    }
  });

  it('filters statistics by beat, and by "none" for incidents outside every beat', async () => {
    const q = 'from=2025-01-01&to=2025-04-30';
    const count = async (where: ReturnType<typeof sql>) =>
      Number(
        (
          await sql<{ n: string }>`SELECT count(*) AS n FROM analysis_incidents WHERE ${where}
            AND occurred_at >= '2025-01-01Z' AND occurred_at < '2025-05-01Z'`.execute(db())
        ).rows[0]!.n,
      );
    const w = (await analyst.request({ url: `/api/analysis/stats?${q}&beats=W1,W2` })).json();
    expect(w.total).toBe(await count(sql`beat_code IN ('W1', 'W2')`));
    expect(w.total).toBeGreaterThan(0);
    const none = (await analyst.request({ url: `/api/analysis/stats?${q}&beats=none` })).json();
    expect(none.total).toBe(await count(sql`beat_code IS NULL`));
    expect(none.total).toBeGreaterThan(0);
    const hot = (await analyst.request({ url: `/api/analysis/hotspots?${q}&beats=E1&resolution=7` })).json();
    expect(hot.meta.incidents).toBe(await count(sql`beat_code = 'E1'`));
  });

  it('answers counts per jurisdiction at a level for the choropleth', async () => {
    const res = await analyst.request({
      url: '/api/analysis/choropleth?from=2025-01-01&to=2025-04-30&level=township',
    });
    expect(res.statusCode).toBe(200);
    const fc = res.json();
    expect(fc.features.length).toBeGreaterThan(0);
    const expected = await sql<{ path: string; n: string }>`
      SELECT j.path::text AS path, count(i.id) AS n FROM jurisdictions j
      LEFT JOIN analysis_incidents i ON i.jurisdiction_path <@ j.path
        AND i.occurred_at >= '2025-01-01Z' AND i.occurred_at < '2025-05-01Z'
      WHERE j.level = 'township' GROUP BY 1`.execute(db());
    const want = Object.fromEntries(expected.rows.map((r) => [r.path, Number(r.n)]));
    for (const f of fc.features) expect(f.properties.count).toBe(want[f.properties.path]);
    expect(fc.meta.max).toBe(Math.max(...Object.values(want)));
    expect(fc.features.some((f: { geometry: unknown }) => f.geometry !== null)).toBe(true);
  });

  it('rejects bad input with problem+json and changes nothing', async () => {
    const before = await sql<{ n: string }>`SELECT sum(n) AS n FROM analysis_incident_hours`.execute(db());
    for (const url of [
      '/api/analysis/stats?from=2025-01-01&to=2025-04-30&beats=W1;DROP',
      '/api/analysis/choropleth?from=2025-01-01&to=2025-04-30&level=planet',
      '/api/analysis/choropleth?from=2025-04-30&to=2025-01-01&level=county',
      '/api/analysis/stats?from=2025-01-01&to=2025-04-30&tz=Mars%2FOlympus',
      '/api/analysis/knox?from=2025-01-01&to=2025-04-30&distanceBandsM=400,200&timeBandsDays=7',
      '/api/analysis/knox?from=2025-01-01&to=2025-04-30&distanceBandsM=200&timeBandsDays=7,7',
    ]) {
      const res = await analyst.request({ url });
      expect(res.statusCode, url).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    }
    const after = await sql<{ n: string }>`SELECT sum(n) AS n FROM analysis_incident_hours`.execute(db());
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
  });

  it('keeps the rollup exact through dispatch upserts, cancellations and batch deletes', async () => {
    const id = '01900000-0000-7000-8000-0000000000aa';
    const summary = (over: Record<string, unknown>) => ({
      id,
      typeCode: 'fire.building',
      category: 'fire',
      priority: 1,
      lon: 113.9,
      lat: 22.6,
      jurisdictionPath: '990101.990101001',
      receivedAt: '2025-02-10T23:30:00.000Z',
      status: 'new',
      ...over,
    });
    const emit = async (type: string, payload: unknown) => {
      await transact(node.services.database, systemActor('test'), async (tx) => {
        (tx.emit as (t: HavenEventType, p: unknown, s: unknown) => void)(type as HavenEventType, payload, {
          jurisdictionPath: null,
          permission: null,
        });
      });
      await node.services.relay.wake();
    };
    const row = async () =>
      (
        await sql<{ type_code: string; beat_code: string | null }>`SELECT type_code, beat_code
          FROM analysis_incidents WHERE source_ref = ${id}`.execute(db())
      ).rows[0];
    await emit('dispatch.incident.created', summary({}));
    await waitFor(async () => (await row()) !== undefined);
    expect((await row())!.beat_code).toBe('W1');
    expect(await rollupMismatches(node)).toBe(0);
    // Moved in time (into the redesigned beat) and retyped: the old bucket loses it.
    await emit(
      'dispatch.incident.updated',
      summary({ typeCode: 'traffic.collision', category: 'traffic', receivedAt: '2025-03-02T08:00:00Z' }),
    );
    await waitFor(async () => (await row())?.type_code === 'traffic.collision');
    expect((await row())!.beat_code).toBe('W2');
    expect(await rollupMismatches(node)).toBe(0);
    const old = await sql<{ n: string }>`SELECT count(*) AS n FROM analysis_incident_hours
      WHERE type_code = 'fire.building'`.execute(db());
    expect(Number(old.rows[0]!.n)).toBe(0);
    await emit('dispatch.incident.updated', summary({ status: 'cancelled' }));
    await waitFor(async () => (await row()) === undefined);
    expect(await rollupMismatches(node)).toBe(0);
    await sql`DELETE FROM analysis_import_batches WHERE id = ${batchId}`.execute(db());
    expect(await rollupMismatches(node)).toBe(0);
    const left = await sql<{ roll: string; raw: string }>`SELECT
      (SELECT sum(n) FROM analysis_incident_hours) AS roll, (SELECT count(*) FROM analysis_incidents) AS raw`.execute(
      db(),
    );
    expect(Number(left.rows[0]!.roll)).toBe(Number(left.rows[0]!.raw));
    const gone = await sql<{ n: string }>`SELECT count(*) AS n FROM analysis_incident_hours
      WHERE hour >= '2025-01-01Z' AND hour < '2025-06-01Z'`.execute(db());
    expect(Number(gone.rows[0]!.n)).toBe(0);
  });
});
