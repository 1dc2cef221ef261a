import type { LatLon } from './geo.ts';
import type { CancelReason, CloseInput, Disposition, IncidentStatus } from './incident-state.ts';
import type { IncidentCatalogue, IncidentCategory } from './incident-type.ts';
import type { Priority } from './timer-thresholds.ts';
import type { AssignmentTimes, IncidentMilestones } from './timers.ts';
import type { Capability, UnitKind } from './unit-kinds.ts';
import type { IncidentBoundStatus, UnitStatus } from './unit-status.ts';

/** One unit's assignment to an incident; it ends when the unit is cleared or released. */
export interface Assignment extends AssignmentTimes {
  readonly endedAt: number | null;
}

/** An incident as the board holds it. */
export interface BoardIncident {
  readonly id: string;
  readonly typeCode: string;
  readonly category: IncidentCategory;
  readonly priority: Priority;
  readonly alarmLevel: number;
  readonly status: IncidentStatus;
  readonly location: LatLon;
  readonly jurisdiction: string;
  readonly milestones: IncidentMilestones;
  readonly assignments: readonly Assignment[];
  /** Every event about this incident, in order (the complete incident timeline). */
  readonly timeline: readonly DispatchEvent[];
  readonly callIds: readonly string[];
  readonly disposition: Disposition | null;
  readonly cancelReason: CancelReason | null;
  readonly mergedInto: string | null;
  /** Time of the latest timeline event; new events are never earlier. */
  readonly lastAt: number;
}

/** A unit as the board holds it. */
export interface BoardUnit {
  readonly id: string;
  readonly kind: UnitKind;
  readonly capabilities: readonly Capability[];
  readonly jurisdiction: string;
  readonly status: UnitStatus;
  /** The incident the unit is committed to; set exactly when the status is incident-bound. */
  readonly incidentId: string | null;
  readonly statusAt: number;
}

/** The aggregate: incidents and units by id. */
export interface BoardState {
  readonly incidents: Readonly<Record<string, BoardIncident>>;
  readonly units: Readonly<Record<string, BoardUnit>>;
}

/** What every command carries: when it was issued (epoch ms, the server's `now`). */
interface At {
  readonly at: number;
}

/** Commands a dispatcher, call taker or field unit issues. */
export type DispatchCommand = At &
  (
    | {
        readonly type: 'create_incident';
        readonly incidentId: string;
        readonly typeCode: string;
        readonly location: LatLon;
        readonly jurisdiction: string;
        readonly priority?: number;
        readonly priorityReason?: string;
        readonly alarmLevel?: number;
        readonly callId?: string;
      }
    | { readonly type: 'queue_incident'; readonly incidentId: string }
    | { readonly type: 'assign_unit'; readonly incidentId: string; readonly unitId: string }
    | { readonly type: 'unit_status'; readonly unitId: string; readonly status: UnitStatus }
    | { readonly type: 'check_in'; readonly unitId: string }
    | {
        readonly type: 'release_unit';
        readonly incidentId: string;
        readonly unitId: string;
        readonly reason?: string;
      }
    | {
        readonly type: 'reassign_unit';
        readonly unitId: string;
        readonly toIncidentId: string;
        readonly reason?: string;
      }
    | { readonly type: 'clear_units'; readonly incidentId: string; readonly unitId?: string }
    | ({ readonly type: 'close_incident'; readonly incidentId: string } & CloseInput)
    | {
        readonly type: 'cancel_incident';
        readonly incidentId: string;
        readonly reason: string;
        readonly note?: string;
      }
    | { readonly type: 'merge_incident'; readonly incidentId: string; readonly intoIncidentId: string }
    | {
        readonly type: 'change_priority';
        readonly incidentId: string;
        readonly priority: number;
        readonly reason?: string;
      }
    | { readonly type: 'set_alarm_level'; readonly incidentId: string; readonly level: number }
  );

/** Status a unit returns to when it leaves an incident. */
export type FreeStatus = 'available' | 'at_station';

/** Facts the board records; the timeline and the outbox are made of these. */
export type DispatchEvent = At &
  (
    | {
        readonly type: 'incident.created';
        readonly incidentId: string;
        readonly typeCode: string;
        readonly category: IncidentCategory;
        readonly priority: Priority;
        readonly priorityReason: string | null;
        readonly alarmLevel: number;
        readonly location: LatLon;
        readonly jurisdiction: string;
        readonly callId: string | null;
      }
    | {
        readonly type: 'incident.status_changed';
        readonly incidentId: string;
        readonly from: IncidentStatus;
        readonly to: IncidentStatus;
      }
    | {
        readonly type: 'incident.priority_changed';
        readonly incidentId: string;
        readonly from: Priority;
        readonly to: Priority;
        readonly reason: string;
      }
    | {
        readonly type: 'incident.alarm_level_changed';
        readonly incidentId: string;
        readonly from: number;
        readonly to: number;
      }
    | {
        readonly type: 'incident.closed';
        readonly incidentId: string;
        readonly from: IncidentStatus;
        readonly disposition: Disposition;
        readonly note: string | null;
        readonly referredTo: string | null;
        readonly duplicateOf: string | null;
      }
    | {
        readonly type: 'incident.cancelled';
        readonly incidentId: string;
        readonly from: IncidentStatus;
        readonly reason: CancelReason;
        readonly note: string | null;
      }
    | {
        readonly type: 'incident.merged';
        readonly incidentId: string;
        readonly intoIncidentId: string;
        readonly callIds: readonly string[];
      }
    | { readonly type: 'unit.assigned'; readonly incidentId: string; readonly unitId: string }
    | {
        readonly type: 'unit.transferred';
        readonly incidentId: string;
        readonly toIncidentId: string;
        readonly unitId: string;
        readonly status: IncidentBoundStatus;
      }
    | {
        readonly type: 'unit.status_changed';
        readonly unitId: string;
        readonly incidentId: string | null;
        readonly from: UnitStatus;
        readonly to: UnitStatus;
      }
    | {
        readonly type: 'unit.released' | 'unit.cleared';
        readonly incidentId: string;
        readonly unitId: string;
        readonly from: IncidentBoundStatus;
        readonly to: FreeStatus;
        readonly reason: string | null;
      }
    | { readonly type: 'unit.checked_in'; readonly incidentId: string; readonly unitId: string }
  );

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** A command before the service stamps it with `now`. */
export type CommandBody = DistributiveOmit<DispatchCommand, 'at'>;
/** An event before it is stamped with the command's time. */
export type EventBody = DistributiveOmit<DispatchEvent, 'at'>;

/** Outside knowledge a decision needs. */
export interface DecideContext {
  readonly catalogue: IncidentCatalogue;
}

/** The outcome of an accepted command: the events it produced and the state after them. */
export interface Decision {
  readonly events: readonly DispatchEvent[];
  readonly state: BoardState;
}

/** Milestones of a fresh incident received at `at`. */
export function freshMilestones(at: number): IncidentMilestones {
  return {
    receivedAt: at,
    firstDispatchedAt: null,
    firstEnRouteAt: null,
    firstOnSceneAt: null,
    clearedAt: null,
    closedAt: null,
    cancelledAt: null,
  };
}

/** The active assignment of a unit on an incident, if any. */
export function activeAssignment(incident: BoardIncident, unitId: string): Assignment | undefined {
  return incident.assignments.find((a) => a.unitId === unitId && a.endedAt === null);
}

/** All assignments still binding units to the incident. */
export function activeAssignments(incident: BoardIncident): Assignment[] {
  return incident.assignments.filter((a) => a.endedAt === null);
}
