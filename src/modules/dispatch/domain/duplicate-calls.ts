import { haversineMetres, type LatLon } from './geo.ts';
import { type IncidentStatus, isIncidentOpen } from './incident-state.ts';
import { type IncidentCatalogue, typeRelation } from './incident-type.ts';

/** An incident a new call might duplicate. */
export interface OpenIncidentSummary {
  readonly id: string;
  readonly typeCode: string;
  readonly location: LatLon;
  readonly receivedAt: number;
  readonly status: IncidentStatus;
}

/** The call being typed: where, when and, once chosen, its type. */
export interface DraftCall {
  readonly location: LatLon;
  readonly at: number;
  readonly typeCode?: string | null;
}

/** Search window and type weights. */
export interface DuplicateOptions {
  readonly radiusMetres?: number;
  readonly windowSeconds?: number;
  /** Type factor for a compatible but different type (same code = 1). */
  readonly compatibleFactor?: number;
  /** Type factor while the call taker has not chosen a type yet. */
  readonly unknownTypeFactor?: number;
  readonly limit?: number;
}

/** A possible duplicate with its score (0..1] and the facts behind it. */
export interface DuplicateCandidate {
  readonly incidentId: string;
  readonly score: number;
  readonly distanceMetres: number;
  readonly secondsApart: number;
  readonly typeMatch: 'same' | 'compatible' | 'unknown';
}

/**
 * Open incidents that the call being typed may duplicate, best first. Within the radius and time
 * window the score is proximity x recency x type factor, each decaying linearly to 0 at the edge,
 * so a call 50 m and 2 minutes from an open incident of the same type scores near 1.
 */
export function findDuplicateCandidates(
  call: DraftCall,
  incidents: readonly OpenIncidentSummary[],
  catalogue: IncidentCatalogue,
  opts: DuplicateOptions = {},
): DuplicateCandidate[] {
  const radius = opts.radiusMetres ?? 500;
  const window = opts.windowSeconds ?? 3600;
  const out: DuplicateCandidate[] = [];
  for (const inc of incidents) {
    if (!isIncidentOpen(inc.status)) continue;
    const distanceMetres = haversineMetres(call.location, inc.location);
    const secondsApart = Math.abs(call.at - inc.receivedAt) / 1000;
    if (distanceMetres > radius || secondsApart > window) continue;
    const rel = call.typeCode ? typeRelation(catalogue, call.typeCode, inc.typeCode) : 'unknown';
    if (rel === null) continue;
    const typeFactor =
      rel === 'same'
        ? 1
        : rel === 'compatible'
          ? (opts.compatibleFactor ?? 0.7)
          : (opts.unknownTypeFactor ?? 0.8);
    const score =
      (1 - distanceMetres / (radius * 1.0001)) * (1 - secondsApart / (window * 1.0001)) * typeFactor;
    out.push({ incidentId: inc.id, score, distanceMetres, secondsApart, typeMatch: rel });
  }
  out.sort(
    (a, b) =>
      b.score - a.score || a.distanceMetres - b.distanceMetres || (a.incidentId < b.incidentId ? -1 : 1),
  );
  return out.slice(0, opts.limit ?? 10);
}
