import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import { type Tx, transact } from '../../core/db/transaction.ts';
import { HavenError, invalid } from '../../core/errors.ts';
import { type Actor, can } from '../../core/identity/actor.ts';
import { endAssignment, publishAssignment } from './assignment-write.ts';
import type { DispatchContext } from './context.ts';
import type { AssignmentView } from './dispatch-events.ts';
import { DispatchError } from './domain/errors.ts';
import { jurisdictionCovers } from './domain/jurisdiction.ts';
import { shiftState } from './domain/shifts.ts';
import { isAssignable, isIncidentBound } from './domain/unit-status.ts';
import { publishIncident, rederiveStatus, writeTimeline } from './incident-write.ts';
import { P } from './permissions.ts';
import { lockIncident, lockUnit } from './scope.ts';
import {
  type AssignmentRow,
  assignmentView,
  effectivePosition,
  type IncidentRow,
  queryAssignments,
  type UnitRow,
} from './views.ts';

const ACTIVE = sql`a.status IN ('dispatched', 'en_route', 'on_scene', 'transporting')`;

/** Options of a dispatch. */
export interface AssignInput {
  unitId: string;
  mutualAid?: boolean;
  note?: string;
  /** A supervisor sends a unit outside its shift: why (recorded on the timeline and audited). */
  shiftOverrideReason?: string;
}

function isActiveUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string; constraint?: string; message?: string };
  return (
    err?.code === '23505' &&
    (err.constraint === 'dispatch_assignments_one_active' ||
      String(err.message ?? '').includes('dispatch_assignments_one_active'))
  );
}

/** Runs a dispatch transaction; the database's one-active-assignment index turns a lost race into 409. */
async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (isActiveUniqueViolation(e)) {
      throw new DispatchError('dispatch.unit_busy', 'The unit was just sent to another incident');
    }
    throw e;
  }
}

/**
 * Sends a unit to an incident. Exactly one of two dispatchers sending the same unit at once wins:
 * the unit row is locked, its status re-checked, and a partial unique index backs it up.
 */
export async function assignUnit(
  ctx: DispatchContext,
  actor: Actor,
  incidentId: string,
  input: AssignInput,
): Promise<AssignmentView> {
  return guarded(() =>
    transact(ctx.database, actor, async (tx) => {
      const inc = await lockIncident(tx.db, actor, incidentId);
      const unit = await lockUnit(tx.db, actor, input.unitId);
      const id = await assignLocked(tx, ctx, actor, inc, unit, input);
      await publishIncident(tx, ctx, inc.id);
      const [a] = await queryAssignments(tx.db, sql`a.id = ${id}`);
      return assignmentView(a!);
    }),
  );
}

async function assignLocked(
  tx: Tx,
  ctx: DispatchContext,
  actor: Actor,
  inc: IncidentRow,
  unit: UnitRow,
  input: AssignInput,
): Promise<string> {
  if (inc.status === 'closed' || inc.status === 'cancelled') {
    throw new DispatchError('dispatch.incident_inactive', `The incident is ${inc.status}`, {
      status: inc.status,
    });
  }
  if (unit.current_incident_id === inc.id && isIncidentBound(unit.status)) {
    throw new DispatchError('dispatch.already_assigned', `${unit.call_sign} is already on this incident`);
  }
  if (isIncidentBound(unit.status)) {
    throw new DispatchError('dispatch.unit_busy', `${unit.call_sign} is on another incident`, {
      unitId: unit.id,
      incidentId: unit.current_incident_id,
    });
  }
  if (!isAssignable(unit.status)) {
    throw new DispatchError('dispatch.unit_unavailable', `${unit.call_sign} is ${unit.status}`, {
      unitId: unit.id,
      status: unit.status,
    });
  }
  const override = checkShift(ctx, actor, unit, input);
  const mutualAid = !jurisdictionCovers(unit.path, inc.path);
  if (mutualAid && !can(actor, P.mutualAid)) {
    throw new HavenError(
      'dispatch.mutual_aid_forbidden',
      403,
      'Sending a unit across jurisdictions needs a supervisor',
    );
  }
  if (mutualAid && !input.mutualAid) {
    throw invalid(
      'dispatch.mutual_aid_required',
      `${unit.call_sign} belongs to another jurisdiction: confirm mutual aid`,
    );
  }
  const now = Date.now();
  const from = effectivePosition(unit, now).position;
  const eta = from ? ctx.network.travelTo({ lon: inc.lon, lat: inc.lat }, [from])[0]! : null;
  const etaSeconds = eta && !eta.offGraph && Number.isFinite(eta.seconds) ? Math.round(eta.seconds) : null;
  const id = uuidv7();
  await tx.db
    .insertInto('dispatch_assignments')
    .values({
      id,
      incident_id: inc.id,
      unit_id: unit.id,
      status: 'dispatched',
      mutual_aid: mutualAid,
      dispatched_at: new Date(Math.max(now, inc.last_at.getTime())),
      dispatched_by: actor.name,
      eta_seconds: etaSeconds,
      jurisdiction_path: inc.path,
    })
    .execute();
  await sql`UPDATE dispatch_units SET status = 'dispatched', current_incident_id = ${inc.id}, updated_at = now()
    WHERE id = ${unit.id}`.execute(tx.db);
  await writeTimeline(tx, inc, {
    kind: 'assigned',
    text: `${unit.call_sign} dispatched${mutualAid ? ' (mutual aid)' : ''}${etaSeconds !== null ? `, ETA ${Math.round(etaSeconds / 60)} min` : ''}${override ? ` outside its shift (override: ${override})` : ''}${input.note ? `: ${input.note}` : ''}`,
    unitId: unit.id,
    details: { assignmentId: id, etaSeconds, mutualAid, ...(override ? { shiftOverride: override } : {}) },
  });
  await rederiveStatus(tx, inc);
  tx.audit({
    action: 'dispatch.unit.assign',
    targetType: 'incident',
    targetId: inc.id,
    jurisdictionPath: inc.path,
    details: { unitId: unit.id, callSign: unit.call_sign, mutualAid, shiftOverride: override },
  });
  await publishAssignment(tx, ctx, id);
  return id;
}

