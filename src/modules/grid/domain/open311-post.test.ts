import { describe, expect, it } from 'vitest';
import { validateServiceDefinition } from './open311-definition.ts';
import { type PostValidationContext, parsePostServiceRequest, postResultFor } from './open311-post.ts';
import type { Open311Service, Open311ServiceDefinition } from './open311-types.ts';

const service: Open311Service = {
  service_code: '001',
  service_name: 'Sinkhole',
  description: null,
  metadata: true,
  type: 'realtime',
  keywords: null,
  group: 'street',
};
const definition: Open311ServiceDefinition = {
  service_code: '001',
  attributes: [
    {
      variable: true,
      code: 'WHISPAWN',
      datatype: 'number',
      required: true,
      datatype_description: null,
      order: 1,
      description: 'Depth (cm)',
    },
    {
      variable: true,
      code: 'WHISDORN',
      datatype: 'singlevaluelist',
      required: false,
      datatype_description: null,
      order: 2,
      description: 'Where',
      values: [
        { key: 'COISL001', name: 'Island' },
        { key: 'COISL002', name: 'Kerb' },
      ],
    },
    {
      variable: true,
      code: 'HAZARDS',
      datatype: 'multivaluelist',
      required: false,
      datatype_description: null,
      order: 3,
      description: 'Hazards',
      values: [
        { key: 'water', name: 'Water' },
        { key: 'gas', name: 'Gas smell' },
      ],
    },
    {
      variable: true,
      code: 'SEEN',
      datatype: 'datetime',
      required: false,
      datatype_description: null,
      order: 4,
      description: 'When',
    },
    {
      variable: true,
      code: 'PLATE',
      datatype: 'string',
      required: false,
      datatype_description: null,
      order: 5,
      description: 'Plate',
    },
    {
      variable: false,
      code: 'INFO',
      datatype: 'text',
      required: false,
      datatype_description: null,
      order: 6,
      description: 'Note',
    },
  ],
};
const ctx: PostValidationContext = {
  isValidApiKey: (k) => k === 'xyz',
  findService: (code) => (code === '001' ? { service, definition } : null),
};

// The spec's example request body.
const SPEC_EXAMPLE =
  'api_key=xyz&jurisdiction_id=city.gov&service_code=001&lat=37.76524078&long=-122.4212043&address_string=1234+5th+street&email=smit333%40sfgov.edu&device_id=tt222111&account_id=123456&first_name=john&last_name=smith&phone=111111111&description=A+large+sinkhole+is+destroying+the+street&media_url=http%3A%2F%2Ffarm3.static.flickr.com%2F2002%2F2212426634_5ed477a060.jpg&attribute[WHISPAWN]=123456&attribute[WHISDORN]=COISL001';

const post = (body: string, c = ctx) => parsePostServiceRequest(body, c);
const minimal = 'api_key=xyz&service_code=001&lat=1&long=2&attribute[WHISPAWN]=5';

