import { PatrolError } from './errors.ts';
import type { LocalProjection, Position } from './geo.ts';
import { localProjection } from './geo.ts';

/** A scheduled check-in: be within `radiusM` of the point between windowStart and windowEnd (epoch ms). */
export interface CheckInPoint {
  id: string;
  lon: number;
  lat: number;
  radiusM: number;
  windowStart: number;
  windowEnd: number;
}

/** A patrol route: check-ins and optionally the planned path (default: check-ins in window order). */
export interface ScheduledRoute {
  checkIns: readonly CheckInPoint[];
  path?: readonly Position[];
}

/** One GPS fix of a unit. */
export interface TrackFix {
  time: number;
  lon: number;
  lat: number;
}

/** Thresholds of the compliance check. */
export interface ComplianceOptions {
  /** Distance from the planned path beyond which the unit is off route (m). */
  offRouteThresholdM: number;
  /** Off-route episodes shorter than this (ms) are not reported. */
  minOffRouteMs: number;
  /** Positions between two fixes are interpolated only when they are at most this far apart (default 5 min). */
  maxInterpolationGapMs?: number;
}

/** Outcome of one check-in. */
export interface CheckInOutcome {
  id: string;
  met: boolean;
  /** First time inside the radius during the window (null when missed). */
  arrivedAt: number | null;
  /** Closest approach during the window in metres (null without fixes in or around the window). */
  closestM: number | null;
}

/** A period spent off the planned route. */
export interface RouteDeviation {
  start: number;
  end: number;
  durationMs: number;
  maxDistanceM: number;
}

/** Compliance of a unit track with a scheduled route. */
export interface ComplianceReport {
  checkIns: CheckInOutcome[];
  met: number;
  missed: number;
  deviations: RouteDeviation[];
  /** Fixes used after sorting and dropping invalid or duplicate-time ones. */
  fixesUsed: number;
  fixesDropped: number;
}

interface Pt {
  t: number;
  x: number;
  y: number;
}

function cleanTrack(track: readonly TrackFix[], proj: LocalProjection): Pt[] {
  const valid = track.filter((f) => [f.time, f.lon, f.lat].every(Number.isFinite));
  valid.sort((a, b) => a.time - b.time);
  const out: Pt[] = [];
  for (const f of valid) {
    if (out.length > 0 && out[out.length - 1]!.t === f.time) continue;
    out.push({ t: f.time, x: proj.x(f.lon), y: proj.y(f.lat) });
  }
  return out;
}

/** Earliest time in [lo, hi] on segment p->q (linear motion) within r of c, and the closest distance. */
function segmentVisit(p: Pt, q: Pt, cx: number, cy: number, r: number, lo: number, hi: number) {
  const dt = q.t - p.t;
  const s0 = dt > 0 ? Math.max(0, (lo - p.t) / dt) : 0;
  const s1 = dt > 0 ? Math.min(1, (hi - p.t) / dt) : 0;
  if (s0 > s1) return { at: null, closest: Infinity };
  const dx = q.x - p.x;
  const dy = q.y - p.y;
  const ex = p.x - cx;
  const ey = p.y - cy;
  const a = dx * dx + dy * dy;
  const b = 2 * (ex * dx + ey * dy);
  const c = ex * ex + ey * ey;
  const sStar = a > 0 ? Math.min(s1, Math.max(s0, -b / (2 * a))) : s0;
  const closest = Math.sqrt(Math.max(0, a * sStar * sStar + b * sStar + c));
  const dist0 = Math.sqrt(Math.max(0, a * s0 * s0 + b * s0 + c));
  if (dist0 <= r) return { at: p.t + s0 * dt, closest };
  if (a === 0 || closest > r) return { at: null, closest };
  // First root of |e + s d|^2 = r^2 inside [s0, s1].
  const disc = b * b - 4 * a * (c - r * r);
  const s = (-b - Math.sqrt(Math.max(0, disc))) / (2 * a);
  return { at: p.t + Math.min(s1, Math.max(s0, s)) * dt, closest };
}

