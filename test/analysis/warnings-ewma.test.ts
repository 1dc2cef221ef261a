import { latLngToCell } from 'h3-js';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/core/identity/actor.ts';
import { analysisModule, importIncidentsCsv, parseMappingSpec } from '../../src/modules/analysis/index.ts';
import { runEwmaWarnings } from '../../src/modules/analysis/warning.job.ts';
import { dbKinds } from '../support/databases.ts';
import { startTestNode, type TestNode } from '../support/test-node.ts';

const places = [
  [22.6, 113.95],
  [22.56, 113.88],
  [22.65, 114.02],
  [22.7, 113.9],
  [22.58, 114.05],
] as const;

async function load(node: TestNode, lines: string[], name: string) {
  const r = await importIncidentsCsv(
    node.services,
    systemActor('test'),
    `time,lat,lon,kind\n${lines.join('\n')}\n`,
    name,
    {
      mapping: parseMappingSpec('time=time,lat=lat,lon=lon,type=kind'),
      timeZone: 'UTC',
    },
  );
  expect(r.rejected).toEqual([]);
}

describe.each(dbKinds)('EWMA early warning in the job on %s', (kind) => {
  let node: TestNode;
  beforeAll(async () => {
    node = await startTestNode(kind, { modules: [analysisModule] });
    // A flat history: one theft at each place at 08:10 and 20:10 UTC every day of 9 weeks.
    const lines: string[] = [];
    for (let d = 0; d < 63; d++) {
      const day = new Date(Date.UTC(2025, 4, 1) + d * 86_400_000).toISOString().slice(0, 10);
      for (const [lat, lon] of places)
        for (const h of ['08', '20']) lines.push(`${day} ${h}:10,${lat},${lon},theft`);
    }
    await load(node, lines, 'flat.csv');
  }, 180_000);
  afterAll(async () => node?.close());

  const now = new Date('2025-07-02T16:30:00Z');

  it('a flat history raises no EWMA alert', async () => {
    expect(await runEwmaWarnings(node.services, { now, minRecurrenceDays: 0 })).toEqual([]);
  });

  it('a surge in one cell raises one EWMA warning with its significance and recurrence, once', async () => {
    const [lat, lon] = places[2];
    await load(
      node,
      Array.from(
        { length: 8 },
        (_, i) => `2025-07-02 ${13 + (i % 3)}:${String(10 + i).padStart(2, '0')},${lat},${lon},theft`,
      ),
      'surge.csv',
    );
    const raised = await runEwmaWarnings(node.services, { now });
    expect(raised).toHaveLength(1);
    const w = raised[0]!;
    expect(w.method).toBe('ewma_hour_of_week');
    expect(w.centre).toBe(latLngToCell(lat, lon, 8));
    expect(w.windowStart.slice(0, 10)).toBe('2025-07-02');
    expect(w.p).toBeLessThan(0.001);
    expect(w.recurrenceDays).toBeGreaterThanOrEqual(30);
    expect(w.observed).toBeGreaterThanOrEqual(3);
    expect(w.jurisdictionPath).not.toBeNull();
    // The next hourly run (chart restarted) sees the same run of alarms: nothing new.
    expect(await runEwmaWarnings(node.services, { now: new Date('2025-07-02T17:30:00Z') })).toEqual([]);
    const events = await sql<{ n: string }>`SELECT count(*) AS n FROM events
      WHERE type = 'analysis.warning.raised' AND payload->>'method' = 'ewma_hour_of_week'`.execute(
      node.services.database.db,
    );
    expect(Number(events.rows[0]!.n)).toBe(1);
    const analyst = await node.signIn('analyst');
    const list = (await analyst.request({ url: '/api/analysis/warnings' })).json();
    expect(list).toEqual([
      expect.objectContaining({ id: w.id, method: 'ewma_hour_of_week', h3: w.centre, p: w.p }),
    ]);
  });
});
