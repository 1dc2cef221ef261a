import {
  assignUnit,
  checkIn,
  clearUnits,
  reassignUnit,
  releaseUnit,
  unitStatus,
} from './board-decide-units.ts';
import {
  activeAssignments,
  type BoardState,
  type DecideContext,
  type Decision,
  type DispatchCommand,
} from './board-model.ts';
import { BoardTx, boundStatus, effectiveTime } from './board-tx.ts';
import { DispatchError } from './errors.ts';
import {
  assertIncidentTransition,
  assertPriorityChange,
  assertValidCancel,
  assertValidClose,
  type CancelReason,
} from './incident-state.ts';
import { getIncidentType, maxAlarmLevel } from './incident-type.ts';

type Cmd<T extends DispatchCommand['type']> = Extract<DispatchCommand, { type: T }>;

/**
 * Decides a command against the current state: returns the events it produces and the state after
 * them, or throws a DispatchError and changes nothing. The database service runs the same function
 * on the rows it loaded, inside its transaction, and stores the events.
 */
export function decide(state: BoardState, cmd: DispatchCommand, ctx: DecideContext): Decision {
  const tx = new BoardTx(state, effectiveTime(state, cmd.at, ...touched(state, cmd)));
  switch (cmd.type) {
    case 'create_incident':
      createIncident(tx, cmd, ctx);
      break;
    case 'queue_incident':
      queueIncident(tx, cmd);
      break;
    case 'assign_unit':
      assignUnit(tx, cmd);
      break;
    case 'unit_status':
      unitStatus(tx, cmd);
      break;
    case 'check_in':
      checkIn(tx, cmd);
      break;
    case 'release_unit':
      releaseUnit(tx, cmd);
      break;
    case 'reassign_unit':
      reassignUnit(tx, cmd);
      break;
    case 'clear_units':
      clearUnits(tx, cmd);
      break;
    case 'close_incident':
      closeIncident(tx, cmd);
      break;
    case 'cancel_incident':
      cancelIncident(tx, cmd);
      break;
    case 'merge_incident':
      mergeIncident(tx, cmd);
      break;
    case 'change_priority':
      changePriority(tx, cmd);
      break;
    case 'set_alarm_level':
      setAlarmLevel(tx, cmd, ctx);
      break;
  }
  return { events: tx.events, state: tx.state };
}

/** Incidents and units a command touches: their latest times bound the command's time from below. */
function touched(state: BoardState, cmd: DispatchCommand): [string[], string[]] {
  const incidents: string[] = [];
  const units: string[] = [];
  if ('incidentId' in cmd) incidents.push(cmd.incidentId);
  if ('intoIncidentId' in cmd) incidents.push(cmd.intoIncidentId);
  if ('toIncidentId' in cmd) incidents.push(cmd.toIncidentId);
  if ('unitId' in cmd && cmd.unitId) {
    units.push(cmd.unitId);
    const current = state.units[cmd.unitId]?.incidentId;
    if (current) incidents.push(current);
  }
  for (const id of incidents) {
    const i = state.incidents[id];
    if (i) units.push(...activeAssignments(i).map((a) => a.unitId));
  }
  return [incidents, units];
}

function createIncident(tx: BoardTx, cmd: Cmd<'create_incident'>, ctx: DecideContext): void {
  if (tx.state.incidents[cmd.incidentId]) {
    throw new DispatchError('dispatch.incident_exists', `Incident ${cmd.incidentId} exists`, {
      id: cmd.incidentId,
    });
  }
  const type = getIncidentType(ctx.catalogue, cmd.typeCode);
  if (!type.active) {
    throw new DispatchError('dispatch.unknown_incident_type', `Incident type ${type.code} is retired`, {
      typeCode: type.code,
    });
  }
  const priority = cmd.priority ?? type.defaultPriority;
  assertPriorityChange(cmd.incidentId, priority, type.defaultPriority, cmd.priorityReason);
  const alarmLevel = cmd.alarmLevel ?? 1;
  assertAlarmLevel(cmd.incidentId, alarmLevel, maxAlarmLevel(type));
  tx.emit({
    type: 'incident.created',
    incidentId: cmd.incidentId,
    typeCode: type.code,
    category: type.category,
    priority,
    priorityReason: priority === type.defaultPriority ? null : cmd.priorityReason!.trim(),
    alarmLevel,
    location: cmd.location,
    jurisdiction: cmd.jurisdiction,
    callId: cmd.callId ?? null,
  });
}

