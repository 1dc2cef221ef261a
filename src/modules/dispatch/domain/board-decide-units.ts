import type { BoardUnit, DispatchCommand, FreeStatus } from './board-model.ts';
import { activeAssignment, activeAssignments } from './board-model.ts';
import { type BoardTx, boundStatus } from './board-tx.ts';
import { DispatchError } from './errors.ts';
import { assertUnitTransition, isAssignable, isIncidentBound } from './unit-status.ts';

type Cmd<T extends DispatchCommand['type']> = Extract<DispatchCommand, { type: T }>;

/** The incident the unit is bound to; throws `dispatch.unit_not_assigned` when it is free. */
function boundIncident(u: BoardUnit, expected?: string): string {
  if (u.incidentId === null || (expected !== undefined && u.incidentId !== expected)) {
    throw new DispatchError(
      'dispatch.unit_not_assigned',
      expected ? `Unit ${u.id} is not on incident ${expected}` : `Unit ${u.id} is not on an incident`,
      { unitId: u.id, incidentId: expected ?? null, currentIncidentId: u.incidentId },
    );
  }
  return u.incidentId;
}

/** Direct dispatch of a unit to an incident: the unit must be in service and free. */
export function assignUnit(tx: BoardTx, cmd: Cmd<'assign_unit'>): void {
  const i = tx.openIncident(cmd.incidentId);
  const u = tx.unit(cmd.unitId);
  if (u.incidentId === i.id) {
    throw new DispatchError('dispatch.already_assigned', `Unit ${u.id} is already on incident ${i.id}`, {
      unitId: u.id,
      incidentId: i.id,
    });
  }
  if (u.incidentId !== null) {
    throw new DispatchError('dispatch.unit_busy', `Unit ${u.id} is committed to incident ${u.incidentId}`, {
      unitId: u.id,
      incidentId: u.incidentId,
      status: u.status,
    });
  }
  if (!isAssignable(u.status)) {
    throw new DispatchError('dispatch.unit_unavailable', `Unit ${u.id} is ${u.status}`, {
      unitId: u.id,
      status: u.status,
    });
  }
  tx.emit({ type: 'unit.assigned', incidentId: i.id, unitId: u.id });
  tx.sync(i.id);
}

/**
 * A status change reported by the unit (MDT button) or entered by the dispatcher. Pressing
 * "available" while on an incident clears the unit from it (or releases it, before arrival);
 * going off duty or out of service needs the unit to leave its incident first. A repeated press
 * of the current status is ignored.
 */
export function unitStatus(tx: BoardTx, cmd: Cmd<'unit_status'>): void {
  const u = tx.unit(cmd.unitId);
  if (u.status === cmd.status) return;
  if (u.incidentId === null) {
    if (isIncidentBound(cmd.status)) boundIncident(u);
    assertUnitTransition(u.id, u.status, cmd.status);
    tx.emit({ type: 'unit.status_changed', unitId: u.id, incidentId: null, from: u.status, to: cmd.status });
    return;
  }
  assertUnitTransition(u.id, u.status, cmd.status);
  const incidentId = u.incidentId;
  if (cmd.status === 'available' || cmd.status === 'at_station') {
    leave(tx, u, incidentId, cmd.status, 'unit_available');
  } else {
    tx.emit({ type: 'unit.status_changed', unitId: u.id, incidentId, from: u.status, to: cmd.status });
  }
  tx.sync(incidentId);
}

/** Officer-safety check-in from a unit on an incident; restarts its check-in timer. */
export function checkIn(tx: BoardTx, cmd: Cmd<'check_in'>): void {
  const u = tx.unit(cmd.unitId);
  tx.emit({ type: 'unit.checked_in', incidentId: boundIncident(u), unitId: u.id });
}

/** Takes a unit off an incident without it finishing there (diverted, not needed). */
export function releaseUnit(tx: BoardTx, cmd: Cmd<'release_unit'>): void {
  const i = tx.incident(cmd.incidentId);
  const u = tx.unit(cmd.unitId);
  boundIncident(u, i.id);
  const a = activeAssignment(i, u.id)!;
  tx.emit({
    type: 'unit.released',
    incidentId: i.id,
    unitId: u.id,
    from: boundStatus(a),
    to: 'available',
    reason: cmd.reason ?? null,
  });
  tx.sync(i.id);
}

/** Moves a unit from its incident straight to another one (it is dispatched there). */
export function reassignUnit(tx: BoardTx, cmd: Cmd<'reassign_unit'>): void {
  const u = tx.unit(cmd.unitId);
  const from = boundIncident(u);
  const to = tx.openIncident(cmd.toIncidentId);
  if (to.id === from) {
    throw new DispatchError('dispatch.already_assigned', `Unit ${u.id} is already on incident ${from}`, {
      unitId: u.id,
      incidentId: from,
    });
  }
  tx.emit({
    type: 'unit.released',
    incidentId: from,
    unitId: u.id,
    from: boundStatus(activeAssignment(tx.incident(from), u.id)!),
    to: 'available',
    reason: cmd.reason ?? 'reassigned',
  });
  tx.sync(from);
  tx.emit({ type: 'unit.assigned', incidentId: to.id, unitId: u.id });
  tx.sync(to.id);
}

/** Clears one unit, or all units, from an incident; units that never arrived are released instead. */
export function clearUnits(tx: BoardTx, cmd: Cmd<'clear_units'>): void {
  const i = tx.openIncident(cmd.incidentId);
  if (cmd.unitId !== undefined) boundIncident(tx.unit(cmd.unitId), i.id);
  const targets = activeAssignments(i).filter((a) => cmd.unitId === undefined || a.unitId === cmd.unitId);
  if (targets.length === 0) {
    throw new DispatchError('dispatch.unit_not_assigned', `No unit is on incident ${i.id}`, {
      incidentId: i.id,
    });
  }
  for (const a of targets) leave(tx, tx.unit(a.unitId), i.id, 'available', 'cleared_before_arrival');
  tx.sync(i.id);
}

/** Ends a unit's assignment: `cleared` when it had arrived, otherwise `released`. */
function leave(tx: BoardTx, u: BoardUnit, incidentId: string, to: FreeStatus, releaseReason: string): void {
  const a = activeAssignment(tx.incident(incidentId), u.id)!;
  const arrived = a.onSceneAt !== null;
  tx.emit({
    type: arrived ? 'unit.cleared' : 'unit.released',
    incidentId,
    unitId: u.id,
    from: boundStatus(a),
    to,
    reason: arrived ? null : releaseReason,
  });
}
