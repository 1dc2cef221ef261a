import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { booleanPointInPolygon } from '@turf/turf';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sharedDataPath } from '../../../../test/support/shared-data.ts';
import { acceptAvlFix } from './avl.ts';
import { type AreaGeometry, areaTest, DEFAULT_HOURLY_PROFILE, simulateCalls } from './call-simulator.ts';
import { haversineMetres, offsetMetres } from './geo.ts';
import { pathDurationSeconds, positionAlongPath, simulateMovement } from './unit-movement.ts';

const DAY = 86_400_000;
const START = Date.UTC(2025, 0, 6);
const center = { lat: 22.54, lon: 114.06 };
const ring = [
  [113.98, 22.48],
  [114.14, 22.48],
  [114.14, 22.6],
  [113.98, 22.6],
  [113.98, 22.48],
];
const hole = [
  [114.04, 22.52],
  [114.08, 22.52],
  [114.08, 22.56],
  [114.04, 22.56],
  [114.04, 22.52],
];
const polygon: AreaGeometry = { type: 'Polygon', coordinates: [ring, hole] };
const spec = {
  seed: 7,
  start: START,
  end: START + 14 * DAY,
  callsPerHour: 20,
  utcOffsetMinutes: 480,
  area: { polygon },
  hotspots: [
    {
      center: offsetMetres(center, 5000, 3000),
      sigmaMetres: 300,
      weight: 1,
      typeMix: [{ typeCode: 'FIGHT_IN_PROGRESS', weight: 1 }],
    },
  ],
  backgroundWeight: 1,
  typeMix: [
    { typeCode: 'THEFT', weight: 3 },
    { typeCode: 'TRAFFIC_ACCIDENT_PROPERTY', weight: 1 },
  ],
};

describe('simulateCalls', () => {
  const calls = simulateCalls(spec);

  it('is reproducible from its seed and ordered in time', () => {
    expect(simulateCalls(spec)).toEqual(calls);
    expect(simulateCalls({ ...spec, seed: 8 })).not.toEqual(calls);
    for (let k = 1; k < calls.length; k++) expect(calls[k]!.at).toBeGreaterThanOrEqual(calls[k - 1]!.at);
  });

  it('produces the expected volume with night-time lows and evening peaks (local time)', () => {
    expect(calls.length).toBeGreaterThan(20 * 24 * 14 * 0.95);
    expect(calls.length).toBeLessThan(20 * 24 * 14 * 1.05);
    const byHour = new Array(24).fill(0);
    for (const c of calls) byHour[new Date(c.at + 8 * 3_600_000).getUTCHours()]++;
    const night = byHour[4] + byHour[5];
    const evening = byHour[18] + byHour[19];
    expect(evening / night).toBeGreaterThan(2.5);
    const expected =
      (DEFAULT_HOURLY_PROFILE[19]! + DEFAULT_HOURLY_PROFILE[18]!) /
      (DEFAULT_HOURLY_PROFILE[4]! + DEFAULT_HOURLY_PROFILE[5]!);
    expect(evening / night).toBeCloseTo(expected, 0);
  });

  it('keeps calls inside the polygon (outside its hole) and clusters half of them at the hotspot', () => {
    const inside = areaTest({ polygon });
    expect(calls.every((c) => inside(c.location))).toBe(true);
    const fromHotspot = calls.filter((c) => c.hotspot === 0);
    expect(fromHotspot.length / calls.length).toBeCloseTo(0.5, 1);
    const h = spec.hotspots[0]!.center;
    const within = fromHotspot.filter((c) => haversineMetres(c.location, h) < 3 * 300).length;
    expect(within / fromHotspot.length).toBeGreaterThan(0.97);
    expect(new Set(fromHotspot.map((c) => c.typeCode))).toEqual(new Set(['FIGHT_IN_PROGRESS']));
    const background = calls.filter((c) => c.hotspot === null);
    const thefts = background.filter((c) => c.typeCode === 'THEFT').length / background.length;
    expect(thefts).toBeCloseTo(0.75, 1);
  });

  it('agrees with turf on point-in-polygon, holes included', () => {
    const inside = areaTest({ polygon });
    const feature = { type: 'Polygon' as const, coordinates: [ring, hole] };
    fc.assert(
      fc.property(
        fc.double({ min: 113.95, max: 114.17, noNaN: true }),
        fc.double({ min: 22.45, max: 22.63, noNaN: true }),
        (lon, lat) => {
          expect(inside({ lat, lon })).toBe(
            booleanPointInPolygon([lon, lat], feature, { ignoreBoundary: true }) || onEdge(lon, lat),
          );
        },
      ),
    );
  });

  const chicago = sharedDataPath('crime/chicago/chicago_aggravated_assaults_2010_2019.csv.gz');
  it.skipIf(!chicago)(
    'has an hourly profile close to real incident records (Chicago assaults 2010-2019)',
    () => {
      const text = gunzipSync(readFileSync(chicago!)).toString('utf8');
      const counts = new Array(24).fill(0);
      for (const line of text.split('\n').slice(1)) {
        const hour = Number(line.slice(11, 13));
        if (line.length > 13 && Number.isInteger(hour)) counts[hour]++;
      }
      expect(pearson(counts, [...DEFAULT_HOURLY_PROFILE])).toBeGreaterThan(0.85);
    },
  );
});

function onEdge(lon: number, lat: number): boolean {
  return [ring, hole].some((r) => r.some(([x, y]) => x === lon || y === lat));
}

function pearson(a: number[], b: number[]): number {
  const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
  const ma = mean(a);
  const mb = mean(b);
  let num = 0;
  let da = 0;
  let db = 0;
  for (let i = 0; i < a.length; i++) {
    num += (a[i]! - ma) * (b[i]! - mb);
    da += (a[i]! - ma) ** 2;
    db += (b[i]! - mb) ** 2;
  }
  return num / Math.sqrt(da * db);
}

describe('unit movement', () => {
  const path = [center, offsetMetres(center, 1000, 0), offsetMetres(center, 1000, 500)];
  const moving = { path, speedsMps: [10, 5] };

  it('moves along the path at each segment speed', () => {
    expect(pathDurationSeconds(moving)).toBeCloseTo(100 + 100, 0);
    const mid = positionAlongPath(moving, 50);
    expect(haversineMetres(mid.position, offsetMetres(center, 500, 0))).toBeLessThan(1);
    expect(mid.headingDeg).toBeCloseTo(90, 0);
    expect(positionAlongPath(moving, 150)).toMatchObject({ speedMps: 5, arrived: false });
    expect(positionAlongPath(moving, 1e6)).toMatchObject({ position: path[2], arrived: true, speedMps: 0 });
  });

  it('samples fixes until arrival that the AVL filter accepts in order', () => {
    const fixes = simulateMovement({
      ...moving,
      startAt: START,
      intervalSeconds: 15,
      noiseMetres: 5,
      seed: 3,
    });
    expect(fixes.length).toBe(Math.ceil(pathDurationSeconds(moving) / 15) + 1);
    expect(haversineMetres(fixes[fixes.length - 1]!, path[2]!)).toBeLessThan(30);
    let latest = null;
    for (const f of fixes) {
      expect(acceptAvlFix(latest, f, f.at + 2000)).toEqual({ accepted: true });
      latest = f;
    }
    expect(
      simulateMovement({ ...moving, startAt: START, intervalSeconds: 15, noiseMetres: 5, seed: 3 }),
    ).toEqual(fixes);
  });
});
