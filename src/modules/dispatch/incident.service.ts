import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import { transact } from '../../core/db/transaction.ts';
import { forbidden, invalid } from '../../core/errors.ts';
import { type Actor, can } from '../../core/identity/actor.ts';
import { endAssignment } from './assignment-write.ts';
import type { DispatchContext } from './context.ts';
import type { IncidentSummary, TimelineEntry } from './dispatch-events.ts';
import { DispatchError } from './domain/errors.ts';
import {
  assertIncidentTransition,
  assertPriorityChange,
  assertValidCancel,
  assertValidClose,
  type CancelReason,
  type Disposition,
} from './domain/incident-state.ts';
import { planAtLevel } from './domain/incident-type.ts';
import { PREMISE_HAZARD_KINDS, type PremiseHazardKind } from './domain/premise-history.ts';
import type { LocalizedText } from './domain/unit-kinds.ts';
import { publishIncident, updateIncident, writeTimeline } from './incident-write.ts';
import { P } from './permissions.ts';
import { lockIncident } from './scope.ts';
import { incidentNumber, queryAssignments } from './views.ts';

/** A status change a dispatcher asks for. */
export interface TransitionInput {
  to: 'queued' | 'closed' | 'cancelled';
  disposition?: string;
  cancelReason?: string;
  note?: string;
  referredTo?: string;
  duplicateOf?: string;
}

const ACTIVE = sql`a.status IN ('dispatched', 'en_route', 'on_scene', 'transporting')`;

/** Holds, closes or cancels an incident; 409 with the allowed statuses when not possible now. */
export async function transitionIncident(
  ctx: DispatchContext,
  actor: Actor,
  id: string,
  input: TransitionInput,
): Promise<IncidentSummary> {
  return transact(ctx.database, actor, async (tx) => {
    const inc = await lockIncident(tx.db, actor, id);
    assertIncidentTransition(id, inc.status, input.to, 'command');
    const now = new Date(Math.max(Date.now(), inc.last_at.getTime()));
    const set: Record<string, unknown> = { status: input.to };
    if (input.to === 'closed') {
      const close = {
        disposition: input.disposition as Disposition,
        note: input.note,
        referredTo: input.referredTo,
        duplicateOf: input.duplicateOf,
      };
      assertValidClose(id, close, inc.on_scene_at !== null);
      Object.assign(set, {
        closed_at: now,
        disposition: input.disposition,
        close_note: input.note ?? null,
        referred_to: input.referredTo ?? null,
      });
    } else if (input.to === 'cancelled') {
      assertValidCancel(id, input.cancelReason ?? '', input.note);
      for (const a of await queryAssignments(tx.db, sql`a.incident_id = ${id} AND ${ACTIVE}`)) {
        await endAssignment(tx, ctx, inc, a, 'released', 'incident cancelled');
      }
      Object.assign(set, {
        cancelled_at: now,
        cancel_reason: input.cancelReason as CancelReason,
        close_note: input.note ?? null,
      });
    }
    await writeTimeline(tx, inc, {
      kind: input.to === 'queued' ? 'status' : input.to,
      text: `Status ${inc.status} → ${input.to}${input.disposition ? ` (${input.disposition})` : ''}${input.cancelReason ? ` (${input.cancelReason})` : ''}`,
      details: {
        from: inc.status,
        to: input.to,
        disposition: input.disposition ?? null,
        cancelReason: input.cancelReason ?? null,
        note: input.note ?? null,
      },
    });
    await updateIncident(tx, inc, set);
    tx.audit({
      action: `dispatch.incident.${input.to === 'queued' ? 'queue' : input.to === 'closed' ? 'close' : 'cancel'}`,
      targetType: 'incident',
      targetId: id,
      jurisdictionPath: inc.path,
      details: {
        from: inc.status,
        disposition: input.disposition ?? null,
        cancelReason: input.cancelReason ?? null,
      },
    });
    return publishIncident(tx, ctx, id);
  });
}

/** Adds a note to the timeline (dispatchers, supervisors and units). */
export async function addNote(
  ctx: DispatchContext,
  actor: Actor,
  id: string,
  text: string,
): Promise<TimelineEntry> {
  if (!can(actor, P.incidentsManage) && !can(actor, P.unitsReport)) throw forbidden();
  if (text.trim() === '') throw invalid('dispatch.empty_note', 'The note is empty');
  return transact(ctx.database, actor, async (tx) => {
    const inc = await lockIncident(tx.db, actor, id);
    const entry = await writeTimeline(tx, inc, { kind: 'note', text: text.trim() });
    await updateIncident(tx, inc, {});
    tx.audit({
      action: 'dispatch.incident.note',
      targetType: 'incident',
      targetId: id,
      jurisdictionPath: inc.path,
    });
    return entry;
  });
}

/** Changes the priority (a reason is always recorded). */
export async function changePriority(
  ctx: DispatchContext,
  actor: Actor,
  id: string,
  priority: number,
  reason: string,
): Promise<IncidentSummary> {
  return transact(ctx.database, actor, async (tx) => {
    const inc = await lockIncident(tx.db, actor, id);
    if (inc.status === 'closed' || inc.status === 'cancelled') throw inactive(inc.status);
    assertPriorityChange(id, priority, inc.priority, reason);
    await writeTimeline(tx, inc, {
      kind: 'priority',
      text: `Priority ${inc.priority} → ${priority}: ${reason}`,
      details: { from: inc.priority, to: priority, reason },
    });
    await updateIncident(tx, inc, { priority });
    tx.audit({
      action: 'dispatch.incident.priority',
      targetType: 'incident',
      targetId: id,
      jurisdictionPath: inc.path,
      details: { from: inc.priority, to: priority, reason },
    });
    return publishIncident(tx, ctx, id);
  });
}

