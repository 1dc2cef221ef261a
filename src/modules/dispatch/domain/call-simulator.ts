import { type LatLon, offsetMetres } from './geo.ts';
import { createRng, exponential, normal, type Rng, weightedIndex } from './rng.ts';

/**
 * Relative call volume per local hour (mean 1): lowest around 04:00-06:00, rising through the
 * day, peaking in the evening. Shaped after published call-for-service curves and checked
 * against the hourly distribution of real Chicago incident records in the tests.
 */
export const DEFAULT_HOURLY_PROFILE: readonly number[] = normalizeProfile([
  0.95, 0.8, 0.68, 0.55, 0.45, 0.4, 0.45, 0.6, 0.8, 0.95, 1.0, 1.05, 1.1, 1.1, 1.12, 1.2, 1.25, 1.3, 1.35,
  1.35, 1.32, 1.25, 1.15, 1.05,
]);

function normalizeProfile(p: readonly number[]): number[] {
  const mean = p.reduce((a, b) => a + b, 0) / p.length;
  return p.map((x) => x / mean);
}

/** A weighted list of incident type codes. */
export type TypeMix = readonly { readonly typeCode: string; readonly weight: number }[];

/** A place where calls cluster (a night-life street, a market): Gaussian spread around the centre. */
export interface Hotspot {
  readonly center: LatLon;
  readonly sigmaMetres: number;
  /** Share of calls relative to the other hotspots and the background. */
  readonly weight: number;
  /** Type mix of calls from this hotspot; the global mix when absent. */
  readonly typeMix?: TypeMix;
}

/** A GeoJSON Polygon or MultiPolygon geometry (lon, lat order). */
export type AreaGeometry =
  | { readonly type: 'Polygon'; readonly coordinates: readonly (readonly (readonly number[])[])[] }
  | {
      readonly type: 'MultiPolygon';
      readonly coordinates: readonly (readonly (readonly (readonly number[])[])[])[];
    };

/** Where calls may happen: a bbox `[minLon, minLat, maxLon, maxLat]` or a polygon. */
export type SimulationArea =
  | { readonly bbox: readonly [number, number, number, number] }
  | { readonly polygon: AreaGeometry };

/** What to simulate. */
export interface CallSimulationSpec {
  readonly seed: number;
  readonly start: number;
  readonly end: number;
  /** Mean calls per hour over a whole day. */
  readonly callsPerHour: number;
  /** 24 relative weights by local hour; normalised to mean 1. */
  readonly hourlyProfile?: readonly number[];
  /** Local time offset from UTC for the profile (China: 480). */
  readonly utcOffsetMinutes?: number;
  readonly area: SimulationArea;
  readonly hotspots?: readonly Hotspot[];
  /** Weight of calls spread uniformly over the area, relative to the hotspot weights. */
  readonly backgroundWeight?: number;
  readonly typeMix: TypeMix;
}

/** One simulated call. */
export interface SimulatedCall {
  readonly id: string;
  readonly at: number;
  readonly location: LatLon;
  readonly typeCode: string;
  /** Index of the hotspot it came from, null for background calls. */
  readonly hotspot: number | null;
}

/**
 * Calls over [start, end) as a non-homogeneous Poisson process (Lewis-Shedler thinning of the
 * hourly profile), placed around hotspots or uniformly, inside the area. Same seed, same calls.
 */
export function simulateCalls(spec: CallSimulationSpec): SimulatedCall[] {
  const rng = createRng(spec.seed);
  const profile = normalizeProfile(spec.hourlyProfile ?? DEFAULT_HOURLY_PROFILE);
  if (profile.length !== 24) throw new RangeError('hourlyProfile needs 24 values');
  const peak = Math.max(...profile);
  const ratePerMs = (spec.callsPerHour * peak) / 3_600_000;
  const offsetMs = (spec.utcOffsetMinutes ?? 0) * 60_000;
  const hotspots = spec.hotspots ?? [];
  const sourceWeights = [
    spec.backgroundWeight ?? (hotspots.length ? 0.3 : 1),
    ...hotspots.map((h) => h.weight),
  ];
  const inside = areaTest(spec.area);
  const box = areaBbox(spec.area);
  const calls: SimulatedCall[] = [];
  if (ratePerMs <= 0) return calls;
  let t = spec.start;
  for (;;) {
    t += exponential(rng, ratePerMs);
    if (t >= spec.end) break;
    const hour = Math.floor(((((t + offsetMs) % 86_400_000) + 86_400_000) % 86_400_000) / 3_600_000);
    if (rng.next() * peak >= profile[hour]!) continue;
    const source = weightedIndex(rng, sourceWeights);
    const hs = source === 0 ? null : hotspots[source - 1]!;
    const location = (hs && placeNear(rng, hs, inside)) ?? placeUniform(rng, box, inside);
    const mix = hs?.typeMix ?? spec.typeMix;
    const typeCode =
      mix[
        weightedIndex(
          rng,
          mix.map((m) => m.weight),
        )
      ]!.typeCode;
    calls.push({
      id: `sim-${calls.length + 1}`,
      at: Math.floor(t),
      location,
      typeCode,
      hotspot: hs ? source - 1 : null,
    });
  }
  return calls;
}

function placeNear(rng: Rng, h: Hotspot, inside: (p: LatLon) => boolean): LatLon | null {
  for (let k = 0; k < 50; k++) {
    const p = offsetMetres(h.center, normal(rng) * h.sigmaMetres, normal(rng) * h.sigmaMetres);
    if (inside(p)) return p;
  }
  return null;
}

function placeUniform(
  rng: Rng,
  box: readonly [number, number, number, number],
  inside: (p: LatLon) => boolean,
): LatLon {
  for (;;) {
    const p = { lon: box[0] + rng.next() * (box[2] - box[0]), lat: box[1] + rng.next() * (box[3] - box[1]) };
    if (inside(p)) return p;
  }
}

function rings(g: AreaGeometry): (readonly (readonly number[])[])[] {
  return g.type === 'Polygon' ? [...g.coordinates] : g.coordinates.flatMap((poly) => [...poly]);
}

function areaBbox(area: SimulationArea): readonly [number, number, number, number] {
  if ('bbox' in area) return area.bbox;
  const b: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const ring of rings(area.polygon)) {
    for (const [lon, lat] of ring) {
      b[0] = Math.min(b[0], lon!);
      b[1] = Math.min(b[1], lat!);
      b[2] = Math.max(b[2], lon!);
      b[3] = Math.max(b[3], lat!);
    }
  }
  return b;
}

/** Point-in-area test; polygons use the even-odd rule over all rings, so holes work. */
export function areaTest(area: SimulationArea): (p: LatLon) => boolean {
  if ('bbox' in area) {
    const [w, s, e, n] = area.bbox;
    return (p) => p.lon >= w && p.lon <= e && p.lat >= s && p.lat <= n;
  }
  const all = rings(area.polygon);
  return (p) => {
    let inside = false;
    for (const ring of all) {
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const [xi, yi] = ring[i]! as [number, number];
        const [xj, yj] = ring[j]! as [number, number];
        if (yi > p.lat !== yj > p.lat && p.lon < ((xj - xi) * (p.lat - yi)) / (yj - yi) + xi)
          inside = !inside;
      }
    }
    return inside;
  };
}
