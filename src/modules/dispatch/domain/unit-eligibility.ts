import { haversineMetres, type LatLon } from './geo.ts';
import { jurisdictionCovers } from './jurisdiction.ts';
import { type Capability, UNIT_KINDS, type UnitKind } from './unit-kinds.ts';
import { isIncidentBound, type UnitStatus } from './unit-status.ts';

/** Road travel estimate from the routing module for one unit to the incident. */
export interface TravelEstimate {
  readonly seconds: number;
  readonly metres: number;
  /** The unit or the incident could not be snapped to the road graph: the figure is straight-line. */
  readonly offGraph: boolean;
}

/** Travel estimates keyed by unit id. */
export type TravelTimes = ReadonlyMap<string, TravelEstimate> | Readonly<Record<string, TravelEstimate>>;

/** What the recommender needs to know about a unit. */
export interface CandidateUnit {
  readonly id: string;
  readonly kind?: UnitKind;
  readonly status: UnitStatus;
  readonly onDuty: boolean;
  /** False when outside every shift of its schedule (default: on shift). */
  readonly onShift?: boolean;
  readonly capabilities: readonly Capability[];
  readonly jurisdiction: string;
  readonly position: LatLon | null;
  readonly positionStale: boolean;
  /** The incident the unit is committed to, if any. */
  readonly incidentId?: string | null;
}

/** Why a unit cannot be sent (requirement-independent reasons). */
export type IneligibleReason =
  | 'off_duty'
  | 'off_shift'
  | 'out_of_service'
  | 'busy'
  | 'stale_position'
  | 'no_position'
  | 'no_route'
  | 'out_of_jurisdiction';

/** Estimated time of arrival; `straight_line` when no road figure was available. */
export interface Eta {
  readonly seconds: number;
  readonly metres: number;
  readonly source: 'road' | 'straight_line';
}

/** Knobs of the straight-line fallback and the eligibility rules. */
export interface EligibilityOptions {
  /** Road distance / straight-line distance assumed when falling back (urban grids: ~1.3). */
  readonly detourFactor?: number;
  /** Fallback speed when the unit's kind is unknown. */
  readonly fallbackSpeedKmh?: number;
  /** Recommend units with stale AVL positions anyway (flagged); default false. */
  readonly allowStalePositions?: boolean;
  /** Mutual aid: true lets any unit cross jurisdictions; a list lets units of those subtrees cross. */
  readonly mutualAid?: boolean | readonly string[];
}

function travelOf(travel: TravelTimes, id: string): TravelEstimate | undefined {
  return travel instanceof Map ? travel.get(id) : (travel as Readonly<Record<string, TravelEstimate>>)[id];
}

/**
 * The unit's ETA to `target`: the routing figure when present (flagged straight-line when the
 * router was off graph), else a straight-line estimate from the last position, else null.
 * A finite-less routing answer means "no road route" and is not replaced by a guess.
 */
export function estimateEta(
  unit: CandidateUnit,
  target: LatLon,
  travel: TravelTimes,
  opts: EligibilityOptions = {},
): Eta | null {
  if (unit.incidentId != null && (unit.status === 'on_scene' || unit.status === 'transporting')) {
    return unit.status === 'on_scene' ? { seconds: 0, metres: 0, source: 'road' } : null;
  }
  const t = travelOf(travel, unit.id);
  if (t) {
    if (!Number.isFinite(t.seconds)) return null;
    return { seconds: t.seconds, metres: t.metres, source: t.offGraph ? 'straight_line' : 'road' };
  }
  if (!unit.position) return null;
  const metres = haversineMetres(unit.position, target) * (opts.detourFactor ?? 1.3);
  const kmh = unit.kind ? UNIT_KINDS[unit.kind].fallbackSpeedKmh : (opts.fallbackSpeedKmh ?? 30);
  return { seconds: metres / (kmh / 3.6), metres, source: 'straight_line' };
}

/** True when the unit is already committed to this incident. */
export function isCommittedTo(unit: CandidateUnit, incidentId: string | undefined): boolean {
  return incidentId !== undefined && unit.incidentId === incidentId && isIncidentBound(unit.status);
}

/** Every reason the unit cannot be sent to an incident in `jurisdiction`; empty when it can. */
export function ineligibility(
  unit: CandidateUnit,
  eta: Eta | null,
  jurisdiction: string,
  opts: EligibilityOptions = {},
): IneligibleReason[] {
  const reasons: IneligibleReason[] = [];
  if (!unit.onDuty || unit.status === 'off_duty') reasons.push('off_duty');
  else if (unit.onShift === false) reasons.push('off_shift');
  if (unit.status === 'out_of_service') reasons.push('out_of_service');
  if (isIncidentBound(unit.status)) reasons.push('busy');
  if (unit.positionStale && !opts.allowStalePositions) reasons.push('stale_position');
  if (eta === null) reasons.push(unit.position ? 'no_route' : 'no_position');
  if (
    !jurisdictionCovers(unit.jurisdiction, jurisdiction) &&
    !mutualAidAllows(unit.jurisdiction, opts.mutualAid)
  ) {
    reasons.push('out_of_jurisdiction');
  }
  return reasons;
}

function mutualAidAllows(unitJurisdiction: string, mutualAid: EligibilityOptions['mutualAid']): boolean {
  if (mutualAid === true) return true;
  if (!mutualAid) return false;
  return mutualAid.some((root) => jurisdictionCovers(root, unitJurisdiction));
}