/**
 * A unit outside its shift goes only on a supervisor's override with a reason (returned, to be
 * recorded); otherwise 409 saying when its shift starts, or 403 for an override without the right.
 */
function checkShift(ctx: DispatchContext, actor: Actor, unit: UnitRow, input: AssignInput): string | null {
  const shift = shiftState(unit.shifts ?? [], new Date(), ctx.timeZone);
  if (shift.onShift) return null;
  const reason = input.shiftOverrideReason?.trim();
  if (!reason) {
    throw new DispatchError('dispatch.unit_off_shift', `${unit.call_sign} is off shift`, {
      unitId: unit.id,
      until: shift.until ? shift.until.toISOString() : null,
    });
  }
  if (!can(actor, P.shiftOverride)) {
    throw new HavenError(
      'dispatch.shift_override_forbidden',
      403,
      'Only a supervisor can send a unit outside its shift',
    );
  }
  return reason;
}

async function activeAssignmentOf(tx: Tx, incidentId: string, unitId: string): Promise<AssignmentRow> {
  const [a] = await queryAssignments(
    tx.db,
    sql`a.incident_id = ${incidentId} AND a.unit_id = ${unitId} AND ${ACTIVE}`,
  );
  if (!a) throw new DispatchError('dispatch.unit_not_assigned', 'The unit is not on this incident');
  return a;
}

/** Takes a unit off an incident (it becomes available again). */
export async function releaseUnit(
  ctx: DispatchContext,
  actor: Actor,
  incidentId: string,
  unitId: string,
  reason: string,
): Promise<AssignmentView> {
  return transact(ctx.database, actor, async (tx) => {
    const inc = await lockIncident(tx.db, actor, incidentId);
    const a = await activeAssignmentOf(tx, incidentId, unitId);
    await endAssignment(tx, ctx, inc, a, 'released', reason);
    await rederiveStatus(tx, inc);
    tx.audit({
      action: 'dispatch.unit.release',
      targetType: 'incident',
      targetId: inc.id,
      jurisdictionPath: inc.path,
      details: { unitId, reason },
    });
    await publishIncident(tx, ctx, inc.id);
    const [done] = await queryAssignments(tx.db, sql`a.id = ${a.id}`);
    return assignmentView(done!);
  });
}

/** Moves a unit from one incident to another in one step. */
export async function reassignUnit(
  ctx: DispatchContext,
  actor: Actor,
  incidentId: string,
  unitId: string,
  input: { toIncidentId: string; reason: string; mutualAid?: boolean; shiftOverrideReason?: string },
): Promise<AssignmentView> {
  if (input.toIncidentId === incidentId)
    throw invalid('dispatch.same_incident', 'The unit is already on that incident');
  return guarded(() =>
    transact(ctx.database, actor, async (tx) => {
      const [firstId, secondId] =
        incidentId < input.toIncidentId ? [incidentId, input.toIncidentId] : [input.toIncidentId, incidentId];
      const first = await lockIncident(tx.db, actor, firstId);
      const second = await lockIncident(tx.db, actor, secondId);
      const [from, to] = first.id === incidentId ? [first, second] : [second, first];
      const a = await activeAssignmentOf(tx, from.id, unitId);
      await lockUnit(tx.db, actor, unitId);
      await endAssignment(tx, ctx, from, a, 'released', `reassigned: ${input.reason}`);
      await writeTimeline(tx, from, {
        kind: 'reassigned',
        text: `${a.call_sign} reassigned to another incident`,
        unitId,
        details: { to: to.id },
      });
      await rederiveStatus(tx, from);
      const unit = await lockUnit(tx.db, actor, unitId);
      const id = await assignLocked(tx, ctx, actor, to, unit, {
        unitId,
        mutualAid: input.mutualAid,
        shiftOverrideReason: input.shiftOverrideReason,
        note: `reassigned: ${input.reason}`,
      });
      await publishIncident(tx, ctx, from.id);
      await publishIncident(tx, ctx, to.id);
      const [created] = await queryAssignments(tx.db, sql`a.id = ${id}`);
      return assignmentView(created!);
    }),
  );
}