/** Raises or lowers the alarm level (the response plan grows with it). */
export async function changeAlarmLevel(
  ctx: DispatchContext,
  actor: Actor,
  id: string,
  level: number,
): Promise<IncidentSummary> {
  return transact(ctx.database, actor, async (tx) => {
    const inc = await lockIncident(tx.db, actor, id);
    if (inc.status === 'closed' || inc.status === 'cancelled') throw inactive(inc.status);
    planAtLevel(ctx.catalogue.type(inc.type_code), level);
    await writeTimeline(tx, inc, {
      kind: 'alarm_level',
      text: `Alarm level ${inc.alarm_level} → ${level}`,
      details: { from: inc.alarm_level, to: level },
    });
    await updateIncident(tx, inc, { alarm_level: level });
    tx.audit({
      action: 'dispatch.incident.alarm_level',
      targetType: 'incident',
      targetId: id,
      jurisdictionPath: inc.path,
      details: { level },
    });
    return publishIncident(tx, ctx, id);
  });
}

function inactive(status: string): DispatchError {
  return new DispatchError('dispatch.incident_inactive', `The incident is ${status}`, { status });
}

/** Merges a duplicate incident (no active units) into another: calls move, the source closes as duplicate. */
export async function mergeIncident(
  ctx: DispatchContext,
  actor: Actor,
  id: string,
  intoId: string,
): Promise<IncidentSummary> {
  if (id === intoId)
    throw new DispatchError('dispatch.merge_invalid', 'An incident cannot be merged into itself');
  return transact(ctx.database, actor, async (tx) => {
    // Lock in id order so two opposite merges cannot deadlock.
    const [first, second] = id < intoId ? [id, intoId] : [intoId, id];
    const a = await lockIncident(tx.db, actor, first);
    const b = await lockIncident(tx.db, actor, second);
    const [source, target] = a.id === id ? [a, b] : [b, a];
    for (const inc of [source, target]) {
      if (inc.status === 'closed' || inc.status === 'cancelled') {
        throw new DispatchError('dispatch.merge_invalid', `Incident ${inc.id} is ${inc.status}`, {
          id: inc.id,
          status: inc.status,
        });
      }
    }
    if (source.active.length > 0) {
      throw new DispatchError('dispatch.merge_invalid', 'Release the units of the duplicate first', {
        units: source.active.map((x) => x.unitId),
      });
    }
    await sql`UPDATE dispatch_calls SET incident_id = ${target.id}, handling = 'merged' WHERE incident_id = ${source.id}`.execute(
      tx.db,
    );
    await writeTimeline(tx, source, {
      kind: 'merged',
      text: `Merged into ${incidentNumber(target.number)}`,
      details: { into: target.id },
    });
    await updateIncident(tx, source, {
      status: 'closed',
      closed_at: source.last_at,
      disposition: 'duplicate',
      merged_into: target.id,
      call_count: 0,
    });
    await writeTimeline(tx, target, {
      kind: 'merged',
      text: `${source.call_count} call(s) merged from duplicate ${incidentNumber(source.number)}`,
      details: { from: source.id },
    });
    await updateIncident(tx, target, {
      call_count: target.call_count + source.call_count,
      hazards: sql`(SELECT coalesce(array_agg(DISTINCT h), '{}') FROM unnest(hazards || ${`{${source.hazards.map((h) => `"${h.replace(/(["\\])/g, '\\$1')}"`).join(',')}}`}::text[]) h)`,
    });
    tx.audit({
      action: 'dispatch.incident.merge',
      targetType: 'incident',
      targetId: source.id,
      jurisdictionPath: source.path,
      details: { into: target.id },
    });
    await publishIncident(tx, ctx, source.id);
    return publishIncident(tx, ctx, target.id);
  });
}

/** A premise flag to add. */
export interface NewPremiseHazard {
  kind: string;
  lon: number;
  lat: number;
  radiusMetres?: number;
  note: LocalizedText;
  expiresAt?: string;
}

/** Flags a place (dog, chemicals, gate code...) for call takers and responders. */
export async function addPremiseHazard(
  ctx: DispatchContext,
  actor: Actor,
  input: NewPremiseHazard,
): Promise<{ id: string }> {
  if (!(PREMISE_HAZARD_KINDS as readonly string[]).includes(input.kind)) {
    throw invalid('dispatch.unknown_hazard_kind', `Unknown premise hazard kind ${input.kind}`, {
      allowed: PREMISE_HAZARD_KINDS,
    });
  }
  const place = ctx.jurisdictions.locate(input.lon, input.lat);
  if (!place) throw invalid('dispatch.outside_area', 'The location is outside the served area');
  const id = uuidv7();
  await transact(ctx.database, actor, async (tx) => {
    await tx.db
      .insertInto('dispatch_premise_hazards')
      .values({
        id,
        kind: input.kind as PremiseHazardKind,
        lon: input.lon,
        lat: input.lat,
        radius_m: input.radiusMetres ?? 30,
        note: JSON.stringify(input.note),
        jurisdiction_path: place.path,
        created_by: actor.name,
        expires_at: input.expiresAt ? new Date(input.expiresAt) : null,
      })
      .execute();
    tx.audit({
      action: 'dispatch.premise_hazard.create',
      targetType: 'premise_hazard',
      targetId: id,
      jurisdictionPath: place.path,
      details: { kind: input.kind },
    });
  });
  return { id };
}
