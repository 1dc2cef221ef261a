import { booleanPointInPolygon, kinks } from '@turf/turf';

/** RFC 7946 position: [longitude, latitude]. */
export type Position = [number, number];
export interface Polygon {
  type: 'Polygon';
  coordinates: Position[][];
}
export interface MultiPolygon {
  type: 'MultiPolygon';
  coordinates: Position[][][];
}
export type Area = Polygon | MultiPolygon;
export type BBox = [number, number, number, number];

/** One problem found in a geometry, with where it is. */
export interface GeometryIssue {
  path: string;
  message: string;
}

function checkPosition(p: unknown, path: string, issues: GeometryIssue[]): p is Position {
  if (
    !Array.isArray(p) ||
    p.length < 2 ||
    p.length > 3 ||
    !p.every((n) => typeof n === 'number' && Number.isFinite(n))
  ) {
    issues.push({ path, message: 'a position is [longitude, latitude] of finite numbers' });
    return false;
  }
  const [lon, lat] = p as number[];
  if (lon! < -180 || lon! > 180) issues.push({ path, message: `longitude ${lon} is outside -180..180` });
  if (lat! < -90 || lat! > 90) issues.push({ path, message: `latitude ${lat} is outside -90..90` });
  return true;
}

function checkRing(ring: unknown, path: string, issues: GeometryIssue[]): void {
  if (!Array.isArray(ring) || ring.length < 4) {
    issues.push({ path, message: 'a linear ring needs at least 4 positions' });
    return;
  }
  const before = issues.length;
  for (const [i, p] of ring.entries()) checkPosition(p, `${path}[${i}]`, issues);
  if (issues.length > before) return;
  const first = ring[0] as number[];
  const last = ring[ring.length - 1] as number[];
  if (first[0] !== last[0] || first[1] !== last[1]) {
    issues.push({ path, message: 'the ring is not closed: its last position must equal its first' });
  }
}

function checkPolygonRings(rings: unknown, path: string, issues: GeometryIssue[]): void {
  if (!Array.isArray(rings) || rings.length === 0) {
    issues.push({ path, message: 'a polygon is a non-empty array of linear rings' });
    return;
  }
  const before = issues.length;
  for (const [i, r] of rings.entries()) checkRing(r, `${path}[${i}]`, issues);
  if (issues.length > before) return;
  const found = kinks({ type: 'Polygon', coordinates: rings as Position[][] });
  if (found.features.length > 0) {
    const [lon, lat] = found.features[0]!.geometry.coordinates;
    issues.push({ path, message: `the polygon intersects itself near ${lat}, ${lon}` });
  }
}

/** Validates a (Multi)Polygon per RFC 7946 plus simplicity; returns the issues (empty when valid). */
export function validateArea(geometry: unknown, path = 'geometry'): GeometryIssue[] {
  const issues: GeometryIssue[] = [];
  const g = geometry as { type?: unknown; coordinates?: unknown } | null;
  if (typeof g !== 'object' || g === null || Array.isArray(g)) {
    return [{ path, message: 'a geometry object is required' }];
  }
  if (g.type === 'Polygon') checkPolygonRings(g.coordinates, `${path}.coordinates`, issues);
  else if (g.type === 'MultiPolygon') {
    if (!Array.isArray(g.coordinates) || g.coordinates.length === 0) {
      issues.push({ path: `${path}.coordinates`, message: 'a MultiPolygon needs at least one polygon' });
    } else {
      for (const [i, p] of g.coordinates.entries()) checkPolygonRings(p, `${path}.coordinates[${i}]`, issues);
    }
  } else issues.push({ path: `${path}.type`, message: 'the geometry must be a Polygon or MultiPolygon' });
  return issues;
}

/** Whether a coordinate pair is on Earth. */
export function isValidLatLon(lat: number, lon: number): boolean {
  return Number.isFinite(lat) && Number.isFinite(lon) && lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180;
}

/** Bounding box [minLon, minLat, maxLon, maxLat] of an area. */
export function bboxOf(area: Area): BBox {
  const b: BBox = [Infinity, Infinity, -Infinity, -Infinity];
  const polys = area.type === 'Polygon' ? [area.coordinates] : area.coordinates;
  for (const poly of polys) {
    for (const [lon, lat] of poly[0]!) {
      if (lon < b[0]) b[0] = lon;
      if (lat < b[1]) b[1] = lat;
      if (lon > b[2]) b[2] = lon;
      if (lat > b[3]) b[3] = lat;
    }
  }
  return b;
}

/** Exact point-in-area test (boundary counts as inside). */
export function areaContains(area: Area, lon: number, lat: number): boolean {
  return booleanPointInPolygon([lon, lat], area);
}
