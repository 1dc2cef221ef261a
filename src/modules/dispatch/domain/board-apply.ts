import type { Assignment, BoardIncident, BoardState, BoardUnit, DispatchEvent } from './board-model.ts';
import { freshMilestones } from './board-model.ts';
import type { AssignmentStatus } from './incident-state.ts';
import type { IncidentMilestones } from './timers.ts';
import type { IncidentBoundStatus } from './unit-status.ts';

/** An empty board holding the given units. */
export function createBoard(units: readonly BoardUnit[] = []): BoardState {
  return { incidents: {}, units: Object.fromEntries(units.map((u) => [u.id, u])) };
}

/**
 * Applies one event to the state (no validation: events are facts already decided). Used by
 * `decide` and to rebuild a board from a stored event stream.
 */
export function applyEvent(state: BoardState, e: DispatchEvent): BoardState {
  return e.type.startsWith('incident.')
    ? applyIncidentEvent(state, e as IncidentEvent)
    : applyUnitEvent(state, e as Exclude<DispatchEvent, IncidentEvent>);
}

type IncidentEvent = Extract<DispatchEvent, { type: `incident.${string}` }>;

function applyIncidentEvent(state: BoardState, e: IncidentEvent): BoardState {
  switch (e.type) {
    case 'incident.created':
      return withIncident(state, {
        id: e.incidentId,
        typeCode: e.typeCode,
        category: e.category,
        priority: e.priority,
        alarmLevel: e.alarmLevel,
        status: 'new',
        location: e.location,
        jurisdiction: e.jurisdiction,
        milestones: freshMilestones(e.at),
        assignments: [],
        timeline: [e],
        callIds: e.callId ? [e.callId] : [],
        disposition: null,
        cancelReason: null,
        mergedInto: null,
        lastAt: e.at,
      });
    case 'incident.status_changed':
      return onIncident(state, e.incidentId, e, (i) => ({
        status: e.to,
        milestones: e.to === 'cleared' ? { ...i.milestones, clearedAt: e.at } : i.milestones,
      }));
    case 'incident.priority_changed':
      return onIncident(state, e.incidentId, e, () => ({ priority: e.to }));
    case 'incident.alarm_level_changed':
      return onIncident(state, e.incidentId, e, () => ({ alarmLevel: e.to }));
    case 'incident.closed':
      return onIncident(state, e.incidentId, e, (i) => ({
        status: 'closed',
        disposition: e.disposition,
        milestones: { ...i.milestones, closedAt: e.at },
      }));
    case 'incident.cancelled':
      return onIncident(state, e.incidentId, e, (i) => ({
        status: 'cancelled',
        cancelReason: e.reason,
        milestones: { ...i.milestones, cancelledAt: e.at },
      }));
    case 'incident.merged': {
      const s = onIncident(state, e.incidentId, e, () => ({ mergedInto: e.intoIncidentId }));
      return onIncident(s, e.intoIncidentId, e, (i) => ({
        callIds: [...new Set([...i.callIds, ...e.callIds])],
      }));
    }
  }
}

function applyUnitEvent(state: BoardState, e: Exclude<DispatchEvent, IncidentEvent>): BoardState {
  switch (e.type) {
    case 'unit.assigned':
      return onUnit(startAssignment(state, e, e.incidentId, 'dispatched'), e.unitId, e.at, {
        status: 'dispatched',
        incidentId: e.incidentId,
      });
    case 'unit.transferred': {
      const s = endAssignment(state, e, 'released');
      return onUnit(startAssignment(s, e, e.toIncidentId, e.status), e.unitId, e.at, {
        incidentId: e.toIncidentId,
      });
    }
    case 'unit.status_changed': {
      const s = e.incidentId === null ? state : progressAssignment(state, e);
      return onUnit(s, e.unitId, e.at, { status: e.to });
    }
    case 'unit.released':
    case 'unit.cleared': {
      const s = endAssignment(state, e, e.type === 'unit.cleared' ? 'cleared' : 'released');
      return onUnit(s, e.unitId, e.at, { status: e.to, incidentId: null });
    }
    case 'unit.checked_in':
      return onIncident(state, e.incidentId, e, (i) => ({
        assignments: mapActive(i, e.unitId, () => ({ lastCheckInAt: e.at })),
      }));
  }
}

