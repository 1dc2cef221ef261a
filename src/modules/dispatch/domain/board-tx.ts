import { applyEvent } from './board-apply.ts';
import {
  type Assignment,
  activeAssignments,
  type BoardIncident,
  type BoardState,
  type BoardUnit,
  type DispatchEvent,
  type EventBody,
} from './board-model.ts';
import { DispatchError } from './errors.ts';
import { assertIncidentTransition, deriveIncidentStatus, isIncidentOpen } from './incident-state.ts';
import type { IncidentBoundStatus } from './unit-status.ts';

/**
 * A decision in progress: events are applied to a working copy as they are emitted, so later
 * steps (derived incident status) see the effect of earlier ones. Nothing escapes unless the
 * whole command succeeds.
 */
export class BoardTx {
  readonly events: DispatchEvent[] = [];

  constructor(
    public state: BoardState,
    readonly at: number,
  ) {}

  emit(body: EventBody): void {
    const e = { ...body, at: this.at } as DispatchEvent;
    this.state = applyEvent(this.state, e);
    this.events.push(e);
  }

  incident(id: string): BoardIncident {
    const i = this.state.incidents[id];
    if (!i) throw new DispatchError('dispatch.incident_not_found', `Incident ${id} not found`, { id });
    return i;
  }

  openIncident(id: string): BoardIncident {
    const i = this.incident(id);
    if (!isIncidentOpen(i.status)) {
      throw new DispatchError('dispatch.incident_inactive', `Incident ${id} is ${i.status}`, {
        id,
        status: i.status,
      });
    }
    return i;
  }

  unit(id: string): BoardUnit {
    const u = this.state.units[id];
    if (!u) throw new DispatchError('dispatch.unit_not_found', `Unit ${id} not found`, { id });
    return u;
  }

  /** Emits the status change implied by the incident's units, if any (checked against the state machine). */
  sync(incidentId: string): void {
    const i = this.incident(incidentId);
    const derived = deriveIncidentStatus(
      i.status,
      activeAssignments(i),
      i.milestones.firstOnSceneAt !== null,
    );
    if (derived === i.status) return;
    assertIncidentTransition(i.id, i.status, derived, 'derived');
    this.emit({ type: 'incident.status_changed', incidentId: i.id, from: i.status, to: derived });
  }
}

/**
 * The time stamped on a command's events: the command's own time, but never earlier than the
 * latest event of anything it touches. Node clocks differ by milliseconds; the timeline's order is
 * the order decisions were taken, and it must never run backwards.
 */
export function effectiveTime(
  state: BoardState,
  at: number,
  incidentIds: readonly string[],
  unitIds: readonly string[],
): number {
  let t = at;
  for (const id of incidentIds) t = Math.max(t, state.incidents[id]?.lastAt ?? t);
  for (const id of unitIds) t = Math.max(t, state.units[id]?.statusAt ?? t);
  return t;
}

/** The status of an active assignment (always one of the incident-bound unit statuses). */
export function boundStatus(a: Assignment): IncidentBoundStatus {
  if (a.status === 'cleared' || a.status === 'released')
    throw new Error(`assignment of ${a.unitId} has ended`);
  return a.status;
}
