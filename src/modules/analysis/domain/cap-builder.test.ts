import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sharedDataPath } from '../../../../test/support/shared-data.ts';
import {
  buildCapXml,
  CapValidationError,
  followUpAlert,
  formatCapReferences,
  parseCapReferences,
  validateCapAlert,
} from './cap-builder.ts';
import { alertArb, richAlert } from './cap-fixtures.test-support.ts';
import {
  type CapAlert,
  type CapPolygon,
  formatCapDateTime,
  isCapDateTime,
  parseCapDateTime,
} from './cap-model.ts';
import { parseCapAlert } from './cap-parser.ts';
import { validateAgainstXsd, validateManyAgainstXsd } from './xsd-validate.ts';

const xsdPath = sharedDataPath('cap/CAP-v1.2.xsd');
const xsd = xsdPath ? readFileSync(xsdPath, 'utf8') : '';

describe('CAP date-times', () => {
  it('formats with an explicit offset and no fractional seconds', () => {
    const t = new Date('2024-05-19T09:18:00.789Z');
    expect(formatCapDateTime(t, 480)).toBe('2024-05-19T17:18:00+08:00');
    expect(formatCapDateTime(t)).toBe('2024-05-19T09:18:00+00:00');
    expect(formatCapDateTime(t, -330)).toBe('2024-05-19T03:48:00-05:30');
    expect(isCapDateTime('2024-05-19T09:18:00Z')).toBe(false);
    expect(isCapDateTime('2024-05-19T09:18:00.5+00:00')).toBe(false);
  });

  it('round-trips every instant (to the second) and offset', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1900-01-01'), max: new Date('2200-01-01'), noInvalidDate: true }),
        fc.integer({ min: -23 * 60 - 59, max: 23 * 60 + 59 }),
        (d, off) => {
          const s = formatCapDateTime(d, off);
          expect(isCapDateTime(s)).toBe(true);
          expect(parseCapDateTime(s).getTime()).toBe(Math.floor(d.getTime() / 1000) * 1000);
        },
      ),
    );
  });
});

describe('CAP references and follow-ups', () => {
  it('formats and parses sender,identifier,sent triples', () => {
    const refs = [
      { sender: 'a@b.org', identifier: 'X1', sent: '2024-01-01T00:00:00+00:00' },
      { sender: 'a@b.org', identifier: 'X2', sent: '2024-01-02T00:00:00-05:00' },
    ];
    const text = formatCapReferences(refs);
    expect(text).toBe('a@b.org,X1,2024-01-01T00:00:00+00:00 a@b.org,X2,2024-01-02T00:00:00-05:00');
    expect(parseCapReferences(text)).toEqual({ references: refs, problems: [] });
    expect(parseCapReferences('a,b').problems).toHaveLength(1);
  });

  it('builds an Update and a Cancel that reference the whole chain', () => {
    const update = followUpAlert(richAlert, {
      msgType: 'Update',
      identifier: 'haven-2024-000124',
      sent: '2024-05-19T18:00:00+08:00',
    });
    const cancel = followUpAlert(update, {
      msgType: 'Cancel',
      identifier: 'haven-2024-000125',
      sent: '2024-05-19T20:00:00+08:00',
    });
    expect(cancel.references.map((r) => r.identifier)).toEqual(['haven-2024-000123', 'haven-2024-000124']);
    expect(buildCapXml(cancel)).toContain(
      '<references>alerts@haven.example.org,haven-2024-000123,2024-05-19T17:18:00+08:00 alerts@haven.example.org,haven-2024-000124,2024-05-19T18:00:00+08:00</references>',
    );
  });
});

describe('buildCapXml / parseCapAlert round trip', () => {
  it('parses every built alert back to the same model (property)', () => {
    fc.assert(
      fc.property(alertArb, (alert) => {
        expect(parseCapAlert(buildCapXml(alert), { strict: true }).alert).toEqual(alert);
      }),
      { numRuns: 300 },
    );
  });
});

describe('validateCapAlert', () => {
  it('reports every broken rule', () => {
    const bad: CapAlert = {
      ...richAlert,
      identifier: 'has space',
      sent: '2024-05-19T17:18:00Z',
      msgType: 'Update',
      scope: 'Restricted',
      infos: [
        {
          ...richAlert.infos[0]!,
          categories: [],
          areas: [
            {
              areaDesc: 'x',
              polygons: [
                [
                  [1, 2],
                  [3, 4],
                  [5, 6],
                ] as CapPolygon,
              ],
              circles: [],
              geocodes: [],
              ceiling: 5,
            },
          ],
        },
      ],
    };
    const problems = validateCapAlert(bad);
    expect(problems.join('\n')).toMatch(/identifier/);
    expect(problems.join('\n')).toMatch(/sent/);
    expect(problems.join('\n')).toMatch(/references are required/);
    expect(problems.join('\n')).toMatch(/restriction/);
    expect(problems.join('\n')).toMatch(/category/);
    expect(problems.join('\n')).toMatch(/at least 4 points/);
    expect(problems.join('\n')).toMatch(/not closed/);
    expect(problems.join('\n')).toMatch(/ceiling requires altitude/);
    expect(() => buildCapXml(bad)).toThrow(CapValidationError);
    expect(validateCapAlert(richAlert)).toEqual([]);
  });
});

describe.skipIf(!xsdPath)('buildCapXml against the OASIS CAP 1.2 schema', () => {
  it('produces a schema-valid rich alert, Update and Cancel that parse back to the same model', async () => {
    const update = followUpAlert(richAlert, {
      msgType: 'Update',
      identifier: 'haven-2024-000124',
      sent: '2024-05-19T18:00:00+08:00',
    });
    const cancel = followUpAlert(update, {
      msgType: 'Cancel',
      identifier: 'haven-2024-000125',
      sent: '2024-05-19T20:00:00+08:00',
      infos: [],
    });
    for (const alert of [richAlert, update, cancel]) {
      const xml = buildCapXml(alert);
      const v = await validateAgainstXsd(xml, xsd);
      expect(v.errors).toEqual([]);
      expect(v.valid).toBe(true);
      const parsed = parseCapAlert(xml, { strict: true });
      expect(parsed.alert).toEqual(alert);
    }
  });

  it('produces schema-valid XML for random alerts (200 samples, one libxml2 batch)', async () => {
    const alerts = fc.sample(alertArb, { numRuns: 200, seed: 2024 });
    const results = await validateManyAgainstXsd(alerts.map(buildCapXml), xsd);
    const invalid = results.filter((r) => !r.valid);
    expect(invalid).toEqual([]);
    console.log(
      `CAP builder: ${results.length} random alerts, ${results.length - invalid.length} valid against CAP-v1.2.xsd`,
    );
  });

  it('the validator itself rejects a broken message', async () => {
    const xml = buildCapXml(richAlert).replace('<scope>Public</scope>', '');
    expect((await validateAgainstXsd(xml, xsd)).valid).toBe(false);
  });
});
