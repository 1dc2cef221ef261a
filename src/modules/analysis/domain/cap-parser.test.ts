import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sharedDataPath } from '../../../../test/support/shared-data.ts';
import { buildCapXml } from './cap-builder.ts';
import { richAlert } from './cap-fixtures.test-support.ts';
import { capAlertToGeoJson } from './cap-geometry.ts';
import { CapParseError, parseCapAlert, parseCapDocument } from './cap-parser.ts';
import { XmlSecurityError } from './xml.ts';
import { validateManyAgainstXsd } from './xsd-validate.ts';

const examples = sharedDataPath('cap/examples');
const xsdPath = sharedDataPath('cap/CAP-v1.2.xsd');
const read = (rel: string) => readFileSync(join(examples!, rel));
const list = (dir: string) => (examples ? readdirSync(join(examples, dir)).sort() : []);

/** Twice the signed area of a [lon, lat] ring (> 0 = counterclockwise). */
function area2(ring: number[][]): number {
  let s = 0;
  for (let i = 0; i + 1 < ring.length; i++)
    s += ring[i]![0]! * ring[i + 1]![1]! - ring[i + 1]![0]! * ring[i]![1]!;
  return s;
}

describe('parseCapDocument safety (no shared data needed)', () => {
  it('refuses DTDs, entity declarations and undeclared entities', () => {
    const laughs =
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><alert>&lol2;</alert>';
    expect(() => parseCapDocument(laughs)).toThrow(XmlSecurityError);
    const undeclared = buildCapXml(richAlert).replace('Street flooding', 'Street &xxe; flooding');
    expect(() => parseCapDocument(undeclared)).toThrow(XmlSecurityError);
  });

  it('decodes character references and ISO-8859-1 bytes', () => {
    const xml = buildCapXml(richAlert).replace('Street flooding', 'Caf&#233; &#x4E2D; flooding');
    expect(parseCapAlert(xml).alert.infos[0]!.event).toBe('Café 中 flooding');
    const latin = buildCapXml({
      ...richAlert,
      infos: [{ ...richAlert.infos[0]!, event: 'Inondation à Genève' }],
    }).replace('encoding="UTF-8"', 'encoding="ISO-8859-1"');
    const bytes = Uint8Array.from(latin, (c) => c.charCodeAt(0));
    expect(parseCapAlert(bytes).alert.infos[0]!.event).toBe('Inondation à Genève');
  });

  it('rejects documents that are too large or not CAP', () => {
    expect(() => parseCapDocument('<a/>'.padEnd(100, ' '), { maxBytes: 50 })).toThrow(CapParseError);
    expect(() => parseCapDocument('<alert xmlns="urn:example"/>')).toThrow(CapParseError);
    expect(() => parseCapDocument('<alert><unclosed></alert>')).toThrow(/well-formed/);
  });
});

