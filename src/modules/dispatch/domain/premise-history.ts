import { haversineMetres, type LatLon } from './geo.ts';
import type { LocalizedText } from './unit-kinds.ts';

/** An earlier incident at or near an address. */
export interface PastIncident {
  readonly id: string;
  readonly typeCode: string;
  readonly location: LatLon;
  readonly receivedAt: number;
  readonly disposition: string | null;
}

/**
 * Kinds of premise flags. They describe the place (a dog, stored chemicals, a gate code), never
 * a person: Haven keeps no person dossiers.
 */
export const PREMISE_HAZARD_KINDS = [
  'dangerous_animal',
  'hazardous_materials',
  'structural',
  'weapons_reported',
  'access',
  'officer_safety',
  'other',
] as const;
/** One premise flag kind. */
export type PremiseHazardKind = (typeof PREMISE_HAZARD_KINDS)[number];

/** A flag on a place; it expires so that stale warnings do not linger. */
export interface PremiseHazard {
  readonly id: string;
  readonly kind: PremiseHazardKind;
  readonly location: LatLon;
  /** Flags on an area (a compound, an estate) rather than a point. */
  readonly radiusMetres: number;
  readonly note: LocalizedText;
  readonly createdAt: number;
  readonly expiresAt: number | null;
}

/** Search radius, look-back and list length. */
export interface PremiseHistoryOptions {
  readonly radiusMetres?: number;
  readonly sinceSeconds?: number;
  readonly limit?: number;
}

/** What the call taker and responders see about a location before arriving. */
export interface PremiseHistory {
  readonly incidents: readonly (PastIncident & { readonly distanceMetres: number })[];
  readonly hazards: readonly (PremiseHazard & { readonly distanceMetres: number })[];
  /** All matching incidents by type code, including those beyond the listed `limit`. */
  readonly countsByType: Readonly<Record<string, number>>;
}

/** Earlier incidents (newest first) and active hazard flags within the radius of `at`. */
export function premiseHistory(
  at: LatLon,
  now: number,
  incidents: readonly PastIncident[],
  hazards: readonly PremiseHazard[],
  opts: PremiseHistoryOptions = {},
): PremiseHistory {
  const radius = opts.radiusMetres ?? 100;
  const since = now - (opts.sinceSeconds ?? 365 * 86_400) * 1000;
  const near: (PastIncident & { distanceMetres: number })[] = [];
  const countsByType: Record<string, number> = {};
  for (const inc of incidents) {
    if (inc.receivedAt < since || inc.receivedAt > now) continue;
    const distanceMetres = haversineMetres(at, inc.location);
    if (distanceMetres > radius) continue;
    near.push({ ...inc, distanceMetres });
    countsByType[inc.typeCode] = (countsByType[inc.typeCode] ?? 0) + 1;
  }
  near.sort((a, b) => b.receivedAt - a.receivedAt || a.distanceMetres - b.distanceMetres);
  const flags = hazards
    .filter((h) => h.createdAt <= now && (h.expiresAt === null || h.expiresAt > now))
    .map((h) => ({ ...h, distanceMetres: haversineMetres(at, h.location) }))
    .filter((h) => h.distanceMetres <= radius + h.radiusMetres)
    .sort((a, b) => a.distanceMetres - b.distanceMetres);
  return { incidents: near.slice(0, opts.limit ?? 20), hazards: flags, countsByType };
}
