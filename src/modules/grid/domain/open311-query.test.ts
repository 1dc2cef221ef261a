import { describe, expect, it } from 'vitest';
import { parseOpen311Path, readOpen311Params } from './open311-params.ts';
import { parseRequestsQuery, parseSimpleQuery } from './open311-query.ts';

const now = new Date('2024-09-30T12:00:00Z');
const DAY = 86_400_000;
const q = (input: Parameters<typeof parseRequestsQuery>[0], extra = {}) =>
  parseRequestsQuery(input, { now, timeZone: 'Asia/Shanghai', ...extra });

describe('GET requests query', () => {
  it('defaults to the last 90 days, all codes and statuses, 1000 rows', () => {
    expect(q('')).toEqual({
      ok: true,
      value: {
        kind: 'search',
        jurisdictionId: null,
        serviceCodes: null,
        statuses: null,
        start: new Date(+now - 90 * DAY),
        end: now,
        page: 1,
        pageSize: 1000,
      },
    });
  });

  it('treats empty parameters exactly like absent ones', () => {
    expect(q('service_code=&status=&start_date=&end_date=&service_request_id=&jurisdiction_id=')).toEqual(
      q(''),
    );
  });

  it('service_request_id overrides every other filter, even invalid ones', () => {
    expect(q('service_request_id=638344,638349, 638344&status=bogus&start_date=never')).toEqual({
      ok: true,
      value: { kind: 'by_id', jurisdictionId: null, ids: ['638344', '638349'] },
    });
  });

  it('reads comma lists and repeated parameters', () => {
    const r = q('service_code=001,002&service_code=003&status=open,closed&status=open');
    expect(r.ok && r.value.kind === 'search' && [r.value.serviceCodes, r.value.statuses]).toEqual([
      ['001', '002', '003'],
      ['open', 'closed'],
    ]);
  });

  it('accepts W3C date-times, including a + decoded as a space', () => {
    const r = q('start_date=2010-05-24T00:00:00Z&end_date=2010-06-24T00:00:00%2B08:00');
    expect(r.ok && r.value.kind === 'search' && [r.value.start, r.value.end]).toEqual([
      new Date('2010-05-24T00:00:00Z'),
      new Date('2010-06-23T16:00:00Z'),
    ]);
    const spaced = q('start_date=2010-05-24T08:00:00+08:00');
    expect(spaced.ok && spaced.value.kind === 'search' && spaced.value.start).toEqual(
      new Date('2010-05-24T00:00:00Z'),
    );
  });

  it('a bare date covers the whole local day', () => {
    const r = q({ start_date: '2024-09-01', end_date: '2024-09-02' });
    expect(r.ok && r.value.kind === 'search' && [r.value.start, r.value.end]).toEqual([
      new Date('2024-08-31T16:00:00Z'),
      new Date('2024-09-02T15:59:59.999Z'),
    ]);
  });

  it('a single bound opens a 90-day window from it', () => {
    const r = q({ start_date: '2024-01-01T00:00:00Z' });
    expect(r.ok && r.value.kind === 'search' && +r.value.end - +r.value.start).toBe(90 * DAY);
    const e = q({ end_date: '2024-01-01T00:00:00Z' });
    expect(e.ok && e.value.kind === 'search' && e.value.start).toEqual(
      new Date(Date.parse('2024-01-01T00:00:00Z') - 90 * DAY),
    );
  });

  it.each([
    ['start_date=2010-01-01T00:00:00', /start_date must be a W3C/],
    ['end_date=yesterday', /end_date must be a W3C/],
    ['start_date=2010-06-01T00:00:00Z&end_date=2010-05-01T00:00:00Z', /not be later/],
    ['start_date=2010-01-01T00:00:00Z&end_date=2010-04-02T00:00:00Z', /90 days/],
    ['status=pending', /status must be open or closed/],
    ['page=0', /page must be a positive integer/],
    ['page_size=5000', /page_size may not exceed 1000/],
  ])('%s -> 400', (query, message) => {
    const r = q(query);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.failure.httpStatus).toBe(400);
      expect(r.failure.errors[0]).toMatchObject({ code: 400, description: expect.stringMatching(message) });
    }
  });

  it('checks jurisdiction_id only when the endpoint serves several jurisdictions', () => {
    const jurisdiction = { ids: ['haven.example.org', 'other.example.org'], required: true };
    expect(q('', { jurisdiction })).toMatchObject({ ok: false, failure: { httpStatus: 400 } });
    expect(q('jurisdiction_id=nowhere.org', { jurisdiction })).toMatchObject({
      ok: false,
      failure: { httpStatus: 404 },
    });
    expect(q('jurisdiction_id=haven.example.org', { jurisdiction })).toMatchObject({
      ok: true,
      value: { jurisdictionId: 'haven.example.org' },
    });
    expect(parseSimpleQuery('jurisdiction_id=whatever')).toEqual({
      ok: true,
      value: { jurisdictionId: 'whatever' },
    });
    expect(parseSimpleQuery('', jurisdiction)).toMatchObject({ ok: false, failure: { httpStatus: 400 } });
  });
});

describe('parameter shapes', () => {
  it('reads strings, URLSearchParams, pairs and qs-style nested objects alike', () => {
    const expected = new Map([
      ['service_code', ['001']],
      ['attribute[WHISPAWN]', ['123456']],
      ['attribute[MULTI]', ['a', 'b']],
    ]);
    const flat = 'service_code=001&attribute[WHISPAWN]=123456&attribute[MULTI]=a&attribute[MULTI]=b';
    expect(readOpen311Params(flat)).toEqual(expected);
    expect(readOpen311Params(new URLSearchParams(flat))).toEqual(expected);
    expect(
      readOpen311Params({ service_code: '001', attribute: { WHISPAWN: '123456', MULTI: ['a', 'b'] } }),
    ).toEqual(expected);
  });
});

describe('resource paths', () => {
  it.each([
    ['services.xml', { resource: 'services', format: 'xml' }],
    ['/services.json', { resource: 'services', format: 'json' }],
    ['services/033.xml', { resource: 'service_definition', serviceCode: '033', format: 'xml' }],
    ['requests.json', { resource: 'requests', format: 'json' }],
    ['requests/123456.xml', { resource: 'request', serviceRequestId: '123456', format: 'xml' }],
    ['tokens/ab%2Dcd.json', { resource: 'token', token: 'ab-cd', format: 'json' }],
    ['discovery.json', { resource: 'discovery', format: 'json' }],
    ['services', { resource: 'services', format: 'xml' }],
  ])('%s', (path, route) => {
    expect(parseOpen311Path(path)).toEqual({ ok: true, route });
  });

  it.each([
    ['services.html', 400],
    ['requests/%E0%A4%A.xml', 400],
    ['widgets.xml', 404],
    ['requests/1/2.xml', 404],
    ['requests/.xml', 404],
  ])('%s -> %i', (path, status) => {
    expect(parseOpen311Path(path)).toMatchObject({ ok: false, failure: { httpStatus: status } });
  });
});
