import { bearingDegrees, haversineMetres, interpolate, type LatLon, offsetMetres } from './geo.ts';
import { createRng, normal } from './rng.ts';

/** Where a unit moving along a path is at some time. */
export interface PathPosition {
  readonly position: LatLon;
  readonly headingDeg: number;
  readonly speedMps: number;
  readonly arrived: boolean;
}

/** A path with a speed per segment (or one speed for all), in metres per second. */
export interface MovingPath {
  readonly path: readonly LatLon[];
  readonly speedsMps: number | readonly number[];
}

function segmentTimes({ path, speedsMps }: MovingPath): number[] {
  const out: number[] = [];
  for (let i = 1; i < path.length; i++) {
    const speed = typeof speedsMps === 'number' ? speedsMps : speedsMps[i - 1]!;
    if (!(speed > 0)) throw new RangeError(`speed of segment ${i - 1} must be positive`);
    out.push(haversineMetres(path[i - 1]!, path[i]!) / speed);
  }
  return out;
}

/** Position after `elapsedSeconds` on the path (at the start before 0, at the end once arrived). */
export function positionAlongPath(moving: MovingPath, elapsedSeconds: number): PathPosition {
  const { path } = moving;
  if (path.length === 0) throw new RangeError('path is empty');
  const times = segmentTimes(moving);
  let t = Math.max(0, elapsedSeconds);
  for (let i = 0; i < times.length; i++) {
    const seg = times[i]!;
    if (t < seg) {
      const a = path[i]!;
      const b = path[i + 1]!;
      const speed = typeof moving.speedsMps === 'number' ? moving.speedsMps : moving.speedsMps[i]!;
      return {
        position: interpolate(a, b, t / seg),
        headingDeg: bearingDegrees(a, b),
        speedMps: speed,
        arrived: false,
      };
    }
    t -= seg;
  }
  const last = path[path.length - 1]!;
  const heading = path.length > 1 ? bearingDegrees(path[path.length - 2]!, last) : 0;
  return { position: last, headingDeg: heading, speedMps: 0, arrived: true };
}

/** Total travel time of the path in seconds. */
export function pathDurationSeconds(moving: MovingPath): number {
  return segmentTimes(moving).reduce((a, b) => a + b, 0);
}

/** How to sample a movement into AVL-like fixes. */
export interface MovementSpec extends MovingPath {
  readonly startAt: number;
  readonly intervalSeconds: number;
  /** GPS noise: standard deviation in metres (seeded); 0 by default. */
  readonly noiseMetres?: number;
  readonly seed?: number;
}

/** A simulated position report. */
export interface SimulatedFix extends LatLon {
  readonly at: number;
  readonly speedMps: number;
  readonly headingDeg: number;
}

/** Fixes every `intervalSeconds` from `startAt` until the unit arrives (the arrival fix included). */
export function simulateMovement(spec: MovementSpec): SimulatedFix[] {
  if (!(spec.intervalSeconds > 0)) throw new RangeError('intervalSeconds must be positive');
  const rng = createRng(spec.seed ?? 1);
  const noise = spec.noiseMetres ?? 0;
  const total = pathDurationSeconds(spec);
  const fixes: SimulatedFix[] = [];
  for (let k = 0; ; k++) {
    const elapsed = Math.min(k * spec.intervalSeconds, total);
    const p = positionAlongPath(spec, elapsed);
    const pos = noise > 0 ? offsetMetres(p.position, normal(rng) * noise, normal(rng) * noise) : p.position;
    fixes.push({
      ...pos,
      at: spec.startAt + Math.round(elapsed * 1000),
      speedMps: p.speedMps,
      headingDeg: p.headingDeg,
    });
    if (elapsed >= total) break;
  }
  return fixes;
}
