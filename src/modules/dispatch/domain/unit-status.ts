import { DispatchError } from './errors.ts';

/** Unit statuses as shown on the dispatcher's status monitor. */
export const UNIT_STATUSES = [
  'off_duty',
  'available',
  'at_station',
  'dispatched',
  'en_route',
  'on_scene',
  'transporting',
  'out_of_service',
] as const;
/** One unit status. */
export type UnitStatus = (typeof UNIT_STATUSES)[number];

/** Statuses in which a unit is committed to exactly one incident. */
export const INCIDENT_BOUND_STATUSES = ['dispatched', 'en_route', 'on_scene', 'transporting'] as const;
/** A status that binds the unit to an incident. */
export type IncidentBoundStatus = (typeof INCIDENT_BOUND_STATUSES)[number];

/** True when the status ties the unit to an incident. */
export function isIncidentBound(s: UnitStatus): s is IncidentBoundStatus {
  return s === 'dispatched' || s === 'en_route' || s === 'on_scene' || s === 'transporting';
}

/** True when the unit can be sent to a new incident (in service, free, in quarters or not). */
export function isAssignable(s: UnitStatus): boolean {
  return s === 'available' || s === 'at_station';
}

/**
 * Allowed status changes. `dispatched -> on_scene` is allowed because units often arrive without
 * pressing "en route"; leaving an incident (-> available / at_station) is a clear or release.
 */
const UNIT_TRANSITIONS: { readonly [S in UnitStatus]: readonly UnitStatus[] } = {
  off_duty: ['available', 'at_station'],
  available: ['dispatched', 'at_station', 'out_of_service', 'off_duty'],
  at_station: ['dispatched', 'available', 'out_of_service', 'off_duty'],
  dispatched: ['en_route', 'on_scene', 'available', 'at_station'],
  en_route: ['on_scene', 'available', 'at_station'],
  on_scene: ['transporting', 'available', 'at_station'],
  transporting: ['available', 'at_station'],
  out_of_service: ['available', 'at_station', 'off_duty'],
};

/** The statuses a unit may move to from `from`. */
export function allowedUnitTransitions(from: UnitStatus): readonly UnitStatus[] {
  return UNIT_TRANSITIONS[from];
}

/** True when `from -> to` is a permitted unit status change. */
export function canUnitTransition(from: UnitStatus, to: UnitStatus): boolean {
  return UNIT_TRANSITIONS[from].includes(to);
}

/** Throws `dispatch.illegal_transition` (with the allowed statuses) unless `from -> to` is permitted. */
export function assertUnitTransition(unitId: string, from: UnitStatus, to: UnitStatus): void {
  if (canUnitTransition(from, to)) return;
  throw new DispatchError('dispatch.illegal_transition', `Unit ${unitId} cannot go from ${from} to ${to}`, {
    entity: 'unit',
    id: unitId,
    from,
    to,
    allowed: allowedUnitTransitions(from),
  });
}
