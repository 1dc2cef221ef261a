import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { sharedDataPath } from '../../../../test/support/shared-data.ts';
import {
  formatDecimal,
  renderDiscovery,
  renderErrors,
  renderPostResults,
  renderServiceDefinition,
  renderServiceRequests,
  renderServices,
  renderTokenResults,
} from './open311-present.ts';
import type { Open311Attribute, Open311Request, Open311Service } from './open311-types.ts';

const FIXTURES = 'open311/fixtures_codeforamerica_ruby_gem';
const fixtureDir = sharedDataPath(FIXTURES);
const fixture = (name: string) => readFileSync(sharedDataPath(`${FIXTURES}/${name}`)!, 'utf8');

const ARRAYS = new Set([
  'services.service',
  'service_requests.request',
  'errors.error',
  'service_definition.attribute',
  'service_definition.attributes.attribute',
  'service_definition.attribute.values.value',
  'service_definition.attributes.attribute.values.value',
]);
const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  isArray: (_name, jpath) => ARRAYS.has(String(jpath)),
});
// biome-ignore lint/suspicious/noExplicitAny: parsed XML trees are untyped by nature
type Tree = any;
const parse = (xml: string): Tree => {
  expect(XMLValidator.validate(xml)).toBe(true);
  const t = parser.parse(xml);
  delete t['?xml'];
  return t;
};
const orderedTags = (xml: string, path: string[]): string[] => {
  let node: Tree = new XMLParser({ preserveOrder: true, ignoreAttributes: true }).parse(xml);
  for (const name of path) node = node.find((n: Tree) => name in n)[name];
  return node.map((n: Tree) => Object.keys(n)[0]).filter((k: string) => k !== '#text');
};
const orNull = (s: string): string | null => (s === '' ? null : s);

describe.skipIf(!fixtureDir)('Open311 XML matches the Code for America fixtures', () => {
  it('services', () => {
    const expected = parse(fixture('services.xml'));
    const services: Open311Service[] = expected.services.service.map((s: Tree) => ({
      service_code: s.service_code,
      service_name: s.service_name,
      description: s.description,
      metadata: s.metadata === 'true',
      type: s.type,
      keywords: orNull(s.keywords),
      group: orNull(s.group),
    }));
    expect(services).toHaveLength(36);
    const ours = renderServices(services, 'xml');
    expect(ours.contentType).toBe('text/xml; charset=utf-8');
    expect(
      ours.body.startsWith('<?xml version="1.0" encoding="utf-8"?>\n<services><service><service_code>001<'),
    ).toBe(true);
    expect(parse(ours.body)).toEqual(expected);
    // Field order follows the spec's response table.
    expect(orderedTags(ours.body, ['services', 'service'])).toEqual([
      'service_code',
      'service_name',
      'description',
      'metadata',
      'type',
      'keywords',
      'group',
    ]);
  });

  it('service definition (attributes wrapped in <attributes> as the spec shows)', () => {
    const expected = parse(fixture('service_definition.xml')).service_definition;
    const attributes: Open311Attribute[] = expected.attribute.map((a: Tree) => ({
      variable: a.variable === 'true',
      code: a.code,
      datatype: a.datatype,
      required: a.required === 'true',
      datatype_description: orNull(a.datatype_description),
      order: Number(a.order),
      description: a.description,
      values: a.values.value,
    }));
    const ours = parse(
      renderServiceDefinition({ service_code: expected.service_code, attributes }, 'xml').body,
    );
    expect(Object.keys(ours)).toEqual(['service_definition']);
    expect(ours.service_definition.service_code).toBe('DMV66');
    expect(ours.service_definition.attributes.attribute).toEqual(expected.attribute);
  });

  it.each(['service_requests.xml', 'get_service_request.xml'])('%s', (name) => {
    const xml = fixture(name);
    const expected = parse(xml);
    const requests: Open311Request[] = expected.service_requests.request.map((r: Tree) => ({
      service_request_id: r.service_request_id,
      status: r.status,
      status_notes: orNull(r.status_notes),
      service_name: r.service_name,
      service_code: r.service_code,
      description: orNull(r.description),
      agency_responsible: orNull(r.agency_responsible),
      service_notice: orNull(r.service_notice),
      requested_datetime: new Date(r.requested_datetime),
      updated_datetime: new Date(r.updated_datetime),
      expected_datetime: new Date(r.expected_datetime),
      address: r.address,
      address_id: r.address_id,
      zipcode: r.zipcode,
      lat: Number(r.lat),
      long: Number(r.long),
      media_url: r.media_url,
    }));
    // The fixtures write a fixed -08:00 offset: Etc/GMT+8 is exactly that zone.
    const ours = renderServiceRequests(requests, 'xml', 'Etc/GMT+8').body;
    expect(parse(ours)).toEqual(expected);
    expect(orderedTags(ours, ['service_requests', 'request'])).toEqual(
      orderedTags(xml, ['service_requests', 'request']),
    );
  });

  it('empty request list', () => {
    expect(parse(renderServiceRequests([], 'xml').body)).toEqual(
      parse(fixture('service_requests_empty.xml')),
    );
  });

  it('POST response', () => {
    const expected = parse(fixture('post_service_request.xml'));
    const notice = expected.service_requests.request[0].service_notice;
    const ours = renderPostResults(
      [{ service_request_id: '293944', service_notice: notice, account_id: null }],
      'xml',
    );
    expect(parse(ours.body)).toEqual(expected);
  });

  it('token response', () => {
    const ours = renderTokenResults([{ token: '12345', service_request_id: '638344' }], 'xml');
    expect(parse(ours.body)).toEqual(parse(fixture('request_id_from_token.xml')));
  });

  it('error list', () => {
    const ours = renderErrors(
      [{ code: 404, description: 'Service request not found with id or token not-an-id' }],
      'xml',
    );
    expect(parse(ours.body)).toEqual(parse(fixture('get_service_request_not_found.xml')));
    // The 403 sample uses a bare <error> root; we follow the spec (errors/error) with the same text.
    const sample = fixture('403.http.txt');
    const description = /<error>([^<]*)<\/error>/.exec(sample)![1]!;
    const ours403 = parse(renderErrors([{ code: 403, description }], 'xml').body);
    expect(ours403).toEqual({ errors: { error: [{ code: '403', description }] } });
  });
});