function queueIncident(tx: BoardTx, cmd: Cmd<'queue_incident'>): void {
  const i = tx.incident(cmd.incidentId);
  assertIncidentTransition(i.id, i.status, 'queued', 'command');
  tx.emit({ type: 'incident.status_changed', incidentId: i.id, from: i.status, to: 'queued' });
}

function closeIncident(tx: BoardTx, cmd: Cmd<'close_incident'>): void {
  const i = tx.incident(cmd.incidentId);
  assertIncidentTransition(i.id, i.status, 'closed', 'command');
  assertValidClose(i.id, cmd, i.milestones.firstOnSceneAt !== null);
  tx.emit({
    type: 'incident.closed',
    incidentId: i.id,
    from: i.status,
    disposition: cmd.disposition,
    note: cmd.note ?? null,
    referredTo: cmd.referredTo ?? null,
    duplicateOf: cmd.duplicateOf ?? null,
  });
}

/** Cancelling releases every unit still on the incident (they return to available). */
function cancelIncident(tx: BoardTx, cmd: Cmd<'cancel_incident'>): void {
  const i = tx.incident(cmd.incidentId);
  assertIncidentTransition(i.id, i.status, 'cancelled', 'command');
  assertValidCancel(i.id, cmd.reason, cmd.note);
  for (const a of activeAssignments(i)) {
    const u = tx.unit(a.unitId);
    tx.emit({
      type: 'unit.released',
      incidentId: i.id,
      unitId: u.id,
      from: boundStatus(a),
      to: 'available',
      reason: 'incident_cancelled',
    });
  }
  tx.emit({
    type: 'incident.cancelled',
    incidentId: i.id,
    from: i.status,
    reason: cmd.reason as CancelReason,
    note: cmd.note ?? null,
  });
}

/**
 * Merges a duplicate into its master: units on the duplicate move over keeping their status,
 * the callers are attached to the master, and the duplicate closes with disposition `duplicate`.
 */
function mergeIncident(tx: BoardTx, cmd: Cmd<'merge_incident'>): void {
  if (cmd.incidentId === cmd.intoIncidentId) {
    throw new DispatchError('dispatch.merge_invalid', 'An incident cannot be merged into itself', {
      id: cmd.incidentId,
    });
  }
  const source = tx.openIncident(cmd.incidentId);
  tx.openIncident(cmd.intoIncidentId);
  for (const a of activeAssignments(source)) {
    tx.emit({
      type: 'unit.transferred',
      incidentId: source.id,
      toIncidentId: cmd.intoIncidentId,
      unitId: a.unitId,
      status: boundStatus(a),
    });
  }
  tx.sync(source.id);
  tx.sync(cmd.intoIncidentId);
  tx.emit({
    type: 'incident.merged',
    incidentId: source.id,
    intoIncidentId: cmd.intoIncidentId,
    callIds: source.callIds,
  });
  const after = tx.incident(source.id);
  assertIncidentTransition(after.id, after.status, 'closed', 'command');
  tx.emit({
    type: 'incident.closed',
    incidentId: source.id,
    from: after.status,
    disposition: 'duplicate',
    note: null,
    referredTo: null,
    duplicateOf: cmd.intoIncidentId,
  });
}

function changePriority(tx: BoardTx, cmd: Cmd<'change_priority'>): void {
  const i = tx.openIncident(cmd.incidentId);
  assertPriorityChange(i.id, cmd.priority, i.priority, cmd.reason);
  if (cmd.priority === i.priority) return;
  tx.emit({
    type: 'incident.priority_changed',
    incidentId: i.id,
    from: i.priority,
    to: cmd.priority,
    reason: cmd.reason!.trim(),
  });
}

function setAlarmLevel(tx: BoardTx, cmd: Cmd<'set_alarm_level'>, ctx: DecideContext): void {
  const i = tx.openIncident(cmd.incidentId);
  assertAlarmLevel(i.id, cmd.level, maxAlarmLevel(getIncidentType(ctx.catalogue, i.typeCode)));
  if (cmd.level === i.alarmLevel) return;
  tx.emit({ type: 'incident.alarm_level_changed', incidentId: i.id, from: i.alarmLevel, to: cmd.level });
}

function assertAlarmLevel(id: string, level: number, max: number): void {
  if (!Number.isInteger(level) || level < 1 || level > max) {
    throw new DispatchError('dispatch.invalid_alarm_level', `Alarm level must be 1..${max}`, {
      id,
      level,
      max,
    });
  }
}
