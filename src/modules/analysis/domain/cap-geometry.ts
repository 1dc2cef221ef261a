import { circle } from '@turf/turf';
import type { CapAlert, CapArea, CapCircle, CapPolygon } from './cap-model.ts';

/** RFC 7946 position [lon, lat]. */
export type Position = number[];
/** RFC 7946 Polygon. */
export interface Polygon {
  type: 'Polygon';
  coordinates: Position[][];
}
/** RFC 7946 MultiPolygon. */
export interface MultiPolygon {
  type: 'MultiPolygon';
  coordinates: Position[][][];
}
/** RFC 7946 Feature. */
export interface Feature<G> {
  type: 'Feature';
  geometry: G;
  properties: Record<string, unknown> | null;
}
/** RFC 7946 FeatureCollection. */
export interface FeatureCollection<G> {
  type: 'FeatureCollection';
  features: Array<Feature<G>>;
}

/** Rewrites JavaScript exponent notation ("5e-7", "1.5e+21") as plain decimal digits. */
function expandExponent(text: string): string {
  const m = /^(-?)(\d)(?:\.(\d+))?e([-+]\d+)$/.exec(text);
  if (!m) return text;
  const [, sign, lead, frac = '', e] = m;
  const digits = lead! + frac;
  const point = 1 + Number(e);
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/**
 * Decimal text of a number without exponent (CAP and xs:decimal forbid it): the shortest
 * round-trip form, or at most `digits` decimals when given; trailing zeros trimmed.
 */
export function formatDecimal(value: number, digits?: number): string {
  if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
  let text = expandExponent(digits === undefined ? String(value) : value.toFixed(digits));
  if (text.includes('.')) text = text.replace(/\.?0+$/, '');
  return text === '-0' ? '0' : text;
}

/** CAP polygon text: "lat,lon lat,lon …" (a closed ring). */
export function formatCapPolygon(ring: CapPolygon, digits?: number): string {
  return ring.map(([lat, lon]) => `${formatDecimal(lat, digits)},${formatDecimal(lon, digits)}`).join(' ');
}

/** CAP circle text: "lat,lon radiusKm". */
export function formatCapCircle(c: CapCircle, digits?: number): string {
  return `${formatDecimal(c.lat, digits)},${formatDecimal(c.lon, digits)} ${formatDecimal(c.radiusKm, digits)}`;
}

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)$/;

function coordinate(pairText: string): [number, number] {
  const parts = pairText.split(',');
  if (parts.length !== 2 || !parts.every((p) => NUMBER.test(p.trim())))
    throw new Error(`bad coordinate "${pairText}"`);
  const lat = Number(parts[0]);
  const lon = Number(parts[1]);
  if (Math.abs(lat) > 90 || Math.abs(lon) > 180) throw new Error(`coordinate out of range "${pairText}"`);
  return [lat, lon];
}

/** Parses CAP polygon text into [lat, lon] points; throws on malformed or unclosed rings. */
export function parseCapPolygon(text: string): CapPolygon {
  // Some senders write "lat, lon"; join such splits before splitting pairs on whitespace.
  const ring = text.trim().replace(/,\s+/g, ',').split(/\s+/).filter(Boolean).map(coordinate);
  if (ring.length < 4) throw new Error('a CAP polygon needs at least 4 points');
  const [f, l] = [ring[0]!, ring[ring.length - 1]!];
  if (f[0] !== l[0] || f[1] !== l[1]) throw new Error('CAP polygon ring is not closed');
  return ring;
}

/** Parses CAP circle text "lat,lon radiusKm". */
export function parseCapCircle(text: string): CapCircle {
  const parts = text.trim().replace(/,\s+/g, ',').split(/\s+/);
  if (parts.length !== 2 || !NUMBER.test(parts[1]!)) throw new Error(`bad CAP circle "${text}"`);
  const [lat, lon] = coordinate(parts[0]!);
  const radiusKm = Number(parts[1]);
  if (radiusKm < 0) throw new Error('negative circle radius');
  return { lat, lon, radiusKm };
}

/** Twice the signed area of a [x, y] ring (positive = counterclockwise). */
function signedArea2(ring: Position[]): number {
  let s = 0;
  for (let i = 0; i + 1 < ring.length; i++)
    s += ring[i]![0]! * ring[i + 1]![1]! - ring[i + 1]![0]! * ring[i]![1]!;
  return s;
}