const sampleRequest: Open311Request = {
  service_request_id: '638344',
  status: 'closed',
  status_notes: 'Duplicate request.',
  service_name: 'Sidewalk and Curb Issues',
  service_code: '006',
  description: null,
  agency_responsible: null,
  service_notice: null,
  requested_datetime: new Date('2010-04-14T06:37:38-08:00'),
  updated_datetime: new Date('2010-04-14T06:37:38-08:00'),
  expected_datetime: new Date('2010-04-15T06:37:38-08:00'),
  address: '8TH AVE and JUDAH ST',
  address_id: '545483',
  zipcode: '94122',
  lat: 37.762221815,
  long: -122.4651145,
  media_url: 'http://city.gov.s3.amazonaws.com/requests/media/638344.jpg',
};

describe('Open311 JSON', () => {
  it('requests are a plain array with every spec field, nulls for absent values', () => {
    const r = renderServiceRequests([sampleRequest], 'json', 'Etc/GMT+8');
    expect(r.contentType).toBe('application/json; charset=utf-8');
    expect(JSON.parse(r.body)).toEqual([
      {
        service_request_id: '638344',
        status: 'closed',
        status_notes: 'Duplicate request.',
        service_name: 'Sidewalk and Curb Issues',
        service_code: '006',
        description: null,
        agency_responsible: null,
        service_notice: null,
        requested_datetime: '2010-04-14T06:37:38-08:00',
        updated_datetime: '2010-04-14T06:37:38-08:00',
        expected_datetime: '2010-04-15T06:37:38-08:00',
        address: '8TH AVE and JUDAH ST',
        address_id: '545483',
        zipcode: '94122',
        lat: 37.762221815,
        long: -122.4651145,
        media_url: 'http://city.gov.s3.amazonaws.com/requests/media/638344.jpg',
      },
    ]);
  });

  it('services keep codes as strings and keywords as a comma list', () => {
    const body = renderServices(
      [
        {
          service_code: '001',
          service_name: 'Cans left out 24x7',
          description: 'Garbage cans left out',
          metadata: true,
          type: 'realtime',
          keywords: ['lorem', 'ipsum', 'dolor'],
          group: 'sanitation',
        },
      ],
      'json',
    ).body;
    expect(body).toBe(
      '[{"service_code":"001","service_name":"Cans left out 24x7","description":"Garbage cans left out","metadata":true,"type":"realtime","keywords":"lorem, ipsum, dolor","group":"sanitation"}]',
    );
  });

  it('service definition is an object with an attributes array; values only on list types', () => {
    const def = JSON.parse(
      renderServiceDefinition(
        {
          service_code: 'DMV66',
          attributes: [
            {
              variable: true,
              code: 'NOTE',
              datatype: 'text',
              required: false,
              datatype_description: null,
              order: 2,
              description: 'Anything else?',
            },
            {
              variable: true,
              code: 'WHISHETN',
              datatype: 'singlevaluelist',
              required: true,
              datatype_description: null,
              order: 1,
              description: 'What is the ticket/tag/DL number?',
              values: [
                { key: '123', name: 'Ford' },
                { key: '124', name: 'Chrysler' },
              ],
            },
          ],
        },
        'json',
      ).body,
    );
    expect(def.service_code).toBe('DMV66');
    expect(def.attributes.map((a: Tree) => a.order)).toEqual([1, 2]);
    expect(def.attributes[0]).toEqual({
      variable: true,
      code: 'WHISHETN',
      datatype: 'singlevaluelist',
      required: true,
      datatype_description: null,
      order: 1,
      description: 'What is the ticket/tag/DL number?',
      values: [
        { key: '123', name: 'Ford' },
        { key: '124', name: 'Chrysler' },
      ],
    });
    expect('values' in def.attributes[1]).toBe(false);
  });

  it('POST results carry either an id or a token, never both', () => {
    expect(
      JSON.parse(renderPostResults([{ token: 'abc', service_notice: null, account_id: null }], 'json').body),
    ).toEqual([{ token: 'abc', service_notice: null, account_id: null }]);
    expect(() =>
      renderPostResults(
        [{ token: 'a', service_request_id: '1', service_notice: null, account_id: null } as never],
        'json',
      ),
    ).toThrow();
    expect(JSON.parse(renderErrors([{ code: 403, description: 'Invalid api_key' }], 'json').body)).toEqual([
      { code: 403, description: 'Invalid api_key' },
    ]);
  });

  it('discovery in both formats', () => {
    const d = {
      changeset: '2024-09-01T00:00:00Z',
      contact: 'ops@example.org',
      key_service: 'Ask the service centre for a key',
      endpoints: [
        {
          specification: 'http://wiki.open311.org/GeoReport_v2',
          url: 'https://haven.example.org/open311/v2',
          changeset: '2024-09-01T00:00:00Z',
          type: 'production' as const,
          formats: ['text/xml', 'application/json'],
        },
      ],
    };
    expect(JSON.parse(renderDiscovery(d, 'json').body).endpoints[0].formats).toEqual([
      'text/xml',
      'application/json',
    ]);
    const xml = new XMLParser({ isArray: (n) => n === 'endpoint' || n === 'format' }).parse(
      renderDiscovery(d, 'xml').body,
    );
    expect(xml.discovery.endpoints.endpoint[0].formats.format).toEqual(['text/xml', 'application/json']);
  });
});

