import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import { transact } from '../../core/db/transaction.ts';
import { conflict, invalid, notFound } from '../../core/errors.ts';
import { type Actor, inScope, systemActor } from '../../core/identity/actor.ts';
import type { RouteView } from '../routing/index.ts';
import { publishUnit } from './assignment-write.ts';
import type { DispatchContext } from './context.ts';
import type { AssignmentView, IncidentSummary, UnitView } from './dispatch-events.ts';
import {
  type Capability,
  isCapability,
  isUnitKind,
  type UnitKind,
  unitCapabilities,
} from './domain/unit-kinds.ts';
import { UNIT_STATUSES, type UnitStatus } from './domain/unit-status.ts';
import { findIncidentSummary } from './incident-read.ts';
import { findUnit, unitScope } from './scope.ts';
import { assignmentView, effectivePosition, queryAssignments, queryUnits, unitView } from './views.ts';

/** Unit fields an admin or supervisor sets. */
export interface UnitInput {
  callSign: string;
  kind: string;
  extraCapabilities?: string[];
  jurisdictionId: string;
  homeStation?: { name: string; lon: number; lat: number } | null;
  shifts?: { days: number[]; start: string; end: string }[];
  deviceUserId?: string | null;
  status?: string;
}

/** Units in scope, by call sign. */
export async function listUnits(
  ctx: DispatchContext,
  actor: Actor,
  q: { status?: string; kind?: string } = {},
): Promise<UnitView[]> {
  const rows = await queryUnits(
    ctx.database.db,
    sql`${unitScope(actor)} AND (${q.status ?? null}::text IS NULL OR u.status = ${q.status ?? null})
      AND (${q.kind ?? null}::text IS NULL OR u.kind = ${q.kind ?? null})`,
  );
  const now = Date.now();
  return rows.map((r) => unitView(r, now, ctx.timeZone));
}

/** One unit in scope. */
export async function getUnit(ctx: DispatchContext, actor: Actor, id: string): Promise<UnitView> {
  return unitView(await findUnit(ctx.database.db, actor, id), Date.now(), ctx.timeZone);
}

function checkUnitInput(ctx: DispatchContext, actor: Actor, input: Partial<UnitInput>) {
  if (input.kind !== undefined && !isUnitKind(input.kind)) {
    throw invalid('dispatch.unknown_unit_kind', `Unknown unit kind ${input.kind}`);
  }
  const bad = (input.extraCapabilities ?? []).filter((c) => !isCapability(c));
  if (bad.length > 0) throw invalid('dispatch.unknown_capability', `Unknown capability ${bad[0]}`);
  if (input.status !== undefined && !(UNIT_STATUSES as readonly string[]).includes(input.status)) {
    throw invalid('dispatch.unknown_unit_status', `Unknown status ${input.status}`);
  }
  if (
    input.status === 'dispatched' ||
    input.status === 'en_route' ||
    input.status === 'on_scene' ||
    input.status === 'transporting'
  ) {
    throw invalid('dispatch.use_assignment', 'A new or edited unit cannot be incident-bound');
  }
  let path: string | null = null;
  if (input.jurisdictionId !== undefined) {
    const j = ctx.jurisdictions.byId(input.jurisdictionId);
    if (!j || !inScope(actor, j.path)) throw invalid('dispatch.unknown_jurisdiction', 'Unknown jurisdiction');
    path = j.path;
  }
  return { path };
}

function isCallSignClash(e: unknown): boolean {
  const err = e as { code?: string; message?: string; constraint?: string };
  return (
    err?.code === '23505' &&
    (err.constraint === 'dispatch_units_call_sign' || String(err.message).includes('call_sign'))
  );
}

/** Creates a unit. */
export async function createUnit(ctx: DispatchContext, actor: Actor, input: UnitInput): Promise<UnitView> {
  const { path } = checkUnitInput(ctx, actor, input);
  const id = uuidv7();
  try {
    await transact(ctx.database, actor, async (tx) => {
      await tx.db
        .insertInto('dispatch_units')
        .values({
          id,
          call_sign: input.callSign.trim(),
          kind: input.kind,
          extra_capabilities: pgTextArray(input.extraCapabilities ?? []),
          capabilities: pgTextArray(
            unitCapabilities(input.kind as UnitKind, (input.extraCapabilities ?? []) as Capability[]),
          ),
          status: (input.status as UnitStatus | undefined) ?? 'available',
          jurisdiction_id: input.jurisdictionId,
          jurisdiction_path: path,
          home_station: input.homeStation ? JSON.stringify(input.homeStation) : null,
          shifts: JSON.stringify(input.shifts ?? []),
          device_user_id: input.deviceUserId ?? null,
        })
        .execute();
      tx.audit({
        action: 'dispatch.unit.create',
        targetType: 'unit',
        targetId: id,
        jurisdictionPath: path,
        details: { callSign: input.callSign, kind: input.kind },
      });
      await publishUnit(tx, ctx, id);
    });
  } catch (e) {
    if (isCallSignClash(e))
      throw conflict('dispatch.call_sign_taken', `Call sign ${input.callSign} is taken`);
    throw e;
  }
  return getUnit(ctx, actor, id);
}

