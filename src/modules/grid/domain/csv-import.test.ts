import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { parse } from 'csv-parse';
import { describe, expect, it } from 'vitest';
import { sharedDataPath } from '../../../../test/support/shared-data.ts';
import {
  addToSummary,
  BOSTON_311_SPEC,
  type CsvImportSpec,
  type CsvImportSummary,
  EMPTY_IMPORT_SUMMARY,
  mapCsvRow,
  parseCsvDate,
  validateCsvSpec,
} from './csv-import.ts';

const BOSTON: CsvImportSpec = {
  ...BOSTON_311_SPEC,
  bounds: { minLat: 42.2, minLon: -71.2, maxLat: 42.45, maxLon: -70.95 },
};

const row = (over: Record<string, string> = {}): Record<string, string> => ({
  CASE_ENQUIRY_ID: '101001242404',
  OPEN_DT: '01/05/2015 12:40:41 PM',
  TARGET_DT: '',
  CLOSED_DT: '01/06/2015 01:46:56 PM',
  CASE_STATUS: 'Closed',
  CLOSURE_REASON: 'Case Closed Case Noted no bicycle at this address.',
  CASE_TITLE: 'Abandoned Bicycle',
  TYPE: 'Abandoned Bicycle',
  Department: 'BTDT',
  Location: '29 Hereford St  Boston  MA  02115',
  LOCATION_ZIPCODE: '2115.0',
  LATITUDE: '42.3504',
  LONGITUDE: '-71.0867',
  Source: 'City Worker App',
  ...over,
});

describe('CSV dates', () => {
  it.each([
    ['01/05/2015 12:40:41 PM', 'mdy_12h', 'America/New_York', '2015-01-05T17:40:41.000Z'],
    ['01/05/2015 12:40:41 AM', 'mdy_12h', 'America/New_York', '2015-01-05T05:40:41.000Z'],
    ['07/04/2015 01:00 PM', 'mdy_12h', 'America/New_York', '2015-07-04T17:00:00.000Z'],
    ['07/04/2015 13:00:00', 'mdy_24h', 'Asia/Shanghai', '2015-07-04T05:00:00.000Z'],
    ['04/07/2015 13:00:00', 'dmy_24h', 'Asia/Shanghai', '2015-07-04T05:00:00.000Z'],
    ['2015-07-04 13:00:00', 'iso8601', 'Asia/Shanghai', '2015-07-04T05:00:00.000Z'],
    ['2015-07-04T13:00:00.250', 'iso8601', 'UTC', '2015-07-04T13:00:00.250Z'],
    ['2015-07-04T13:00:00-04:00', 'iso8601', 'Asia/Shanghai', '2015-07-04T17:00:00.000Z'],
  ] as const)('%s (%s, %s)', (text, format, zone, iso) => {
    expect(parseCsvDate(text, format, zone)?.toISOString()).toBe(iso);
  });

  it.each([
    ['13/05/2015 12:40:41 PM', 'mdy_12h'],
    ['02/30/2015 10:00:00 AM', 'mdy_12h'],
    ['01/05/2015 13:40:41 PM', 'mdy_12h'],
    ['01/05/2015 00:40:41 AM', 'mdy_12h'],
    ['01/05/2015 12:40:41', 'mdy_12h'],
    ['01/05/2015 10:40:41 PM', 'mdy_24h'],
    ['2015-13-01', 'iso8601'],
    ['yesterday', 'iso8601'],
  ] as const)('%s is not a %s date', (text, format) => {
    expect(parseCsvDate(text, format, 'UTC')).toBeNull();
  });
});

