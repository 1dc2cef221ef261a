import type { LatLon } from './gistar.ts';

/** Mean Earth radius in metres (IUGG), used for all distances of this module. */
export const EARTH_RADIUS_M = 6_371_008.8;
const RAD = Math.PI / 180;

/** Great-circle distance in metres (haversine). */
export function haversineMeters(a: LatLon, b: LatLon): number {
  const dLat = (b.lat - a.lat) * RAD;
  const dLon = (b.lon - a.lon) * RAD;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * RAD) * Math.cos(b.lat * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** A local planar projection in metres around a reference point (x east, y north). */
export interface LocalProjection {
  origin: LatLon;
  toXY(p: LatLon): [number, number];
  toLatLon(x: number, y: number): LatLon;
}

/**
 * Equirectangular projection about `origin`: distortion below 0.1 % within ~50 km of the
 * origin at mid latitudes, which is what city-scale densities and near-repeat bands need.
 */
export function localProjection(origin: LatLon): LocalProjection {
  const kx = EARTH_RADIUS_M * RAD * Math.cos(origin.lat * RAD);
  const ky = EARTH_RADIUS_M * RAD;
  return {
    origin,
    toXY: (p) => [(p.lon - origin.lon) * kx, (p.lat - origin.lat) * ky],
    toLatLon: (x, y) => ({ lat: origin.lat + y / ky, lon: origin.lon + x / kx }),
  };
}

/** Centre of the bounding box of the points (a good projection origin for a city). */
export function boundsCentre(points: Iterable<LatLon>): LatLon {
  let s = 90;
  let n = -90;
  let w = 180;
  let e = -180;
  for (const p of points) {
    s = Math.min(s, p.lat);
    n = Math.max(n, p.lat);
    w = Math.min(w, p.lon);
    e = Math.max(e, p.lon);
  }
  if (s > n) return { lat: 0, lon: 0 };
  return { lat: (s + n) / 2, lon: (w + e) / 2 };
}
