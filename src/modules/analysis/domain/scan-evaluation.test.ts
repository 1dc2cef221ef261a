import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { gridDisk, latLngToCell } from 'h3-js';
import { describe, expect, it } from 'vitest';
import { sharedDataPath } from '../../../../test/support/shared-data.ts';
import { formatDay, parseDay } from './civil-date.ts';
import { createRng, randomInt, randomPoisson } from './rng.ts';
import { injectClusters, replayScan } from './scan-evaluation.ts';
import type { ScanCase } from './space-time-scan.ts';

const scan = { studyDays: 56, maxWindowDays: 7, maxRadiusK: 2, replicates: 999, seed: 11 };

describe('replayScan on a stationary homogeneous series', () => {
  it('raises few alarms', () => {
    const area = gridDisk(latLngToCell(41.85, -87.68, 8), 6);
    const rng = createRng(21);
    const cases: ScanCase[] = [];
    for (let day = 0; day < 240; day++) {
      const n = randomPoisson(rng, 20);
      for (let i = 0; i < n; i++) cases.push({ cell: area[randomInt(rng, area.length)]!, day });
    }
    const report = replayScan(cases, { fromDay: 56, toDay: 239, scan, alarmRecurrenceDays: 100 });
    console.log(
      `stationary replay: ${report.days} days, ${report.falseAlarms} alarms (RI ≥ 100 d) on ${report.falseAlarmDays} days = ${report.falseAlarmsPerMonth.toFixed(2)} per month`,
    );
    // Under the null ~1 alarm per 100 daily analyses is expected (p ≤ 0.01 per day).
    expect(report.falseAlarmsPerMonth).toBeLessThanOrEqual(1.5);
  });
});

describe('injectClusters', () => {
  it('adds Poisson cases inside the disk on the injected days only', () => {
    const centre = latLngToCell(41.85, -87.68, 9);
    const { cases, injected } = injectClusters(
      [],
      [{ centre, radiusK: 1, startDay: 10, durationDays: 5, casesPerDay: 4 }],
      3,
    );
    expect(cases.length).toBe(injected[0]);
    const disk = new Set(gridDisk(centre, 1));
    expect(cases.every((c) => disk.has(c.cell) && c.day >= 10 && c.day < 15)).toBe(true);
  });
});

const file = sharedDataPath('crime/chicago/chicago_aggravated_assaults_2010_2019.csv.gz');

describe.skipIf(!file)('replayScan on Chicago aggravated assaults 2019 (res 8)', () => {
  it('detects injected clusters and reports false alarms per month', () => {
    const rows = gunzipSync(readFileSync(file!)).toString('utf8').trim().split('\n');
    const head = rows[0]!.split(',');
    const [iLat, iLon] = [head.indexOf('latitude'), head.indexOf('longitude')];
    const cases: ScanCase[] = [];
    for (const row of rows.slice(1)) {
      if (!row.startsWith('2019')) continue;
      const f = row.split(',');
      const lat = Number(f[iLat]);
      const lon = Number(f[iLon]);
      if (!lat || !lon) continue;
      cases.push({ cell: latLngToCell(lat, lon, 8), day: parseDay(row) });
    }
    const injections = [
      // Lincoln Park and Portage Park: quiet areas; 3 extra assaults a day for a week.
      {
        centre: latLngToCell(41.921, -87.649, 8),
        radiusK: 1,
        startDay: parseDay('2019-06-10'),
        durationDays: 7,
        casesPerDay: 3,
      },
      {
        centre: latLngToCell(41.958, -87.765, 8),
        radiusK: 1,
        startDay: parseDay('2019-07-15'),
        durationDays: 7,
        casesPerDay: 3,
      },
    ];
    const report = replayScan(cases, {
      fromDay: parseDay('2019-06-01'),
      toDay: parseDay('2019-07-31'),
      scan: { ...scan, studyDays: 90, replicates: 499 },
      alarmRecurrenceDays: 100,
      injections,
      seed: 5,
    });
    for (const o of report.injections) {
      console.log(
        `Chicago replay: injected ${o.injectedCases} cases from ${formatDay(o.injection.startDay)}, detected ${o.detectedDay === null ? 'never' : formatDay(o.detectedDay)} (delay ${o.delayDays} d)`,
      );
    }
    console.log(
      `Chicago replay: ${report.days} days, ${report.alarms.length} alarms, ${report.falseAlarms} not from injections on ${report.falseAlarmDays} days = ${report.falseAlarmsPerMonth.toFixed(2)}/month`,
    );
    expect(report.detected).toBe(2);
    for (const o of report.injections) expect(o.delayDays!).toBeLessThanOrEqual(3);
  });
});