/** Edits a unit (not its status: that is reported). */
export async function updateUnit(
  ctx: DispatchContext,
  actor: Actor,
  id: string,
  input: Partial<UnitInput>,
): Promise<UnitView> {
  const { path } = checkUnitInput(ctx, actor, input);
  try {
    await transact(ctx.database, actor, async (tx) => {
      const current = await findUnit(tx.db, actor, id);
      const kind = (input.kind ?? current.kind) as UnitKind;
      const extra = (input.extraCapabilities ?? current.extra_capabilities) as Capability[];
      const set: Record<string, unknown> = {
        kind,
        extra_capabilities: pgTextArray(extra),
        capabilities: pgTextArray(unitCapabilities(kind, extra)),
        updated_at: sql`now()`,
      };
      if (input.callSign !== undefined) set.call_sign = input.callSign.trim();
      if (input.jurisdictionId !== undefined)
        Object.assign(set, { jurisdiction_id: input.jurisdictionId, jurisdiction_path: path });
      if (input.homeStation !== undefined)
        set.home_station = input.homeStation ? JSON.stringify(input.homeStation) : null;
      if (input.shifts !== undefined) set.shifts = JSON.stringify(input.shifts);
      if (input.deviceUserId !== undefined) set.device_user_id = input.deviceUserId;
      await tx.db.updateTable('dispatch_units').set(set).where('id', '=', id).execute();
      tx.audit({
        action: 'dispatch.unit.update',
        targetType: 'unit',
        targetId: id,
        jurisdictionPath: current.path,
        details: { fields: Object.keys(input) },
      });
      await publishUnit(tx, ctx, id);
    });
  } catch (e) {
    if (isCallSignClash(e))
      throw conflict('dispatch.call_sign_taken', `Call sign ${input.callSign} is taken`);
    throw e;
  }
  return getUnit(ctx, actor, id);
}

function pgTextArray(list: readonly string[]): string {
  return `{${list.map((v) => `"${v.replace(/(["\\])/g, '\\$1')}"`).join(',')}}`;
}

/** What the unit view on a phone shows. */
export interface MyUnitView {
  unit: UnitView;
  assignment: AssignmentView | null;
  incident: IncidentSummary | null;
  route: RouteView | null;
}

/** The unit linked to the signed-in device user, its assignment, incident and route there. */
export async function myUnit(ctx: DispatchContext, actor: Actor): Promise<MyUnitView> {
  const [row] = await queryUnits(ctx.database.db, sql`u.device_user_id::text = ${actor.id ?? ''}`);
  if (!row) throw notFound('Unit linked to your user');
  return unitWithAssignment(ctx, row.id);
}

async function unitWithAssignment(ctx: DispatchContext, unitId: string): Promise<MyUnitView> {
  const db = ctx.database.db;
  const [row] = await queryUnits(db, sql`u.id = ${unitId}`);
  const now = Date.now();
  const [a] = await queryAssignments(
    db,
    sql`a.unit_id = ${unitId} AND a.status IN ('dispatched', 'en_route', 'on_scene', 'transporting')`,
  );
  // The unit sees its own incident even on mutual aid outside its scope: access came through the unit.
  const incident = a ? await findIncidentSummary(db, ctx, systemActor('unit-view'), a.incident_id) : null;
  const from = effectivePosition(row!, now).position;
  const route = incident && from ? ctx.network.route(from, { lon: incident.lon, lat: incident.lat }) : null;
  return {
    unit: unitView(row!, now, ctx.timeZone),
    assignment: a ? assignmentView(a) : null,
    incident,
    route,
  };
}

/** Route of a unit (in scope) to its current incident; 404 when it has none. */
export async function unitRoute(ctx: DispatchContext, actor: Actor, unitId: string): Promise<RouteView> {
  await findUnit(ctx.database.db, actor, unitId);
  const v = await unitWithAssignment(ctx, unitId);
  if (!v.route) throw notFound('Route');
  return v.route;
}