/** GeoJSON Polygon of a CAP ring: [lon, lat] positions, counterclockwise as RFC 7946 asks. */
export function capPolygonToGeoJson(ring: CapPolygon): Polygon {
  const positions: Position[] = ring.map(([lat, lon]) => [lon, lat]);
  return { type: 'Polygon', coordinates: [signedArea2(positions) < 0 ? positions.reverse() : positions] };
}

/** GeoJSON Polygon approximating a CAP circle with `steps` vertices (geodesic radius). */
export function capCircleToGeoJson(c: CapCircle, steps = 64): Polygon {
  const coordinates = circle([c.lon, c.lat], Math.max(c.radiusKm, 1e-6), { steps, units: 'kilometers' })
    .geometry.coordinates;
  return { type: 'Polygon', coordinates };
}

function closedRing(ring: Position[], where: string): CapPolygon {
  if (ring.some((p) => p.length < 2 || Math.abs(p[1]!) > 90 || Math.abs(p[0]!) > 180)) {
    throw new Error(`${where}: position out of range`);
  }
  const out: CapPolygon = ring.map((p) => [p[1]!, p[0]!]);
  const [f, l] = [out[0], out[out.length - 1]];
  if (f && l && (f[0] !== l[0] || f[1] !== l[1])) out.push([f[0], f[1]]);
  if (out.length < 4) throw new Error(`${where}: a ring needs at least 3 distinct positions`);
  return out;
}

/**
 * CAP polygons of a GeoJSON Polygon / MultiPolygon (or a Feature of one): one CAP polygon per
 * exterior ring. CAP has no holes, so interior rings are dropped and counted.
 */
export function geoJsonToCapPolygons(input: Polygon | MultiPolygon | Feature<Polygon | MultiPolygon>): {
  polygons: CapPolygon[];
  droppedHoles: number;
} {
  const geometry = input.type === 'Feature' ? input.geometry : input;
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  let droppedHoles = 0;
  const out = polygons.map((rings, i) => {
    if (rings.length === 0) throw new Error(`polygon ${i} has no rings`);
    droppedHoles += rings.length - 1;
    return closedRing(rings[0]!, `polygon ${i}`);
  });
  return { polygons: out, droppedHoles };
}

/** GeoJSON MultiPolygon of CAP polygons (inverse of `geoJsonToCapPolygons` for hole-free shapes). */
export function capPolygonsToGeoJson(polygons: readonly CapPolygon[]): MultiPolygon {
  return { type: 'MultiPolygon', coordinates: polygons.map((p) => capPolygonToGeoJson(p).coordinates) };
}

/** One GeoJSON Feature per CAP area: polygons and circles (as polygons) as a MultiPolygon, or null geometry. */
export function capAreaToFeature(area: CapArea, circleSteps = 64): Feature<MultiPolygon | null> {
  const parts = [
    ...area.polygons.map((p) => capPolygonToGeoJson(p).coordinates),
    ...area.circles.map((c) => capCircleToGeoJson(c, circleSteps).coordinates),
  ];
  return {
    type: 'Feature',
    geometry: parts.length ? { type: 'MultiPolygon', coordinates: parts } : null,
    properties: {
      areaDesc: area.areaDesc,
      geocodes: area.geocodes,
      circles: area.circles,
      ...(area.altitude === undefined ? {} : { altitude: area.altitude }),
      ...(area.ceiling === undefined ? {} : { ceiling: area.ceiling }),
    },
  };
}

/** All areas of an alert as a FeatureCollection, each feature tagged with identifier, info index and event. */
export function capAlertToGeoJson(alert: CapAlert, circleSteps = 64): FeatureCollection<MultiPolygon | null> {
  const features = alert.infos.flatMap((info, infoIndex) =>
    info.areas.map((area) => {
      const f = capAreaToFeature(area, circleSteps);
      f.properties = {
        identifier: alert.identifier,
        infoIndex,
        event: info.event,
        language: info.language,
        ...f.properties,
      };
      return f;
    }),
  );
  return { type: 'FeatureCollection', features };
}