describe('POST requests form', () => {
  it('accepts the spec example', () => {
    const r = post(SPEC_EXAMPLE);
    expect(r).toEqual({
      ok: true,
      value: {
        jurisdictionId: 'city.gov',
        service,
        location: { lat: 37.76524078, long: -122.4212043 },
        addressString: '1234 5th street',
        addressId: null,
        attributes: { WHISPAWN: '123456', WHISDORN: 'COISL001' },
        email: 'smit333@sfgov.edu',
        deviceId: 'tt222111',
        accountId: '123456',
        firstName: 'john',
        lastName: 'smith',
        phone: '111111111',
        description: 'A large sinkhole is destroying the street',
        mediaUrl: 'http://farm3.static.flickr.com/2002/2212426634_5ed477a060.jpg',
      },
    });
  });

  it('reads multivaluelist attributes given as attribute[code][]', () => {
    const r = post(
      `${minimal}&attribute[HAZARDS][]=water&attribute[HAZARDS][]=gas&attribute[HAZARDS][]=water`,
    );
    expect(r.ok && r.value.attributes).toEqual({ WHISPAWN: '5', HAZARDS: ['water', 'gas'] });
    const nested = parsePostServiceRequest(
      {
        api_key: 'xyz',
        service_code: '001',
        address_id: 'A1',
        attribute: { WHISPAWN: '5', HAZARDS: ['gas'] },
      },
      ctx,
    );
    expect(nested.ok && nested.value.attributes).toEqual({ WHISPAWN: '5', HAZARDS: ['gas'] });
  });

  it('accepts any one kind of location', () => {
    expect(post('api_key=xyz&service_code=001&address_string=Main+St&attribute[WHISPAWN]=1').ok).toBe(true);
    expect(post('api_key=xyz&service_code=001&address_id=545483&attribute[WHISPAWN]=1').ok).toBe(true);
    // Empty optional parameters behave as if absent.
    const r = post(
      'api_key=xyz&service_code=001&lat=&long=&address_string=Main+St&email=&attribute[WHISPAWN]=1',
    );
    expect(r.ok && [r.value.location, r.value.email]).toEqual([null, null]);
  });

  it.each([
    ['', 403, /api_key is missing/],
    ['api_key=&service_code=001', 403, /api_key is missing/],
    ['api_key=bad&service_code=001', 403, /api_key is invalid/],
    ['api_key=xyz', 400, /service_code was not provided/],
    ['api_key=xyz&service_code=999&lat=1&long=2', 404, /service_code not found/],
    ['api_key=xyz&service_code=001&attribute[WHISPAWN]=1', 400, /location is required/],
    ['api_key=xyz&service_code=001&lat=1&attribute[WHISPAWN]=1', 400, /lat and long must both/],
    ['api_key=xyz&service_code=001&lat=91&long=2&attribute[WHISPAWN]=1', 400, /lat must be/],
    ['api_key=xyz&service_code=001&lat=1&long=east&attribute[WHISPAWN]=1', 400, /long must be/],
    ['api_key=xyz&service_code=001&lat=1&long=2', 400, /attribute\[WHISPAWN\] is required/],
    [`${minimal}x`, 400, /attribute\[WHISPAWN\] must be a number/],
    [`${minimal}&attribute[WHISDORN]=nope`, 400, /not one of the allowed keys/],
    [`${minimal}&attribute[WHISDORN][]=COISL001&attribute[WHISDORN][]=COISL002`, 400, /single value/],
    [`${minimal}&attribute[SEEN]=last+tuesday`, 400, /ISO 8601/],
    [`${minimal}&attribute[PLATE]=a%0Ab`, 400, /line breaks/],
    [`${minimal}&attribute[BOGUS]=1`, 400, /not defined/],
    [`${minimal}&email=not-an-email`, 400, /email/],
    [`${minimal}&media_url=javascript:alert(1)`, 400, /media_url/],
    [`${minimal}&description=${'x'.repeat(4001)}`, 400, /4000/],
    [`${minimal}&description=%3Cscript%3Ealert(1)%3C%2Fscript%3E`, 400, /plain text/],
  ])('%s -> %i', (body, status, message) => {
    const r = post(body);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.failure.httpStatus).toBe(status);
      expect(r.failure.errors.map((e) => e.description).join('\n')).toMatch(message);
      expect(r.failure.errors.every((e) => e.code === status)).toBe(true);
    }
  });

  it('reports every 400 problem at once', () => {
    const r = post('api_key=xyz&service_code=001&email=nope&media_url=ftp://x');
    expect(r.ok || r.failure.errors.length).toBe(4);
  });

  it('allows a 4000-character description with line breaks; ignores informational attributes', () => {
    const text = encodeURIComponent(`${'y'.repeat(3000)}\r\n${'z'.repeat(998)}`);
    const r = post(`${minimal}&description=${text}&attribute[INFO]=ignored&attribute[WHISDORN]=`);
    expect(r.ok && [r.value.description?.length, r.value.attributes]).toEqual([4000, { WHISPAWN: '5' }]);
  });

  it('checks jurisdiction_id when configured', () => {
    const multi = { ...ctx, jurisdiction: { ids: ['city.gov'], required: true } };
    expect(post(minimal, multi)).toMatchObject({ ok: false, failure: { httpStatus: 400 } });
    expect(post(`${minimal}&jurisdiction_id=elsewhere.gov`, multi)).toMatchObject({
      ok: false,
      failure: { httpStatus: 404 },
    });
    expect(post(`${minimal}&jurisdiction_id=city.gov`, multi).ok).toBe(true);
  });
});

describe('service definitions and POST answers', () => {
  it('validates definitions', () => {
    expect(validateServiceDefinition(definition)).toEqual([]);
    const broken: Open311ServiceDefinition = {
      service_code: 'X',
      attributes: [
        {
          variable: true,
          code: 'A',
          datatype: 'singlevaluelist',
          required: true,
          datatype_description: null,
          order: 1,
          description: '',
        },
        {
          variable: false,
          code: 'A',
          datatype: 'string',
          required: true,
          datatype_description: null,
          order: 1,
          description: '',
          values: [{ key: 'k', name: 'n' }],
        },
      ],
    };
    expect(validateServiceDefinition(broken)).toEqual([
      'attribute "A": a singlevaluelist needs values',
      'attribute "A": duplicate code',
      'attribute "A": order 1 is used twice',
      'attribute "A": values are only allowed on list datatypes',
      'attribute "A": an informational attribute cannot be required',
    ]);
  });

  it('answers with an id, a token or neither depending on the service type', () => {
    const created = { serviceRequestId: '293944', token: 'tok', serviceNotice: 'Within 24 h' };
    expect(postResultFor('realtime', created)).toEqual({
      service_request_id: '293944',
      service_notice: 'Within 24 h',
      account_id: null,
    });
    expect(postResultFor('batch', created)).toEqual({
      token: 'tok',
      service_notice: 'Within 24 h',
      account_id: null,
    });
    expect(postResultFor('blackbox', created)).toEqual({ service_notice: 'Within 24 h', account_id: null });
  });
});