describe('CSV row mapping', () => {
  it('maps a Boston row to a typed record', () => {
    expect(mapCsvRow(row(), BOSTON)).toEqual({
      ok: true,
      record: {
        externalId: '101001242404',
        type: 'Abandoned Bicycle',
        status: 'closed',
        requestedAt: new Date('2015-01-05T17:40:41Z'),
        closedAt: new Date('2015-01-06T18:46:56Z'),
        targetAt: null,
        location: { lat: 42.3504, lon: -71.0867 },
        description: 'Abandoned Bicycle',
        statusNotes: 'Case Closed Case Noted no bicycle at this address.',
        address: '29 Hereford St  Boston  MA  02115',
        zipcode: '02115',
        department: 'BTDT',
        source: 'City Worker App',
      },
    });
  });

  it('treats the placeholder point and 0,0 as no location', () => {
    const r = mapCsvRow(row({ LATITUDE: '42.3594', LONGITUDE: '-71.0587' }), BOSTON);
    expect(r.ok && r.record.location).toBeNull();
    const strict = mapCsvRow(row({ LATITUDE: '0', LONGITUDE: '0' }), {
      ...BOSTON,
      bounds: undefined,
      requireLocation: true,
    });
    expect(strict).toMatchObject({ ok: false, rejection: { reason: 'missing_location' } });
  });

  it.each([
    [{ TYPE: '' }, 'missing_value', 'TYPE'],
    [{ OPEN_DT: '' }, 'missing_value', 'OPEN_DT'],
    [{ OPEN_DT: '2015-01-05' }, 'bad_date', 'OPEN_DT'],
    [{ CLOSED_DT: '01/32/2015 01:00:00 PM' }, 'bad_date', 'CLOSED_DT'],
    [{ CLOSED_DT: '01/04/2015 01:00:00 PM' }, 'closed_before_opened', 'CLOSED_DT'],
    [{ LATITUDE: '91' }, 'bad_coordinate', 'LATITUDE'],
    [{ LONGITUDE: 'west' }, 'bad_coordinate', 'LONGITUDE'],
    [{ LONGITUDE: '' }, 'bad_coordinate', 'LONGITUDE'],
    [{ LATITUDE: '40.7', LONGITUDE: '-74.0' }, 'out_of_bounds', 'LATITUDE'],
    [{ CASE_STATUS: 'Pending' }, 'unknown_status', 'CASE_STATUS'],
  ])('%j -> %s', (over, reason, column) => {
    expect(mapCsvRow(row(over), BOSTON)).toMatchObject({ ok: false, rejection: { reason, column } });
  });

  it('infers the status from the closing time when there is no status column', () => {
    const spec = { ...BOSTON, columns: { ...BOSTON.columns, status: undefined } };
    expect(mapCsvRow(row({ CLOSED_DT: '' }), spec)).toMatchObject({ ok: true, record: { status: 'open' } });
    expect(mapCsvRow(row(), spec)).toMatchObject({ ok: true, record: { status: 'closed' } });
  });

  it('checks the spec against the header', () => {
    expect(validateCsvSpec(BOSTON, Object.keys(row()))).toEqual([]);
    expect(validateCsvSpec({ ...BOSTON, timeZone: 'Nowhere/City' }, ['TYPE'])).toContain(
      'unknown time zone Nowhere/City',
    );
  });
});

const bostonFile = sharedDataPath('311/boston/boston_311_2015_partial.csv.gz');

describe.skipIf(!bostonFile)('real data: Boston 311, 2015', () => {
  it('accounts for every row: accepted + rejected = rows in the file, accepted rows are valid', async () => {
    const rows = createReadStream(bostonFile!)
      .pipe(createGunzip())
      .pipe(parse({ columns: true }));
    let summary: CsvImportSummary = EMPTY_IMPORT_SUMMARY;
    let count = 0;
    let header: string[] | null = null;
    const statusCount = { open: 0, closed: 0 };
    let unlocated = 0;
    const problems: string[] = [];
    const yearStart = Date.parse('2015-01-01T05:00:00Z');
    const yearEnd = Date.parse('2016-01-01T05:00:00Z');
    for await (const r of rows as AsyncIterable<Record<string, string>>) {
      header ??= Object.keys(r);
      count++;
      const result = mapCsvRow(r, BOSTON);
      summary = addToSummary(summary, result);
      if (!result.ok) continue;
      const rec = result.record;
      const t = +rec.requestedAt;
      // Plain checks, one assertion at the end: 120k expect() calls would dominate the run time.
      if (t < yearStart || t >= yearEnd)
        problems.push(`${rec.externalId}: opened ${rec.requestedAt.toISOString()}`);
      if (rec.closedAt && +rec.closedAt < t) problems.push(`${rec.externalId}: closed before opened`);
      const l = rec.location;
      if (l && (l.lat < 42.2 || l.lat > 42.45 || l.lon < -71.2 || l.lon > -70.95))
        problems.push(`${rec.externalId}: ${l.lat},${l.lon}`);
      if (!l) unlocated++;
      if (rec.type === '') problems.push(`${rec.externalId}: no type`);
      if (rec.zipcode !== null && !/^\d{5}$/.test(rec.zipcode))
        problems.push(`${rec.externalId}: zip ${rec.zipcode}`);
      statusCount[rec.status]++;
    }
    expect(problems.slice(0, 10)).toEqual([]);
    expect(validateCsvSpec(BOSTON, header!)).toEqual([]);
    expect(count).toBe(121_145);
    expect(summary.total).toBe(count);
    expect(summary.accepted + summary.rejected).toBe(count);
    // The only defect in this file: 197 cases closed before they were opened.
    expect(summary.byReason).toEqual({ closed_before_opened: 197 });
    expect(statusCount.open + statusCount.closed).toBe(summary.accepted);
    expect(statusCount.open).toBe(19_873); // every open case is accepted (none has a closing time)
    expect(unlocated).toBeGreaterThan(16_000); // the 17,070 City Hall placeholders, minus rejected ones
    expect(unlocated).toBeLessThanOrEqual(17_070);
  });
});
