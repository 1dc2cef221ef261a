/** Mean Earth radius (IUGG), metres. */
export const EARTH_RADIUS_METRES = 6_371_008.8;

/** Radians per degree. */
export const RADIANS_PER_DEGREE = Math.PI / 180;

/** Metres per degree of latitude on the spherical model; also per degree of longitude at the equator. */
export const METRES_PER_DEGREE = EARTH_RADIUS_METRES * RADIANS_PER_DEGREE;

/** Great-circle distance in metres between two WGS84 points (spherical haversine). */
export function haversineMetres(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const dLat = (lat2 - lat1) * RADIANS_PER_DEGREE;
  const dLon = (lon2 - lon1) * RADIANS_PER_DEGREE;
  const s =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(lat1 * RADIANS_PER_DEGREE) * Math.cos(lat2 * RADIANS_PER_DEGREE) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_METRES * Math.asin(Math.min(1, Math.sqrt(s)));
}

/** Metres per degree of longitude at a latitude (equirectangular scale). */
export function metresPerDegreeLon(lat: number): number {
  return METRES_PER_DEGREE * Math.cos(lat * RADIANS_PER_DEGREE);
}

/** A WGS84 point. */
export interface LatLon {
  readonly lat: number;
  readonly lon: number;
}

/** Geographic bounding box in degrees. */
export interface BBox {
  readonly minLat: number;
  readonly minLon: number;
  readonly maxLat: number;
  readonly maxLon: number;
}
