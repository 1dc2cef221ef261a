import fc from 'fast-check';
import {
  CAP_CATEGORY,
  CAP_CERTAINTY,
  CAP_RESPONSE_TYPE,
  CAP_SEVERITY,
  CAP_STATUS,
  CAP_URGENCY,
  type CapAlert,
  type CapArea,
  type CapInfo,
  formatCapDateTime,
} from './cap-model.ts';

/** A rich CAP 1.2 alert touching every element of the schema. */
export const richAlert: CapAlert = {
  identifier: 'haven-2024-000123',
  sender: 'alerts@haven.example.org',
  sent: '2024-05-19T17:18:00+08:00',
  status: 'Actual',
  msgType: 'Alert',
  source: 'Haven situation centre',
  scope: 'Public',
  codes: ['profile:haven:1.0', 'IPAWSv1.0'],
  note: 'Test of <escaping> & "quotes"',
  references: [],
  incidents: 'inc-1 "inc 2"',
  infos: [
    {
      language: 'en-GB',
      categories: ['Safety', 'Security'],
      event: 'Street flooding',
      responseTypes: ['Avoid', 'Monitor'],
      urgency: 'Immediate',
      severity: 'Severe',
      certainty: 'Observed',
      audience: 'residents',
      eventCodes: [{ valueName: 'SAME', value: 'FLW' }],
      effective: '2024-05-19T17:18:00+08:00',
      onset: '2024-05-19T17:30:00+08:00',
      expires: '2024-05-19T23:30:00+08:00',
      senderName: 'Haven City Emergency Command Centre',
      headline: 'Flooding on riverside streets',
      description: 'Water up to 40 cm deep.\nAvoid the underpass.',
      instruction: 'Keep away from the river bank.',
      web: 'https://haven.example.org/alerts/000123',
      contact: '+86 755 12345',
      parameters: [{ valueName: 'layer:haven:hotspot', value: 'h3:8826641901fffff' }],
      resources: [
        {
          resourceDesc: 'map',
          mimeType: 'image/png',
          size: 12345,
          uri: 'https://haven.example.org/alerts/000123/map.png',
          digest: 'da39a3ee5e6b4b0d3255bfef95601890afd80709',
        },
      ],
      areas: [
        {
          areaDesc: 'Riverside district',
          polygons: [
            [
              [22.53, 114.05],
              [22.54, 114.06],
              [22.52, 114.07],
              [22.53, 114.05],
            ],
            [
              [22.6, 114.1],
              [22.61, 114.1],
              [22.61, 114.11],
              [22.6, 114.1],
            ],
          ],
          circles: [{ lat: 22.545, lon: 114.055, radiusKm: 1.5 }],
          geocodes: [{ valueName: 'GB/T 2260', value: '440304' }],
          altitude: 0,
          ceiling: 1000,
        },
        {
          areaDesc: 'Whole city (geocode only)',
          polygons: [],
          circles: [],
          geocodes: [{ valueName: 'GB/T 2260', value: '440300' }],
        },
      ],
    },
    {
      language: 'zh-CN',
      categories: ['Safety'],
      event: '道路积水',
      responseTypes: [],
      urgency: 'Immediate',
      severity: 'Severe',
      certainty: 'Observed',
      eventCodes: [],
      headline: '沿河道路积水',
      parameters: [],
      resources: [],
      areas: [
        {
          areaDesc: '沿河片区',
          polygons: [],
          circles: [{ lat: 22.545, lon: 114.055, radiusKm: 0 }],
          geocodes: [],
        },
      ],
    },
  ],
};

// Text without characters XML normalises (CR) or our trimming changes (outer whitespace).
const word = fc.string({
  unit: fc.constantFrom(...'abcXYZ 019<>&"\'é中]]>-_.'.split('')),
  minLength: 1,
  maxLength: 12,
});
const textArb = word.map((s) => s.trim()).filter((s) => s.length > 0);
const token = fc.stringMatching(/^[A-Za-z0-9._:@/-]{1,20}$/);
const dateArb = fc
  .tuple(
    fc.date({ min: new Date('1990-01-01'), max: new Date('2090-01-01'), noInvalidDate: true }),
    fc.integer({ min: -14 * 60, max: 14 * 60 }),
  )
  .map(([d, off]) => formatCapDateTime(d, off - (off % 15)));
const lat = fc.double({ min: -89, max: 89, noNaN: true }).map((x) => Number(x.toFixed(5)) + 0);
const lon = fc.double({ min: -179, max: 179, noNaN: true }).map((x) => Number(x.toFixed(5)) + 0);

const areaArb: fc.Arbitrary<CapArea> = fc.record({
  areaDesc: textArb,
  polygons: fc.array(
    fc
      .tuple(lat, lon, fc.double({ min: 0.001, max: 0.5, noNaN: true }))
      .map(([a, b, r]): Array<[number, number]> => {
        const d = Number(r.toFixed(4));
        return [
          [a, b],
          [Number((a + d).toFixed(5)), b],
          [a, Number((b + d).toFixed(5))],
          [a, b],
        ];
      }),
    { maxLength: 2 },
  ),
  circles: fc.array(
    fc.record({
      lat,
      lon,
      radiusKm: fc.double({ min: 0, max: 100, noNaN: true }).map((x) => Number(x.toFixed(3))),
    }),
    { maxLength: 2 },
  ),
  geocodes: fc.array(fc.record({ valueName: textArb, value: textArb }), { maxLength: 2 }),
});

const infoArb: fc.Arbitrary<CapInfo> = fc.record(
  {
    language: fc.constantFrom('en-US', 'zh-CN', 'fr'),
    categories: fc.uniqueArray(fc.constantFrom(...CAP_CATEGORY), { minLength: 1, maxLength: 3 }),
    event: textArb,
    responseTypes: fc.uniqueArray(fc.constantFrom(...CAP_RESPONSE_TYPE), { maxLength: 2 }),
    urgency: fc.constantFrom(...CAP_URGENCY),
    severity: fc.constantFrom(...CAP_SEVERITY),
    certainty: fc.constantFrom(...CAP_CERTAINTY),
    eventCodes: fc.array(fc.record({ valueName: textArb, value: textArb }), { maxLength: 2 }),
    expires: dateArb,
    headline: textArb,
    description: textArb,
    parameters: fc.array(fc.record({ valueName: textArb, value: textArb }), { maxLength: 2 }),
    resources: fc.array(fc.record({ resourceDesc: textArb, mimeType: fc.constant('text/plain') }), {
      maxLength: 1,
    }),
    areas: fc.array(areaArb, { maxLength: 2 }),
  },
  {
    requiredKeys: [
      'categories',
      'event',
      'urgency',
      'severity',
      'certainty',
      'eventCodes',
      'parameters',
      'resources',
      'areas',
      'responseTypes',
    ],
  },
);

/** Random valid CAP 1.2 alerts (msgType Alert, public). */
export const alertArb: fc.Arbitrary<CapAlert> = fc.record({
  identifier: token,
  sender: token,
  sent: dateArb,
  status: fc.constantFrom(...CAP_STATUS),
  msgType: fc.constant('Alert' as const),
  scope: fc.constant('Public' as const),
  codes: fc.array(textArb, { maxLength: 2 }),
  references: fc.constant([]),
  infos: fc.array(infoArb, { maxLength: 2 }),
});
