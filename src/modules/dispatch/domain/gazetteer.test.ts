import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { sharedDataPath } from '../../../../test/support/shared-data.ts';
import {
  collectRoadNames,
  DEMO_COUNTY_BBOX,
  generateNamedSyntheticNetwork,
  readOsmPbf,
  wayTravel,
} from '../../routing/index.ts';
import { canonical, matchKey, splitIntersection } from './address-normalise.ts';
import { confidentCandidate, crossings, Gazetteer, type Place, roadPlace } from './gazetteer.ts';
import { haversineMetres } from './geo.ts';

describe('address normalisation', () => {
  it('folds case, width, whitespace, Chinese numerals and road-type suffixes', () => {
    expect(canonical('  ＪＩＮＧ　３  Road ')).toBe('jing 3 rd');
    expect(matchKey('Jing 3 Road')).toBe('jing 3');
    expect(matchKey('jing 3 rd.')).toBe('jing 3');
    expect(matchKey('Main Street')).toBe(matchKey('main st'));
    expect(matchKey('经三路')).toBe('经3');
    expect(matchKey('经十二大道')).toBe('经12');
    expect(matchKey('东湖镇')).toBe('东湖');
  });
  it('splits intersections but not names that contain a separator character', () => {
    expect(splitIntersection('经3路与纬5路交叉口')).toEqual(['经3路', '纬5路']);
    expect(splitIntersection('Jing 3 Rd & Wei 5 Rd')).toEqual(['Jing 3 Rd', 'Wei 5 Rd']);
    expect(splitIntersection('Jing 3 Road and Wei 5 Road')).toEqual(['Jing 3 Road', 'Wei 5 Road']);
    expect(splitIntersection('和平路与经3路')).toEqual(['和平路', '经3路']);
    expect(splitIntersection('和平路')).toBeNull();
  });
});

const station: Place = {
  kind: 'station',
  label: '东湖派出所 Donghu Station',
  names: ['东湖派出所', 'Donghu Station'],
  lon: 113.9,
  lat: 22.6,
  precision: 1,
};
const township: Place = {
  kind: 'jurisdiction',
  label: '东湖镇',
  names: ['东湖镇', 'Donghu Town'],
  lon: 113.92,
  lat: 22.62,
  precision: 0.7,
};

describe('gazetteer ranking', () => {
  const g = new Gazetteer([station, township]);
  it('ranks exact before prefix, scaled by precision, and answers nothing for nonsense', () => {
    const hits = g.search('donghu station');
    expect(hits[0]).toMatchObject({ kind: 'station', score: 1 });
    const prefix = g.search('东湖');
    // The town's name is matched exactly, but a town is a poorer location than a station.
    expect(prefix.map((h) => h.kind)).toEqual(['station', 'jurisdiction']);
    expect(prefix[1]!.score).toBeCloseTo(0.7);
    expect(g.search('zzzz qqqq')).toEqual([]);
    expect(g.search('   ')).toEqual([]);
  });
  it('is confident only in a strong match without a rival elsewhere', () => {
    expect(confidentCandidate(g.search('Donghu Station'))?.kind).toBe('station');
    expect(confidentCandidate(g.search('东湖'))).toBeNull();
    expect(confidentCandidate([])).toBeNull();
  });
  it('bounds the answer and the visible places', () => {
    const many = new Gazetteer(
      Array.from({ length: 100 }, (_, i) => ({
        ...station,
        label: `Station ${i}`,
        names: [`Station ${i}`],
        lon: 113 + i / 100,
      })),
    );
    expect(many.search('station', 500)).toHaveLength(20);
    expect(many.search('station', 5)).toHaveLength(5);
    expect(many.search('station 7', 5, (p) => p.label !== 'Station 7')[0]?.label).not.toBe('Station 7');
  });
});

describe('road names of the demo county synthetic network', () => {
  const { roadNames } = generateNamedSyntheticNetwork({
    bbox: DEMO_COUNTY_BBOX,
    spacingMetres: 200,
    seed: 20240601,
  });
  const g = new Gazetteer(roadNames.map((r) => roadPlace(r.names, r.coords)));
  it('names every street in zh and en', () => {
    expect(roadNames.length).toBeGreaterThan(200);
    expect(roadNames[2]!.names).toEqual(['纬3路', 'Wei 3 Road']);
  });
  it('finds a road by its name but is not confident in a whole road', () => {
    const hits = g.search('经三路');
    expect(hits[0]).toMatchObject({ kind: 'road', label: '经3路' });
    expect(confidentCandidate(hits)).toBeNull();
  });
  it('places an intersection where the two streets cross, in either language', () => {
    const zh = confidentCandidate(g.search('经3路与纬5路交叉口'));
    const en = confidentCandidate(g.search('Jing 3 Rd & Wei 5 Rd'));
    expect(zh?.kind).toBe('intersection');
    expect(en?.label).toBe('经3路 & 纬5路');
    expect(haversineMetres(zh!, en!)).toBe(0);
    // Jing 3 is the third north-south street from the west, Wei 5 the fifth from the south.
    expect(zh!.lon).toBeGreaterThan(DEMO_COUNTY_BBOX.minLon);
    expect(zh!.lon).toBeLessThan(DEMO_COUNTY_BBOX.minLon + 0.01);
    expect(zh!.lat).toBeGreaterThan(DEMO_COUNTY_BBOX.minLat + 0.005);
    expect(zh!.lat).toBeLessThan(DEMO_COUNTY_BBOX.minLat + 0.01);
  });
  it('finds no crossing of parallel streets', () => {
    expect(crossings(roadNames[0]!.coords, roadNames[1]!.coords)).toEqual([]);
  });
});

const monaco = sharedDataPath('osm/monaco-2019-09-30.osm.pbf');
describe.skipIf(!monaco)('road names of the real Monaco extract', () => {
  // Read in beforeAll: a skipped suite's body still runs, and the extract may be absent.
  let names: ReturnType<typeof collectRoadNames>;
  let g: Gazetteer;
  beforeAll(() => {
    names = collectRoadNames(readOsmPbf(readFileSync(monaco!)), (w) => wayTravel(w.tags) !== null);
    g = new Gazetteer(names.map((r) => roadPlace(r.names, r.coords)));
  });
  it('keeps the names of routable roads only', () => {
    expect(names.length).toBeGreaterThan(50);
    const labels = names.map((n) => n.names[0]);
    expect(labels).toContain('Boulevard des Moulins');
    expect(new Set(labels).size).toBe(labels.length);
  });
  it('finds a real street from a sloppy spelling and a crossing of two real streets', () => {
    const hit = g.search('boulevard des moulins')[0]!;
    expect(hit).toMatchObject({ label: 'Boulevard des Moulins', score: 0.8 });
    expect(hit.lon).toBeGreaterThan(7.4);
    expect(hit.lat).toBeGreaterThan(43.72);
    const loose = g.search('moulins').map((h) => h.label);
    expect(loose.slice(0, 2).sort()).toEqual(['Boulevard des Moulins', 'Place Moulins']);
    const crossing = g.search('Boulevard des Moulins & Avenue de la Costa');
    expect(crossing[0]?.kind).toBe('intersection');
  });
});