describe.skipIf(!examples)('parseCapDocument on the shared CAP samples', () => {
  it.each(list('valid'))('valid/%s: read into the model without problems, areas to GeoJSON', (file) => {
    const doc = parseCapDocument(read(`valid/${file}`));
    expect(doc.wrapper).toBe('none');
    expect(doc.alerts).toHaveLength(1);
    const { alert, version, problems } = doc.alerts[0]!;
    expect(version).toBe('1.2');
    expect(problems).toEqual([]);
    const geo = capAlertToGeoJson(alert);
    const areas = alert.infos.flatMap((i) => i.areas);
    expect(geo.features).toHaveLength(areas.length);
    geo.features.forEach((f, i) => {
      const parts = areas[i]!.polygons.length + areas[i]!.circles.length;
      expect(f.geometry?.coordinates.length ?? 0).toBe(parts);
      for (const poly of f.geometry?.coordinates ?? []) {
        const ring = poly[0]!;
        expect(ring[0]).toEqual(ring[ring.length - 1]);
        expect(area2(ring)).toBeGreaterThan(0);
      }
    });
  });

  it('reads the distinctive content of the samples', () => {
    const one = (f: string) => parseCapAlert(read(f));
    const nws = one('valid/nws_hurricane_warning_2020-08-26.xml');
    expect(nws.alert.infos[0]!.areas[0]!.polygons).toHaveLength(2);
    expect(nws.alert.infos[0]!.areas[0]!.geocodes.some((g) => g.valueName === 'UGC')).toBe(true);
    const naad = one('valid/canada_naad_weather_2019-07-12.xml');
    expect(naad.alert.infos.map((i) => i.language)).toEqual(['en-CA', 'fr-CA']);
    expect(naad.signed).toBe(true);
    expect(one('valid/taiwan_wra_reservoir_release_2014-05-14.xml').alert.infos[0]!.event).toBe('水庫洩洪');
    expect(
      one('valid/usgs_earthquake_2012-10-14_iso8859-1.xml').alert.infos[0]!.areas[0]!.circles,
    ).toHaveLength(1);
    expect(one('valid/athoc_no_info_block_2016.xml').alert.infos).toEqual([]);
    expect(one('valid/togo_meteo_signed_2024-06-06.xml').signed).toBe(true);
    expect(one('valid/oasis_example_amber_alert.xml').signed).toBe(false);
  });

  it('refuses the XXE payload before any parser sees it', () => {
    expect(() => parseCapDocument(read('invalid/SECURITY_xxe_external_entity_payload.xml'))).toThrow(
      XmlSecurityError,
    );
  });

  it('rejects the wrong namespace and reports schema problems', () => {
    expect(() => parseCapDocument(read('invalid/wrong_namespace.xml'))).toThrow(CapParseError);
    const missing = parseCapAlert(read('invalid/schema_invalid_element_order.xml'));
    expect(missing.problems).toContain('alert: <scope> is missing');
    const smhi = parseCapAlert(read('invalid/smhi_sweden_senderName_misplaced.xml'));
    expect(smhi.problems).toContain('info[0]: <senderName> is out of order');
    expect(() =>
      parseCapAlert(read('invalid/smhi_sweden_senderName_misplaced.xml'), { strict: true }),
    ).toThrow(CapParseError);
  });

  it('unwraps EDXL-DE and multi-alert containers', () => {
    const edxl = parseCapDocument(read('wrapped/nsw_rfs_edxl-de_wrapped_cap.xml'));
    expect(edxl.wrapper).toBe('edxl-de');
    expect(edxl.alerts).toHaveLength(1);
    expect(edxl.alerts[0]!.alert.sender).toBe('webmaster@rfs.nsw.gov.au');
    expect(edxl.alerts[0]!.alert.infos[0]!.areas[0]!.circles).toHaveLength(1);
    const smhi = parseCapDocument(read('wrapped/smhi_sweden_multi_alert_container.xml'));
    expect(smhi.wrapper).toBe('container');
    expect(smhi.alerts.length).toBe(17);
    expect(smhi.alerts.every((a) => a.problems.length === 0 && a.version === '1.2')).toBe(true);
  });

  it('detects CAP 1.1 (and refuses it in strict mode) and Atom indexes', () => {
    for (const f of ['cap11/weather_cap11.xml', 'cap11/tmp0000_cap11.xml']) {
      expect(parseCapAlert(read(f)).version).toBe('1.1');
      expect(() => parseCapAlert(read(f), { strict: true })).toThrow(/version 1.1/);
    }
    expect(() => parseCapDocument(read('cap11/nws_atom_index_feed_cap11.xml'))).toThrow(/Atom feed/);
  });

  it.skipIf(!xsdPath)(
    'agrees with xmllint on which samples are schema-valid, and rebuilds valid XML',
    async () => {
      const files = [
        ...list('valid').map((f) => `valid/${f}`),
        ...list('invalid').map((f) => `invalid/${f}`),
      ].filter((f) => !f.includes('SECURITY') && !f.includes('wrong_namespace'));
      const xsd = readFileSync(xsdPath!, 'utf8');
      const verdicts = await validateManyAgainstXsd(files.map(read), xsd);
      files.forEach((f, i) => {
        expect(parseCapAlert(read(f)).problems.length === 0, f).toBe(verdicts[i]!.valid);
      });
      const models = list('valid').map((f) => parseCapAlert(read(`valid/${f}`)).alert);
      const rebuilt = models.map(buildCapXml);
      const again = await validateManyAgainstXsd(rebuilt, xsd);
      expect(again.every((v) => v.valid)).toBe(true);
      rebuilt.forEach((xml, i) => {
        expect(parseCapAlert(xml, { strict: true }).alert).toEqual(models[i]);
      });
      console.log(
        `CAP samples: ${files.length} checked against xmllint, ${rebuilt.length} valid samples rebuilt and re-validated`,
      );
    },
  );
});