/** Rebuilds a board from its units and an ordered event stream. */
export function replay(units: readonly BoardUnit[], events: readonly DispatchEvent[]): BoardState {
  return events.reduce(applyEvent, createBoard(units));
}

/**
 * Rebuilds one incident (status, milestones, assignments) from its own timeline, e.g. to check
 * a stored incident row against its events or to evaluate timers from the timeline alone.
 */
export function incidentFromTimeline(timeline: readonly DispatchEvent[]): BoardIncident | null {
  const first = timeline[0];
  if (first?.type !== 'incident.created') return null;
  return replay([], timeline).incidents[first.incidentId] ?? null;
}

function withIncident(state: BoardState, incident: BoardIncident): BoardState {
  return { ...state, incidents: { ...state.incidents, [incident.id]: incident } };
}

/** Updates one incident the event concerns and appends the event, unchanged, to its timeline. */
function onIncident(
  state: BoardState,
  incidentId: string,
  e: DispatchEvent,
  patch: (i: BoardIncident) => Partial<BoardIncident>,
): BoardState {
  const i = state.incidents[incidentId];
  if (!i) return state;
  return withIncident(state, {
    ...i,
    ...patch(i),
    timeline: [...i.timeline, e],
    lastAt: Math.max(i.lastAt, e.at),
  });
}

function onUnit(state: BoardState, unitId: string, at: number, patch: Partial<BoardUnit>): BoardState {
  const u = state.units[unitId];
  if (!u) return state;
  return { ...state, units: { ...state.units, [unitId]: { ...u, ...patch, statusAt: at } } };
}

function mapActive(
  i: BoardIncident,
  unitId: string,
  patch: (a: Assignment) => Partial<Assignment>,
): Assignment[] {
  return i.assignments.map((a) => (a.unitId === unitId && a.endedAt === null ? { ...a, ...patch(a) } : a));
}

function reached(m: IncidentMilestones, status: AssignmentStatus, at: number): IncidentMilestones {
  const arrived = status === 'on_scene' || status === 'transporting';
  return {
    ...m,
    firstDispatchedAt: m.firstDispatchedAt ?? at,
    firstEnRouteAt: status === 'en_route' ? (m.firstEnRouteAt ?? at) : m.firstEnRouteAt,
    firstOnSceneAt: arrived ? (m.firstOnSceneAt ?? at) : m.firstOnSceneAt,
  };
}

function startAssignment(
  state: BoardState,
  e: DispatchEvent & { unitId: string },
  incidentId: string,
  status: IncidentBoundStatus,
): BoardState {
  const arrived = status === 'on_scene' || status === 'transporting';
  const a: Assignment = {
    unitId: e.unitId,
    status,
    dispatchedAt: e.at,
    enRouteAt: status === 'en_route' ? e.at : null,
    onSceneAt: arrived ? e.at : null,
    lastCheckInAt: null,
    endedAt: null,
  };
  return onIncident(state, incidentId, e, (i) => ({
    assignments: [...i.assignments, a],
    milestones: reached(i.milestones, status, e.at),
  }));
}

function progressAssignment(
  state: BoardState,
  e: Extract<DispatchEvent, { type: 'unit.status_changed' }>,
): BoardState {
  const to = e.to as AssignmentStatus;
  return onIncident(state, e.incidentId!, e, (i) => ({
    assignments: mapActive(i, e.unitId, (a) => ({
      status: to,
      enRouteAt: to === 'en_route' ? (a.enRouteAt ?? e.at) : a.enRouteAt,
      onSceneAt: to === 'on_scene' ? (a.onSceneAt ?? e.at) : a.onSceneAt,
    })),
    milestones: reached(i.milestones, to, e.at),
  }));
}

function endAssignment(
  state: BoardState,
  e: DispatchEvent & { incidentId: string; unitId: string },
  status: 'cleared' | 'released',
): BoardState {
  return onIncident(state, e.incidentId, e, (i) => ({
    assignments: mapActive(i, e.unitId, () => ({ status, endedAt: e.at })),
  }));
}
