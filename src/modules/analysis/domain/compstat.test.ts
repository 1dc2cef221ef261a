import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sharedDataPath } from '../../../../test/support/shared-data.ts';
import { formatDay, parseDay } from './civil-date.ts';
import {
  compareWithPreviousPeriod,
  compareYearOverYear,
  compareYearToDate,
  compStatSummary,
  type DailyCount,
  hourWeekdayTable,
} from './compstat.ts';

/** One incident per day-of-month value: count(d) = day of month, easy to sum by hand. */
function series(from: string, to: string): DailyCount[] {
  const out: DailyCount[] = [];
  for (let d = parseDay(from); d <= parseDay(to); d++) {
    const date = formatDay(d);
    out.push({ date, count: Number(date.slice(8)) });
  }
  return out;
}

describe('CompStat windows', () => {
  const data = series('2018-01-01', '2019-03-31');

  it('compares the last 7 and 28 days with the periods before', () => {
    const w = compareWithPreviousPeriod(data, '2019-03-14', 7);
    expect(w.current).toEqual({
      from: '2019-03-08',
      to: '2019-03-14',
      count: 8 + 9 + 10 + 11 + 12 + 13 + 14,
    });
    expect(w.previous).toEqual({ from: '2019-03-01', to: '2019-03-07', count: 28 });
    expect(w.change).toBe(77 - 28);
    expect(w.percentChange).toBeCloseTo(175, 10);
    const m = compareWithPreviousPeriod(data, '2019-03-28', 28);
    expect(m.current.count).toBe((28 * 29) / 2);
    expect(m.previous).toEqual({ from: '2019-02-01', to: '2019-02-28', count: (28 * 29) / 2 });
    expect(m.percentChange).toBe(0);
  });

  it('computes year to date and year over year on the same calendar dates', () => {
    const ytd = compareYearToDate(data, '2019-02-02');
    expect(ytd.current).toEqual({ from: '2019-01-01', to: '2019-02-02', count: (31 * 32) / 2 + 3 });
    expect(ytd.previous).toEqual({ from: '2018-01-01', to: '2018-02-02', count: (31 * 32) / 2 + 3 });
    const yoy = compareYearOverYear(data, '2019-01-03', 7);
    expect(yoy.previous).toEqual({ from: '2017-12-28', to: '2018-01-03', count: 6 });
    expect(yoy.percentChange).toBeCloseTo((100 * (28 + 29 + 30 + 31 + 1 + 2 + 3 - 6)) / 6, 10);
  });

  it('reports null percent change against an empty period', () => {
    expect(
      compareWithPreviousPeriod([{ date: '2020-01-10', count: 4 }], '2020-01-10', 7).percentChange,
    ).toBeNull();
  });

  it('window sums add up (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400 }), fc.integer({ min: 1, max: 30 }), (offset, days) => {
        const asOf = formatDay(parseDay('2018-02-01') + offset);
        const w = compareWithPreviousPeriod(data, asOf, days);
        const both = compareWithPreviousPeriod(data, asOf, 2 * days);
        expect(w.current.count + w.previous.count).toBe(both.current.count);
      }),
    );
    const s = compStatSummary(data, '2019-03-31');
    expect(s.last28.current.count).toBe(compareWithPreviousPeriod(data, '2019-03-31', 28).current.count);
  });
});

describe('hourWeekdayTable', () => {
  it('places counts by ISO weekday and hour', () => {
    const t = hourWeekdayTable([
      { date: '2024-01-01', hour: 0, count: 2 }, // Monday
      { date: '2024-01-07', hour: 23, count: 1 }, // Sunday
      { date: '2024-01-08', hour: 0, count: 1 }, // Monday
    ]);
    expect(t.counts[0]![0]).toBe(3);
    expect(t.counts[6]![23]).toBe(1);
    expect(t.total).toBe(4);
    expect(t.byHour[0]).toBe(3);
    expect(t.byWeekday[6]).toBe(1);
  });

  const file = sharedDataPath('crime/chicago/chicago_aggravated_assaults_2010_2019.csv.gz');
  it.skipIf(!file)('tabulates the Chicago assaults (all rows accounted for)', () => {
    const rows = gunzipSync(readFileSync(file!)).toString('utf8').trim().split('\n').slice(1);
    const t = hourWeekdayTable(
      rows.map((r) => ({ date: r.slice(0, 10), hour: Number(r.slice(11, 13)), count: 1 })),
    );
    expect(t.total).toBe(148_636);
    const peak = t.byHour.indexOf(Math.max(...t.byHour));
    console.log(`Chicago assaults: peak hour ${peak}, weekday totals Mon..Sun ${t.byWeekday.join(' ')}`);
  });
});