describe('XML safety', () => {
  it('any text round-trips through well-formed XML (minus characters XML cannot carry)', () => {
    const p = new XMLParser({
      parseTagValue: false,
      trimValues: false,
      htmlEntities: true,
      isArray: (n) => n === 'request',
    });
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-composite' }), fc.string({ unit: 'binary' }), (a, b) => {
        const xml = renderServiceRequests(
          [{ ...sampleRequest, description: a, status_notes: b }],
          'xml',
        ).body;
        expect(XMLValidator.validate(xml)).toBe(true);
        const got = p.parse(xml).service_requests.request[0];
        const clean = (s: string) =>
          [...s]
            .filter((ch) => {
              const c = ch.codePointAt(0)!;
              return (
                c === 9 ||
                c === 10 ||
                c === 13 ||
                (c >= 0x20 && c <= 0xd7ff) ||
                (c >= 0xe000 && c <= 0xfffd) ||
                c > 0xffff
              );
            })
            .join('');
        expect(String(got.description ?? '')).toBe(clean(a));
        expect(String(got.status_notes ?? '')).toBe(clean(b));
      }),
      { numRuns: 300 },
    );
  });

  it('writes coordinates without exponents', () => {
    expect(formatDecimal(1e-7)).toBe('0.0000001');
    expect(formatDecimal(-122.4651145)).toBe('-122.4651145');
  });
});
