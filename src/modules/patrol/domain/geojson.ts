import { PatrolError } from './errors.ts';
import type { MultiPolygonCoords, PolygonCoords, Position } from './geo.ts';

/** A named areal unit read from GeoJSON (a district, a beat, a small area). */
export interface Region {
  readonly id: string;
  readonly polygons: MultiPolygonCoords;
  readonly properties: Readonly<Record<string, unknown>>;
}

/** How to read regions from GeoJSON. */
export interface ReadRegionsOptions {
  /** Property holding the region id; features sharing an id are merged. Default: feature `id`, else index. */
  idProperty?: string;
}

function fail(message: string, where: string): never {
  throw new PatrolError('INVALID_GEOJSON', `Invalid GeoJSON at ${where}: ${message}`, { where });
}

function readPosition(p: unknown, where: string): Position {
  if (!Array.isArray(p) || p.length < 2) fail('a position must be an array [lon, lat]', where);
  const [lon, lat] = p as unknown[];
  if (typeof lon !== 'number' || typeof lat !== 'number' || !Number.isFinite(lon) || !Number.isFinite(lat)) {
    fail('position coordinates must be finite numbers', where);
  }
  if (lon < -180 || lon > 180 || lat < -90 || lat > 90)
    fail(`position [${lon}, ${lat}] is out of range`, where);
  return [lon, lat];
}

function readRing(r: unknown, where: string): Position[] {
  if (!Array.isArray(r)) fail('a linear ring must be an array of positions', where);
  const ring = r.map((p, i) => readPosition(p, `${where}[${i}]`));
  if (ring.length < 4) fail('a linear ring needs at least 4 positions', where);
  const a = ring[0]!;
  const b = ring[ring.length - 1]!;
  if (a[0] !== b[0] || a[1] !== b[1]) fail('a linear ring must be closed (first position = last)', where);
  return ring;
}

function readPolygon(c: unknown, where: string): PolygonCoords {
  if (!Array.isArray(c) || c.length === 0) fail('a Polygon needs at least one ring', where);
  return c.map((r, i) => readRing(r, `${where}[${i}]`));
}

/** Validates a GeoJSON Polygon/MultiPolygon geometry and returns its MultiPolygon coordinates. */
export function readArealGeometry(g: unknown, where = 'geometry'): MultiPolygonCoords {
  if (g === null || typeof g !== 'object') fail('geometry must be an object', where);
  const { type, coordinates } = g as { type?: unknown; coordinates?: unknown };
  if (type === 'Polygon') return [readPolygon(coordinates, `${where}.coordinates`)];
  if (type === 'MultiPolygon') {
    if (!Array.isArray(coordinates) || coordinates.length === 0) fail('empty MultiPolygon', where);
    return coordinates.map((c, i) => readPolygon(c, `${where}.coordinates[${i}]`));
  }
  return fail(`expected Polygon or MultiPolygon, got ${String(type)}`, where);
}

function featuresOf(input: unknown): unknown[] {
  if (input === null || typeof input !== 'object')
    fail('expected a FeatureCollection, Feature or geometry', 'root');
  const t = (input as { type?: unknown }).type;
  if (t === 'FeatureCollection') {
    const fs = (input as { features?: unknown }).features;
    if (!Array.isArray(fs)) fail('FeatureCollection.features must be an array', 'root');
    return fs;
  }
  if (t === 'Feature') return [input];
  if (t === 'Polygon' || t === 'MultiPolygon') return [{ type: 'Feature', geometry: input, properties: {} }];
  return fail(`unsupported GeoJSON type ${String(t)}`, 'root');
}

/** Reads areal regions from GeoJSON, validating geometry; throws PatrolError('INVALID_GEOJSON'). */
export function readRegions(input: unknown, options: ReadRegionsOptions = {}): Region[] {
  const features = featuresOf(input);
  if (features.length === 0) fail('no features', 'root');
  const byId = new Map<string, { polygons: MultiPolygonCoords; properties: Record<string, unknown> }>();
  features.forEach((f, i) => {
    const where = `features[${i}]`;
    if (f === null || typeof f !== 'object' || (f as { type?: unknown }).type !== 'Feature') {
      fail('expected a Feature', where);
    }
    const feat = f as { id?: unknown; geometry?: unknown; properties?: unknown };
    const properties = (feat.properties ?? {}) as Record<string, unknown>;
    const polygons = readArealGeometry(feat.geometry, `${where}.geometry`);
    const raw = options.idProperty !== undefined ? properties[options.idProperty] : (feat.id ?? i);
    if (raw === undefined || raw === null || raw === '')
      fail(`missing id property ${options.idProperty}`, where);
    const id = String(raw);
    const prev = byId.get(id);
    if (prev) prev.polygons.push(...polygons);
    else byId.set(id, { polygons: [...polygons], properties });
  });
  return [...byId].map(([id, r]) => ({ id, polygons: r.polygons, properties: r.properties }));
}
