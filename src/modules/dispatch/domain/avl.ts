import { haversineMetres, isValidLatLon, type LatLon } from './geo.ts';

/** One automatic vehicle location report; `at` is the fix time (epoch ms), not the receive time. */
export interface AvlFix extends LatLon {
  readonly at: number;
  readonly speedMps?: number;
  readonly headingDeg?: number;
  /** Horizontal accuracy radius in metres, when the device reports one. */
  readonly accuracyM?: number;
}

/** Acceptance rules for AVL fixes. */
export interface AvlPolicy {
  /** Fixes older than this relative to `now` are ignored (they arrive late from buffering devices). */
  readonly maxAgeSeconds: number;
  /** Fixes stamped further in the future than this are ignored (device clock wrong). */
  readonly maxFutureSkewSeconds: number;
  /** Fixes reporting a worse accuracy are ignored; null accepts any. */
  readonly maxAccuracyMetres: number | null;
  /** A jump implying more than this speed from the latest fix is a GPS glitch; null disables the check. */
  readonly maxPlausibleSpeedKmh: number | null;
  /** A unit's position is flagged stale when its latest fix is older than this. */
  readonly staleAfterSeconds: number;
}

/** Defaults close to what CAD vendors ship: 2-minute max age, 2-minute stale flag. */
export const DEFAULT_AVL_POLICY: AvlPolicy = {
  maxAgeSeconds: 120,
  maxFutureSkewSeconds: 30,
  maxAccuracyMetres: 250,
  maxPlausibleSpeedKmh: 300,
  staleAfterSeconds: 120,
};

/** Why a fix was ignored. */
export type AvlRejection =
  | 'invalid'
  | 'duplicate'
  | 'out_of_order'
  | 'stale'
  | 'future'
  | 'inaccurate'
  | 'implausible_jump';

/** Whether a fix replaces the unit's latest known position. */
export type AvlDecision =
  | { readonly accepted: true }
  | { readonly accepted: false; readonly reason: AvlRejection };

/**
 * Decides whether `fix` becomes the unit's position given its `latest` accepted fix. Out-of-order
 * and stale fixes are ignored so that a late, buffered report never moves a unit backwards.
 */
export function acceptAvlFix(
  latest: AvlFix | null,
  fix: AvlFix,
  now: number,
  policy: AvlPolicy = DEFAULT_AVL_POLICY,
): AvlDecision {
  if (!isValidLatLon(fix) || !Number.isFinite(fix.at)) return reject('invalid');
  if (fix.at - now > policy.maxFutureSkewSeconds * 1000) return reject('future');
  if (now - fix.at > policy.maxAgeSeconds * 1000) return reject('stale');
  if (latest) {
    if (fix.at === latest.at) return reject('duplicate');
    if (fix.at < latest.at) return reject('out_of_order');
  }
  if (
    policy.maxAccuracyMetres !== null &&
    fix.accuracyM !== undefined &&
    fix.accuracyM > policy.maxAccuracyMetres
  ) {
    return reject('inaccurate');
  }
  if (latest && policy.maxPlausibleSpeedKmh !== null) {
    const seconds = (fix.at - latest.at) / 1000;
    const kmh = (haversineMetres(latest, fix) / seconds) * 3.6;
    if (kmh > policy.maxPlausibleSpeedKmh) return reject('implausible_jump');
  }
  return { accepted: true };
}

function reject(reason: AvlRejection): AvlDecision {
  return { accepted: false, reason };
}

/** Age of the latest fix in seconds at `now`; null without any fix. */
export function positionAgeSeconds(latestFixAt: number | null, now: number): number | null {
  return latestFixAt === null ? null : Math.max(0, (now - latestFixAt) / 1000);
}

/** True when the unit has no fix or its latest fix is older than the policy's stale limit. */
export function isPositionStale(
  latestFixAt: number | null,
  now: number,
  staleAfterSeconds: number = DEFAULT_AVL_POLICY.staleAfterSeconds,
): boolean {
  const age = positionAgeSeconds(latestFixAt, now);
  return age === null || age > staleAfterSeconds;
}
