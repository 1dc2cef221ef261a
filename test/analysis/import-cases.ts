import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/core/identity/actor.ts';
import {
  analysisModule,
  importIncidentsCsv,
  importIncidentsFile,
  parseMappingSpec,
} from '../../src/modules/analysis/index.ts';
import { sharedDataPath } from '../support/shared-data.ts';
import { startTestNode, type TestNode } from '../support/test-node.ts';

const file = sharedDataPath('crime/chicago/chicago_aggravated_assaults_2010_2019.csv.gz');
// Every row is an aggravated assault; the location category is the category.
const mapping = parseMappingSpec(
  'time=date,lat=latitude,lon=longitude,type==assault.aggravated,category=loc_cat',
);

/** The import tests on one database kind (one file per kind keeps each file under a minute). */
export function importCases(kind: 'pglite' | 'postgres') {
  describe.skipIf(!file)(`import of the Chicago assaults on ${kind}`, () => {
    let node: TestNode;
    let dir: string;
    beforeAll(async () => {
      node = await startTestNode(kind, { modules: [analysisModule] });
      dir = mkdtempSync(join(tmpdir(), 'haven-import-'));
    }, 60_000);
    afterAll(async () => {
      await node?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('imports every row of the real file; injected malformed rows are reported and left out', async () => {
      const text = gunzipSync(readFileSync(file!)).toString('utf8').trimEnd().split('\n');
      const header = text[0]!;
      const good = text.slice(1);
      expect(good.length).toBe(148_636);
      // Malformed rows placed among the good ones (file lines 3, 6, 9, ...).
      const bad = [
        'not a date,street,-87.6277,41.7922,2',
        '2012-02-30 10:00,street,-87.6277,41.7922,2',
        '2012-03-01 10:00,street,,41.7922,2',
        '2012-03-01 10:00,street,-87.6277,141.7922,2',
        '2012-03-01 10:00,street,-87.6277,41.7922,2,extra',
        '2012-03-01 10:00,street,-87.6277',
      ];
      const lines = [header];
      good.forEach((l, i) => {
        lines.push(l);
        if (i < bad.length) lines.push(bad[i]!);
      });
      const mixed = join(dir, 'mixed.csv.gz');
      writeFileSync(mixed, gzipSync(`${lines.join('\n')}\n`));
      const phases = new Set<string>();
      const report = await importIncidentsFile(node.services, systemActor('test'), mixed, {
        mapping,
        timeZone: 'America/Chicago',
        onProgress: (phase) => phases.add(phase),
      });
      expect(phases).toEqual(new Set(['read', 'write']));
      expect(report.imported).toBe(148_636);
      expect(report.outside).toBe(148_636); // Chicago lies outside the demo county: kept with a null path
      expect(report.rejected.map((r) => r.line)).toEqual([3, 5, 7, 9, 11, 13]);
      expect(report.rejected[0]!.reason).toMatch(/time/);
      expect(report.rejected[1]!.reason).toMatch(/time/);
      expect(report.rejected[2]!.reason).toMatch(/longitude/);
      expect(report.rejected[3]!.reason).toMatch(/latitude/);
      expect(report.rejected[4]!.reason).toMatch(/columns/);
      expect(report.rejected[5]!.reason).toMatch(/columns/);
      const db = node.services.database.db;
      const n = await sql<{ n: string; d: string }>`SELECT count(*) AS n, count(DISTINCT category) AS d
      FROM analysis_incidents WHERE batch_id = ${report.batchId}`.execute(db);
      expect(Number(n.rows[0]!.n)).toBe(148_636);
      expect(Number(n.rows[0]!.d)).toBe(13);
      // Every good row is there: compare per-(category, local day) counts with the file itself.
      const fromFile = new Map<string, number>();
      for (const l of good) {
        const [date, category] = l.split(',');
        const key = `${category}|${date!.slice(0, 10)}`;
        fromFile.set(key, (fromFile.get(key) ?? 0) + 1);
      }
      const fromDb = await sql<{ k: string; n: string }>`
      SELECT category || '|' || to_char(occurred_at AT TIME ZONE 'America/Chicago', 'YYYY-MM-DD') AS k, count(*) AS n
      FROM analysis_incidents WHERE batch_id = ${report.batchId} GROUP BY 1`.execute(db);
      expect(new Map(fromDb.rows.map((r) => [r.k, Number(r.n)]))).toEqual(fromFile);
      const first = await sql<{ t: Date; h3: string }>`SELECT occurred_at AS t, h3 FROM analysis_incidents
      WHERE batch_id = ${report.batchId} ORDER BY occurred_at, id LIMIT 1`.execute(db);
      expect(new Date(first.rows[0]!.t).toISOString()).toBe('2010-01-01T06:05:00.000Z');
      expect(first.rows[0]!.h3).toMatch(/^89[0-9a-f]{13}$/);
    }, 60_000);

    it('imports nothing when too many rows are rejected, and can reject rows outside the served area', async () => {
      const db = node.services.database.db;
      const before = await sql<{ n: string }>`SELECT count(*) AS n FROM analysis_incidents`.execute(db);
      const csv =
        'date,loc_cat,longitude,latitude,district\n2019-01-01 10:00,street,113.9,22.6,1\nbad,street,1,1,1\n2019-01-01 11:00,street,-87.6,41.8,2\n';
      const aborted = await importIncidentsCsv(node.services, systemActor('test'), csv, 'x.csv', {
        mapping,
        maxRejected: 0,
      });
      expect(aborted.aborted).toBe(true);
      const strict = await importIncidentsCsv(node.services, systemActor('test'), csv, 'x.csv', {
        mapping,
        outside: 'reject',
      });
      expect(strict.imported).toBe(1);
      expect(strict.rejected.map((r) => [r.line, r.reason])).toEqual([
        [3, expect.stringMatching(/time/)],
        [4, 'outside every served jurisdiction'],
      ]);
      const row = await sql<{ p: string | null }>`SELECT jurisdiction_path::text AS p FROM analysis_incidents
      WHERE batch_id = ${strict.batchId}`.execute(db);
      expect(row.rows[0]!.p).toMatch(/^990101/);
      const after = await sql<{ n: string }>`SELECT count(*) AS n FROM analysis_incidents`.execute(db);
      expect(Number(after.rows[0]!.n)).toBe(Number(before.rows[0]!.n) + 1);
    });
  });
}
