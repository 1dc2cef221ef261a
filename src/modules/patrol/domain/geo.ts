/** A GeoJSON position: [longitude, latitude] in WGS84 degrees. */
export type Position = [number, number];
/** Coordinates of a GeoJSON Polygon: outer ring then holes, each ring closed. */
export type PolygonCoords = Position[][];
/** Coordinates of a GeoJSON MultiPolygon. */
export type MultiPolygonCoords = Position[][][];

/** Minimal GeoJSON Polygon geometry. */
export interface PolygonGeometry {
  type: 'Polygon';
  coordinates: PolygonCoords;
}
/** Minimal GeoJSON MultiPolygon geometry. */
export interface MultiPolygonGeometry {
  type: 'MultiPolygon';
  coordinates: MultiPolygonCoords;
}
/** Areal geometry accepted by the patrol domain. */
export type ArealGeometry = PolygonGeometry | MultiPolygonGeometry;

const EARTH_RADIUS_M = 6_371_008.8;
const RAD = Math.PI / 180;

/** Great-circle distance in metres between two lon/lat points. */
export function haversineM(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const dLat = (lat2 - lat1) * RAD;
  const dLon = (lon2 - lon1) * RAD;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** Local equirectangular projection to metres around an origin; accurate at city scale. */
export interface LocalProjection {
  readonly lon0: number;
  readonly lat0: number;
  x(lon: number): number;
  y(lat: number): number;
  lon(x: number): number;
  lat(y: number): number;
}

/** Creates a local projection centred on (lon0, lat0). */
export function localProjection(lon0: number, lat0: number): LocalProjection {
  const ky = EARTH_RADIUS_M * RAD;
  const kx = ky * Math.cos(lat0 * RAD);
  return {
    lon0,
    lat0,
    x: (lon) => (lon - lon0) * kx,
    y: (lat) => (lat - lat0) * ky,
    lon: (x) => lon0 + x / kx,
    lat: (y) => lat0 + y / ky,
  };
}

/** Polygons of an areal geometry as MultiPolygon coordinates. */
export function polygonsOf(g: ArealGeometry): MultiPolygonCoords {
  return g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
}

function pointInRing(lon: number, lat: number, ring: Position[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Even-odd point-in-polygon test against MultiPolygon coordinates (holes respected). */
export function pointInPolygons(lon: number, lat: number, polygons: MultiPolygonCoords): boolean {
  for (const poly of polygons) {
    if (poly.length === 0 || !pointInRing(lon, lat, poly[0]!)) continue;
    let inHole = false;
    for (let h = 1; h < poly.length && !inHole; h++) inHole = pointInRing(lon, lat, poly[h]!);
    if (!inHole) return true;
  }
  return false;
}

/** Bounding box [minLon, minLat, maxLon, maxLat] of MultiPolygon coordinates. */
export function bboxOf(polygons: MultiPolygonCoords): [number, number, number, number] {
  let a = Infinity;
  let b = Infinity;
  let c = -Infinity;
  let d = -Infinity;
  for (const poly of polygons) {
    for (const [x, y] of poly[0] ?? []) {
      if (x < a) a = x;
      if (y < b) b = y;
      if (x > c) c = x;
      if (y > d) d = y;
    }
  }
  return [a, b, c, d];
}

/** Length in metres of a ring or line of positions (great-circle segments). */
export function lineLengthM(line: Position[]): number {
  let s = 0;
  for (let i = 1; i < line.length; i++) {
    const p = line[i - 1]!;
    const q = line[i]!;
    s += haversineM(p[0], p[1], q[0], q[1]);
  }
  return s;
}

/** Total boundary length in metres (outer rings and holes) of MultiPolygon coordinates. */
export function perimeterM(polygons: MultiPolygonCoords): number {
  let s = 0;
  for (const poly of polygons) for (const ring of poly) s += lineLengthM(ring);
  return s;
}

/**
 * Length in metres of the part of segment p-q lying inside the polygons. Splits the segment at
 * every crossing with a ring edge and tests each piece's midpoint, so it is exact for straight
 * pieces in lon/lat space.
 */
export function segmentInsideLengthM(p: Position, q: Position, polygons: MultiPolygonCoords): number {
  const ts = [0, 1];
  const dx = q[0] - p[0];
  const dy = q[1] - p[1];
  for (const poly of polygons) {
    for (const ring of poly) {
      for (let i = 1; i < ring.length; i++) {
        const a = ring[i - 1]!;
        const b = ring[i]!;
        const ex = b[0] - a[0];
        const ey = b[1] - a[1];
        const den = dx * ey - dy * ex;
        if (den === 0) continue;
        const t = ((a[0] - p[0]) * ey - (a[1] - p[1]) * ex) / den;
        const u = ((a[0] - p[0]) * dy - (a[1] - p[1]) * dx) / den;
        if (t > 0 && t < 1 && u >= 0 && u <= 1) ts.push(t);
      }
    }
  }
  ts.sort((a, b) => a - b);
  const full = haversineM(p[0], p[1], q[0], q[1]);
  let inside = 0;
  for (let i = 1; i < ts.length; i++) {
    const t0 = ts[i - 1]!;
    const t1 = ts[i]!;
    if (t1 - t0 < 1e-12) continue;
    const tm = (t0 + t1) / 2;
    if (pointInPolygons(p[0] + dx * tm, p[1] + dy * tm, polygons)) inside += (t1 - t0) * full;
  }
  return inside;
}

function cross(ax: number, ay: number, bx: number, by: number, px: number, py: number): number {
  return (bx - ax) * (py - ay) - (by - ay) * (px - ax);
}

/**
 * Sutherland-Hodgman clip of a closed ring by a convex, counter-clockwise closed ring. Exact when
 * the ring crosses the window's boundary at most twice (callers check `boundaryCrossings`).
 */
export function clipRingConvex(ring: Position[], window: Position[]): Position[] {
  let out = ring.slice(0, -1);
  for (let k = 0; k < window.length - 1 && out.length > 0; k++) {
    const [ax, ay] = window[k]!;
    const [bx, by] = window[k + 1]!;
    const input = out;
    out = [];
    for (let i = 0; i < input.length; i++) {
      const p = input[i]!;
      const q = input[(i + 1) % input.length]!;
      const dp = cross(ax, ay, bx, by, p[0], p[1]);
      const dq = cross(ax, ay, bx, by, q[0], q[1]);
      if (dp >= 0) out.push(p);
      if (dp >= 0 !== dq >= 0) {
        const t = dp / (dp - dq);
        out.push([p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])]);
      }
    }
  }
  return out.length >= 3 ? [...out, out[0]!] : [];
}

/** Number of proper crossings between the edges of two closed rings. */
export function boundaryCrossings(a: Position[], b: Position[]): number {
  let n = 0;
  for (let i = 1; i < a.length; i++) {
    const [px, py] = a[i - 1]!;
    const [qx, qy] = a[i]!;
    for (let k = 1; k < b.length; k++) {
      const [rx, ry] = b[k - 1]!;
      const [sx, sy] = b[k]!;
      const d1 = cross(rx, ry, sx, sy, px, py);
      const d2 = cross(rx, ry, sx, sy, qx, qy);
      const d3 = cross(px, py, qx, qy, rx, ry);
      const d4 = cross(px, py, qx, qy, sx, sy);
      if (d1 * d2 <= 0 && d3 * d4 <= 0 && (d1 !== 0 || d2 !== 0)) n++;
    }
  }
  return n;
}

/** Length in metres of the part of segment p-q inside a convex counter-clockwise closed ring. */
export function segmentInConvexM(p: Position, q: Position, window: Position[]): number {
  let t0 = 0;
  let t1 = 1;
  for (let k = 0; k < window.length - 1 && t0 < t1; k++) {
    const [ax, ay] = window[k]!;
    const [bx, by] = window[k + 1]!;
    const dp = cross(ax, ay, bx, by, p[0], p[1]);
    const dq = cross(ax, ay, bx, by, q[0], q[1]);
    if (dp < 0 && dq < 0) return 0;
    if (dp < 0) t0 = Math.max(t0, dp / (dp - dq));
    else if (dq < 0) t1 = Math.min(t1, dp / (dp - dq));
  }
  return t1 > t0 ? (t1 - t0) * haversineM(p[0], p[1], q[0], q[1]) : 0;
}
