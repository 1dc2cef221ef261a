import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sharedDataPath } from '../../../../test/support/shared-data.ts';
import { buildCapAtomFeed, parseCapAtomIndex } from './atom-feed.ts';
import { followUpAlert } from './cap-builder.ts';
import { richAlert } from './cap-fixtures.test-support.ts';
import { parseXmlTree } from './xml.ts';

const ATOM = 'http://www.w3.org/2005/Atom';
const meta = {
  id: 'https://haven.example.org/alerts/feed',
  title: 'Haven public alerts',
  updated: '2024-05-19T18:00:00+08:00',
  selfUrl: 'https://haven.example.org/alerts/feed.atom',
  authorName: 'Haven City Emergency Command Centre',
  generator: 'Haven',
};

describe('buildCapAtomFeed', () => {
  const update = followUpAlert(richAlert, {
    msgType: 'Update',
    identifier: 'haven-2024-000124',
    sent: '2024-05-19T18:00:00+08:00',
  });
  const xml = buildCapAtomFeed(meta, [
    { alert: update, capUrl: 'https://haven.example.org/alerts/haven-2024-000124.xml' },
    {
      alert: richAlert,
      capUrl: 'https://haven.example.org/alerts/haven-2024-000123.xml?a=1&b=2',
      language: 'zh-CN',
    },
  ]);
  const feed = parseXmlTree(xml);
  const atom = (el: typeof feed, local: string) =>
    el.children.filter((c) => c.ns === ATOM && c.local === local);

  it('has the elements RFC 4287 requires', () => {
    expect(feed.local).toBe('feed');
    expect(feed.ns).toBe(ATOM);
    for (const k of ['id', 'title', 'updated', 'author']) expect(atom(feed, k)).toHaveLength(1);
    expect(atom(feed, 'link')[0]!.attrs).toMatchObject({ rel: 'self', href: meta.selfUrl });
    const entries = atom(feed, 'entry');
    expect(entries).toHaveLength(2);
    for (const e of entries) {
      for (const k of ['id', 'title', 'updated']) expect(atom(e, k)).toHaveLength(1);
      expect(atom(e, 'updated')[0]!.text).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[-+]\d{2}:\d{2}$/);
      expect(atom(e, 'link')[0]!.attrs.type).toBe('application/cap+xml');
    }
    expect(atom(entries[1]!, 'link')[0]!.attrs.href).toBe(
      'https://haven.example.org/alerts/haven-2024-000123.xml?a=1&b=2',
    );
  });

  it('carries CAP extension fields that an index reader can use', () => {
    const index = parseCapAtomIndex(xml);
    expect(index.entries).toHaveLength(2);
    const [first, second] = index.entries;
    expect(first!.capVersion).toBe('1.2');
    expect(first!.cap).toMatchObject({
      msgType: 'Update',
      event: 'Street flooding',
      severity: 'Severe',
      expires: '2024-05-19T23:30:00+08:00',
    });
    expect(first!.cap.polygon).toBe('22.53,114.05 22.54,114.06 22.52,114.07 22.53,114.05');
    expect(first!.geocodes).toEqual([
      { valueName: 'GB/T 2260', value: '440304' },
      { valueName: 'GB/T 2260', value: '440300' },
    ]);
    expect(second!.title).toBe('沿河道路积水');
  });

  it('refuses a non-RFC 3339 updated time', () => {
    expect(() => buildCapAtomFeed({ ...meta, updated: '19 May 2024' }, [])).toThrow();
  });
});

const nws = sharedDataPath('cap/examples/cap11/nws_atom_index_feed_cap11.xml');
describe.skipIf(!nws)('parseCapAtomIndex on the NWS index (CAP 1.1)', () => {
  it('reads every entry and detects CAP 1.1 extensions', () => {
    const index = parseCapAtomIndex(readFileSync(nws!));
    expect(index.entries.length).toBeGreaterThan(100);
    expect(index.entries.every((e) => e.capVersion === '1.1')).toBe(true);
    const first = index.entries[0]!;
    expect(first.cap.event).toBe('High Wind Warning');
    expect(first.geocodes).toEqual([
      { valueName: 'FIPS6', value: '002185' },
      { valueName: 'UGC', value: 'AKZ204' },
    ]);
    console.log(`NWS Atom index: ${index.entries.length} entries, CAP ${first.capVersion}`);
  });
});
