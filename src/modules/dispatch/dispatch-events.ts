// API shapes of the dispatch module (docs/api/dispatch.md) and its live events, added to the one
// typed event map by declaration merging.
import type { LocalizedText } from './domain/unit-kinds.ts';

/** A running timer of an incident as the console shows it. */
export interface TimerView {
  timer: string;
  unitId: string | null;
  startedAt: string;
  elapsedSeconds: number;
  level: 'ok' | 'warn' | 'alert';
  warnSeconds: number;
  alertSeconds: number;
}

/** An incident as listed and pushed live. */
export interface IncidentSummary {
  id: string;
  number: string;
  status: string;
  typeCode: string;
  typeName: LocalizedText;
  category: string;
  priority: number;
  alarmLevel: number;
  lon: number;
  lat: number;
  address: string | null;
  h3: string;
  /** Patrol beat in force at the place when the incident was received; null outside any beat. */
  beatCode: string | null;
  jurisdictionPath: string;
  jurisdictionName: LocalizedText | null;
  hazards: string[];
  callCount: number;
  assignedUnitIds: string[];
  receivedAt: string;
  dispatchedAt: string | null;
  enRouteAt: string | null;
  onSceneAt: string | null;
  clearedAt: string | null;
  closedAt: string | null;
  disposition: string | null;
  cancelReason: string | null;
  timers: TimerView[];
  overdue: boolean;
  updatedAt: string;
}

/** One unit's assignment to an incident. */
export interface AssignmentView {
  id: string;
  incidentId: string;
  unitId: string;
  callSign: string;
  status: string;
  active: boolean;
  mutualAid: boolean;
  dispatchedAt: string;
  acknowledgedAt: string | null;
  enRouteAt: string | null;
  onSceneAt: string | null;
  clearedAt: string | null;
  releasedAt: string | null;
  releaseReason: string | null;
  lastCheckInAt: string | null;
  dispatchedBy: string;
  etaSeconds: number | null;
}

/** One line of an incident's timeline. */
export interface TimelineEntry {
  id: string;
  at: string;
  kind: string;
  text: string;
  unitId: string | null;
  actorName: string;
  console: string | null;
  details: Record<string, unknown>;
}

/** A call without its personal fields. */
export interface CallSummary {
  id: string;
  incidentId: string | null;
  receivedAt: string;
  typeCode: string;
  priority: number;
  lon: number;
  lat: number;
  address: string | null;
  narrative: string;
  hazards: string[];
  hasCaller: boolean;
  handling: 'incident' | 'merged' | 'referral';
  takenBy: string;
}

/** A unit as the console and the unit view show it. */
export interface UnitView {
  id: string;
  callSign: string;
  kind: string;
  kindName: LocalizedText;
  capabilities: string[];
  status: string;
  /** In service and inside a shift (or without a schedule). */
  onDuty: boolean;
  /** Inside a shift of its schedule (true without a schedule). */
  onShift: boolean;
  /** When onShift next changes (ISO), null when never. */
  shiftChangesAt: string | null;
  allowed: string[];
  jurisdictionPath: string;
  homeStation: { name: string; lon: number; lat: number } | null;
  shifts: { days: number[]; start: string; end: string }[];
  incidentId: string | null;
  assignmentId: string | null;
  position: { lon: number; lat: number; at: string; speedKmh: number | null; heading: number | null } | null;
  positionStale: boolean;
  deviceUserId: string | null;
  updatedAt: string;
}

/** One accepted AVL fix as pushed to consoles. */
export interface PositionView {
  unitId: string;
  lon: number;
  lat: number;
  at: string;
  speedKmh: number | null;
  heading: number | null;
}

declare module '../../core/events/event-map.ts' {
  interface HavenEventMap {
    'dispatch.call.created': {
      callId: string;
      incidentId: string | null;
      handling: 'incident' | 'merged' | 'referral';
      typeCode: string;
      priority: number;
      lon: number;
      lat: number;
      receivedAt: string;
    };
    'dispatch.call.referred': {
      callId: string;
      referralId: string;
      target: string;
      typeCode: string;
      lon: number;
      lat: number;
      address: string | null;
      narrative: string;
      jurisdictionPath: string;
      receivedAt: string;
    };
    'dispatch.incident.created': IncidentSummary;
    'dispatch.incident.updated': IncidentSummary;
    'dispatch.incident.timeline': { incidentId: string; entry: TimelineEntry };
    'dispatch.assignment.changed': AssignmentView;
    'dispatch.unit.updated': UnitView;
    'dispatch.unit.positions': { positions: PositionView[] };
    'dispatch.timer.overdue': {
      incidentId: string;
      number: string;
      timer: string;
      unitId: string | null;
      level: 'warn' | 'alert';
      elapsedSeconds: number;
      priority: number;
    };
    'dispatch.unit.check_in_missed': {
      incidentId: string;
      unitId: string;
      callSign: string;
      dueSince: string;
      elapsedSeconds: number;
    };
    'dispatch.catalogue.changed': { code: string | null };
  }
}
