import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/core/identity/actor.ts';
import {
  evaluateWarningsCommand,
  evaluationOptionsFromFlags,
} from '../../src/modules/analysis/evaluate.command.ts';
import { analysisModule, importIncidentsCsv, parseMappingSpec } from '../../src/modules/analysis/index.ts';
import { evaluateWarnings } from '../../src/modules/analysis/warning-evaluation.ts';
import { sharedDataPath } from '../support/shared-data.ts';
import { startTestNode, type TestNode } from '../support/test-node.ts';

const file = sharedDataPath('crime/chicago/chicago_aggravated_assaults_2010_2019.csv.gz');

// The real Chicago aggravated assaults of spring and summer 2019: 63 days of history before a
// four-week replay (PGlite only: the replay is in memory, the database kind does not change it).
describe.skipIf(!file)('evaluation of the early-warning detectors on real Chicago data', () => {
  let node: TestNode;
  beforeAll(async () => {
    node = await startTestNode('pglite', { modules: [analysisModule] });
    const lines = gunzipSync(readFileSync(file!)).toString('utf8').trimEnd().split('\n');
    const rows = lines.filter((l) => l >= '2019-04-25' && l < '2019-07-30');
    const r = await importIncidentsCsv(
      node.services,
      systemActor('test'),
      `${lines[0]}\n${rows.join('\n')}\n`,
      'chicago-2019.csv',
      {
        mapping: parseMappingSpec(
          'time=date,lat=latitude,lon=longitude,type==assault.aggravated,category=loc_cat',
        ),
        timeZone: 'America/Chicago',
      },
    );
    expect(r.rejected).toEqual([]);
    expect(r.imported).toBe(rows.length);
  }, 240_000);
  afterAll(async () => node?.close());

  it('detects injected clusters; stationary false alarms are bounded and reported', async () => {
    const report = await evaluateWarnings(node.services.database, {
      from: '2019-07-01',
      to: '2019-07-28',
      bbox: [-87.95, 41.64, -87.52, 42.03],
      injections: 3,
      casesPerDay: 4,
      durationDays: 5,
      replicates: 99,
    });
    // Reported: the whole JSON, as `haven analysis evaluate` writes it.
    console.log(JSON.stringify(report));
    expect(report.days).toBe(28);
    expect(report.incidents).toBeGreaterThan(3000);
    for (const m of [report.scan!, report.ewma!]) {
      expect(m.injected.clusters).toHaveLength(3);
      expect(m.injected.clusters.every((c) => c.injectedCases > 0)).toBe(true);
      // Deterministic (seeded): scan 3/3 (mean delay 1.3 days), EWMA 3/3 at the time of writing.
      expect(m.injected.detectionRate).toBeGreaterThanOrEqual(2 / 3);
      for (const c of m.injected.clusters)
        if (c.delayDays !== null) expect(c.delayDays).toBeLessThanOrEqual(c.durationDays + 7);
      // Stationary replay of real data: about 1 alarm a month for each (some may be real clusters).
      expect(m.stationary.falseAlarmsPerMonth).toBeLessThanOrEqual(4);
      expect(m.injected.falseAlarmsPerMonth).toBeLessThanOrEqual(4);
    }
  }, 300_000);

  it('the command writes the JSON report and refuses bad flags', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'haven-eval-'));
    try {
      const out = join(dir, 'evaluation.json');
      const code = await evaluateWarningsCommand(node.services, {
        from: '2019-07-20',
        to: '2019-07-24',
        bbox: '-87.95,41.64,-87.52,42.03',
        methods: 'ewma',
        inject: '1',
        out,
      });
      expect(code).toBe(0);
      const report = JSON.parse(readFileSync(out, 'utf8'));
      expect(report.days).toBe(5);
      expect(report.scan).toBeUndefined();
      expect(report.ewma.injected.clusters).toHaveLength(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(() => evaluationOptionsFromFlags({ from: '2019-07-01' })).toThrow(/--to/);
    expect(() => evaluationOptionsFromFlags({ from: '2019-07-01', to: '2019-07-02', bbox: '1,2,3' })).toThrow(
      /--bbox/,
    );
    expect(() =>
      evaluationOptionsFromFlags({ from: '2019-07-01', to: '2019-07-02', methods: 'magic' }),
    ).toThrow(/--methods/);
    expect(() => evaluationOptionsFromFlags({ from: '2019-07-01', to: '2019-07-02', inject: 'x' })).toThrow(
      /--inject/,
    );
    expect(
      await evaluateWarningsCommand(node.services, { from: '2019-07-05', to: '2019-07-01' }).catch((e) => e),
    ).toMatchObject({ status: 400 });
  });
});