function checkInOutcome(
  cp: CheckInPoint,
  pts: readonly Pt[],
  proj: LocalProjection,
  maxGap: number,
): CheckInOutcome {
  const cx = proj.x(cp.lon);
  const cy = proj.y(cp.lat);
  let at: number | null = null;
  let closest = Infinity;
  for (let k = 0; k < pts.length; k++) {
    const p = pts[k]!;
    const q = pts[k + 1];
    if (q && q.t - p.t <= maxGap) {
      if (q.t < cp.windowStart || p.t > cp.windowEnd) continue;
      const v = segmentVisit(p, q, cx, cy, cp.radiusM, cp.windowStart, cp.windowEnd);
      closest = Math.min(closest, v.closest);
      if (v.at !== null && (at === null || v.at < at)) at = v.at;
      continue;
    }
    if (p.t < cp.windowStart || p.t > cp.windowEnd) continue;
    const d = Math.hypot(p.x - cx, p.y - cy);
    closest = Math.min(closest, d);
    if (d <= cp.radiusM && (at === null || p.t < at)) at = p.t;
  }
  return { id: cp.id, met: at !== null, arrivedAt: at, closestM: Number.isFinite(closest) ? closest : null };
}

function distanceToPath(x: number, y: number, path: readonly [number, number][]): number {
  if (path.length === 1) return Math.hypot(x - path[0]![0], y - path[0]![1]);
  let best = Infinity;
  for (let k = 1; k < path.length; k++) {
    const [ax, ay] = path[k - 1]!;
    const [bx, by] = path[k]!;
    const dx = bx - ax;
    const dy = by - ay;
    const len2 = dx * dx + dy * dy;
    const s = len2 > 0 ? Math.min(1, Math.max(0, ((x - ax) * dx + (y - ay) * dy) / len2)) : 0;
    best = Math.min(best, Math.hypot(x - ax - s * dx, y - ay - s * dy));
  }
  return best;
}

function deviations(
  pts: readonly Pt[],
  path: readonly [number, number][],
  o: ComplianceOptions,
): RouteDeviation[] {
  const out: RouteDeviation[] = [];
  let start: number | null = null;
  let maxD = 0;
  const close = (end: number) => {
    if (start !== null && end - start >= o.minOffRouteMs) {
      out.push({ start, end, durationMs: end - start, maxDistanceM: maxD });
    }
    start = null;
    maxD = 0;
  };
  for (const p of pts) {
    const d = distanceToPath(p.x, p.y, path);
    if (d > o.offRouteThresholdM) {
      start ??= p.t;
      maxD = Math.max(maxD, d);
    } else if (start !== null) {
      close(p.t);
    }
  }
  if (start !== null) close(pts[pts.length - 1]!.t);
  return out;
}

function validate(route: ScheduledRoute, o: ComplianceOptions): void {
  for (const c of route.checkIns) {
    const ok =
      [c.lon, c.lat, c.radiusM, c.windowStart, c.windowEnd].every(Number.isFinite) &&
      c.radiusM > 0 &&
      c.windowEnd >= c.windowStart;
    if (!ok)
      throw new PatrolError(
        'INVALID_INPUT',
        `Check-in ${c.id} needs finite position, radius > 0 and a window`,
      );
  }
  if (route.checkIns.length === 0 && (route.path?.length ?? 0) === 0) {
    throw new PatrolError('INVALID_INPUT', 'A route needs check-ins or a path');
  }
  if (!(o.offRouteThresholdM > 0) || !(o.minOffRouteMs >= 0)) {
    throw new PatrolError('INVALID_INPUT', 'offRouteThresholdM must be > 0 and minOffRouteMs >= 0');
  }
}

/**
 * Which check-ins a unit met or missed (positions interpolated between close-enough fixes) and
 * when it was off the planned path for longer than allowed. Fixes may arrive out of order;
 * invalid and duplicate-time fixes are dropped.
 */
export function checkCompliance(
  route: ScheduledRoute,
  track: readonly TrackFix[],
  options: ComplianceOptions,
): ComplianceReport {
  validate(route, options);
  const ordered = [...route.checkIns].sort((a, b) => a.windowStart - b.windowStart);
  const planned: Position[] = route.path?.length ? [...route.path] : ordered.map((c) => [c.lon, c.lat]);
  const proj = localProjection(planned[0]![0], planned[0]![1]);
  const pts = cleanTrack(track, proj);
  const maxGap = options.maxInterpolationGapMs ?? 300_000;
  const checkIns = route.checkIns.map((c) => checkInOutcome(c, pts, proj, maxGap));
  const path = planned.map(([lon, lat]) => [proj.x(lon), proj.y(lat)] as [number, number]);
  const met = checkIns.filter((c) => c.met).length;
  return {
    checkIns,
    met,
    missed: checkIns.length - met,
    deviations: pts.length > 0 ? deviations(pts, path, options) : [],
    fixesUsed: pts.length,
    fixesDropped: track.length - pts.length,
  };
}
