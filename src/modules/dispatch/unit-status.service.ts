import { sql } from 'kysely';
import { type Tx, transact } from '../../core/db/transaction.ts';
import { invalid } from '../../core/errors.ts';
import type { Actor } from '../../core/identity/actor.ts';
import { endAssignment, publishAssignment, publishUnit } from './assignment-write.ts';
import type { DispatchContext } from './context.ts';
import type { AssignmentView, UnitView } from './dispatch-events.ts';
import { DispatchError } from './domain/errors.ts';
import { assertUnitTransition, isIncidentBound, type UnitStatus } from './domain/unit-status.ts';
import { publishIncident, rederiveStatus, writeTimeline } from './incident-write.ts';
import { findUnit, lockUnit } from './scope.ts';
import {
  type AssignmentRow,
  assignmentView,
  type IncidentRow,
  queryAssignments,
  queryIncidents,
  queryUnits,
  type UnitRow,
  unitView,
} from './views.ts';

const ACTIVE = sql`a.status IN ('dispatched', 'en_route', 'on_scene', 'transporting')`;

/**
 * Locks a unit the actor may report for, and its current incident first (the lock order of every
 * dispatch write: incident, then unit). The incident is locked by id: a unit on mutual aid acts
 * on an incident outside its own scope.
 */
async function lockUnitAndIncident(
  tx: Tx,
  actor: Actor,
  unitId: string,
): Promise<{ unit: UnitRow; inc: IncidentRow | null; assignment: AssignmentRow | null }> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const seen = await findUnit(tx.db, actor, unitId, true);
    const inc = seen.current_incident_id
      ? ((await queryIncidents(tx.db, sql`i.id = ${seen.current_incident_id}`, sql`FOR UPDATE OF i`))[0] ??
        null)
      : null;
    const unit = await lockUnit(tx.db, actor, unitId, true);
    if (unit.current_incident_id !== seen.current_incident_id) continue; // moved meanwhile: again
    const [assignment] = inc
      ? await queryAssignments(tx.db, sql`a.unit_id = ${unitId} AND a.incident_id = ${inc.id} AND ${ACTIVE}`)
      : [];
    return { unit, inc, assignment: assignment ?? null };
  }
  throw new DispatchError('dispatch.unit_busy', 'The unit is changing; try again');
}

/** A unit reports a status (en route, on scene, transporting, available, ...). */
export async function setUnitStatus(
  ctx: DispatchContext,
  actor: Actor,
  unitId: string,
  status: UnitStatus,
): Promise<UnitView> {
  if (status === 'dispatched') {
    throw invalid('dispatch.use_assignment', 'Units are dispatched by assigning them to an incident');
  }
  return transact(ctx.database, actor, async (tx) => {
    const { unit, inc, assignment } = await lockUnitAndIncident(tx, actor, unitId);
    assertUnitTransition(unit.id, unit.status, status);
    if (inc && assignment && isIncidentBound(unit.status)) {
      if (isIncidentBound(status)) {
        const stamp = status === 'en_route' ? 'en_route_at' : status === 'on_scene' ? 'on_scene_at' : null;
        await sql`UPDATE dispatch_assignments SET status = ${status}
            ${stamp ? sql`, ${sql.ref(stamp)} = coalesce(${sql.ref(stamp)}, now())` : sql``}
          WHERE id = ${assignment.id}`.execute(tx.db);
        await sql`UPDATE dispatch_units SET status = ${status}, updated_at = now() WHERE id = ${unit.id}`.execute(
          tx.db,
        );
        await writeTimeline(tx, inc, {
          kind: 'unit_status',
          text: `${unit.call_sign} ${status.replace('_', ' ')}`,
          unitId: unit.id,
          details: { assignmentId: assignment.id, from: unit.status, to: status },
        });
        await publishAssignment(tx, ctx, assignment.id);
      } else {
        const how = assignment.on_scene_at ? 'cleared' : 'released';
        await endAssignment(
          tx,
          ctx,
          inc,
          assignment,
          how,
          how === 'released' ? 'unit left before arrival' : null,
          status as 'available',
        );
      }
      await rederiveStatus(tx, inc);
      await publishIncident(tx, ctx, inc.id);
    } else {
      await sql`UPDATE dispatch_units SET status = ${status}, updated_at = now() WHERE id = ${unit.id}`.execute(
        tx.db,
      );
      await publishUnit(tx, ctx, unit.id);
    }
    tx.audit({
      action: 'dispatch.unit.status',
      targetType: 'unit',
      targetId: unit.id,
      jurisdictionPath: unit.path,
      details: { from: unit.status, to: status },
    });
    const [fresh] = await queryUnits(tx.db, sql`u.id = ${unit.id}`, sql``);
    return unitView(fresh!, Date.now(), ctx.timeZone);
  });
}

async function onAssignment(
  ctx: DispatchContext,
  actor: Actor,
  unitId: string,
  act: (tx: Tx, unit: UnitRow, inc: IncidentRow, a: AssignmentRow) => Promise<void>,
): Promise<AssignmentView> {
  return transact(ctx.database, actor, async (tx) => {
    const { unit, inc, assignment } = await lockUnitAndIncident(tx, actor, unitId);
    if (!inc || !assignment)
      throw new DispatchError('dispatch.unit_not_assigned', `${unit.call_sign} has no current assignment`);
    await act(tx, unit, inc, assignment);
    await publishAssignment(tx, ctx, assignment.id);
    await publishIncident(tx, ctx, inc.id);
    const [fresh] = await queryAssignments(tx.db, sql`a.id = ${assignment.id}`);
    return assignmentView(fresh!);
  });
}

/** The unit acknowledges its assignment on its device. */
export function acknowledgeAssignment(
  ctx: DispatchContext,
  actor: Actor,
  unitId: string,
): Promise<AssignmentView> {
  return onAssignment(ctx, actor, unitId, async (tx, unit, inc, a) => {
    if (a.acknowledged_at) return;
    await sql`UPDATE dispatch_assignments SET acknowledged_at = now() WHERE id = ${a.id}`.execute(tx.db);
    await writeTimeline(tx, inc, {
      kind: 'acknowledged',
      text: `${unit.call_sign} acknowledged`,
      unitId: unit.id,
      details: { assignmentId: a.id },
    });
    tx.audit({
      action: 'dispatch.unit.acknowledge',
      targetType: 'unit',
      targetId: unit.id,
      jurisdictionPath: unit.path,
      details: { incidentId: inc.id },
    });
  });
}

/** The officer-safety check-in of a unit on scene (restarts its check-in timer). */
export function checkIn(
  ctx: DispatchContext,
  actor: Actor,
  unitId: string,
  note?: string,
): Promise<AssignmentView> {
  return onAssignment(ctx, actor, unitId, async (tx, unit, inc, a) => {
    await sql`UPDATE dispatch_assignments SET last_check_in_at = now() WHERE id = ${a.id}`.execute(tx.db);
    await writeTimeline(tx, inc, {
      kind: 'check_in',
      text: `${unit.call_sign} checked in${note ? `: ${note}` : ''}`,
      unitId: unit.id,
      details: { assignmentId: a.id },
    });
    tx.audit({
      action: 'dispatch.unit.check_in',
      targetType: 'unit',
      targetId: unit.id,
      jurisdictionPath: unit.path,
      details: { incidentId: inc.id },
    });
  });
}
