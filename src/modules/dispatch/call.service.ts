import { createHash } from 'node:crypto';
import { latLngToCell } from 'h3-js';
import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import { type Tx, transact } from '../../core/db/transaction.ts';
import { conflict, HavenError, invalid } from '../../core/errors.ts';
import { type Actor, inScope } from '../../core/identity/actor.ts';
import { readPersonal } from '../../core/privacy/personal-read.ts';
import { CALL_COLUMNS, type CallRow, callView } from './call-view.ts';
import type { DispatchContext } from './context.ts';
import type { CallSummary, IncidentSummary } from './dispatch-events.ts';
import { isValidLatLon } from './domain/geo.ts';
import { assertPriorityChange } from './domain/incident-state.ts';
import { getIncidentType, type IncidentType } from './domain/incident-type.ts';
import { findIncidentSummary } from './incident-read.ts';
import { publishIncident, updateIncident, writeTimeline } from './incident-write.ts';
import { type DuplicateView, nearbyOpenIncidents } from './nearby.ts';
import { P } from './permissions.ts';
import { lockIncident, rowScope } from './scope.ts';

/** A call as the call taker submits it (docs/api/dispatch.md `NewCall`). */
export interface NewCall {
  idempotencyKey: string;
  callerName?: string;
  callerPhone?: string;
  lon: number;
  lat: number;
  address?: string;
  typeCode: string;
  priority?: number;
  priorityReason?: string;
  narrative?: string;
  hazards?: string[];
  mergeIntoIncidentId?: string;
  handling?: 'incident' | 'referral';
  referTo?: string;
}

/** A stored referral of a non-emergency call. */
export interface ReferralView {
  id: string;
  callId: string;
  target: string;
  status: string;
  createdAt: string;
}

/** What call intake answers. */
export interface CallResult {
  call: CallSummary;
  incident: IncidentSummary | null;
  referral: ReferralView | null;
  duplicates: DuplicateView[];
  /** True when the idempotency key was seen before and this is the original answer. */
  replay: boolean;
}

function requestHash(input: NewCall): string {
  const { idempotencyKey: _key, ...rest } = input;
  const canonical = JSON.stringify(
    Object.fromEntries(Object.entries(rest).sort(([a], [b]) => (a < b ? -1 : 1))),
  );
  return createHash('sha256').update(canonical).digest('hex');
}

/** Checks what needs no database: place, type, priority and referral rules. */
function validateCall(ctx: DispatchContext, actor: Actor, input: NewCall) {
  if (!isValidLatLon(input)) throw invalid('dispatch.invalid_coordinates', 'Coordinates are out of range');
  const place = ctx.jurisdictions.locate(input.lon, input.lat);
  if (!place) {
    throw invalid('dispatch.outside_area', 'The location is outside the served area', {
      lon: input.lon,
      lat: input.lat,
    });
  }
  if (!inScope(actor, place.path)) {
    throw invalid('dispatch.outside_scope', 'The location is outside your jurisdictions');
  }
  const type: IncidentType = getIncidentType(ctx.catalogue.catalogue, input.typeCode);
  if (!type.active) throw getIncidentType(new Map(), input.typeCode); // inactive = not offered
  const priority = input.priority ?? type.defaultPriority;
  assertPriorityChange('new', priority, type.defaultPriority, input.priorityReason);
  if (input.handling === 'referral' && !type.nonEmergency) {
    throw invalid('dispatch.not_referable', `${type.code} is an emergency type and cannot be referred`);
  }
  if (input.handling === 'referral' && input.mergeIntoIncidentId) {
    throw invalid('dispatch.not_referable', 'A referred call cannot be merged into an incident');
  }
  return { place, type, priority };
}

/**
 * Takes a call: a new incident, a call merged into an open incident, or a referral of a
 * non-emergency call. The idempotency key makes a retried submission return the first answer.
 */
export async function createCall(ctx: DispatchContext, actor: Actor, input: NewCall): Promise<CallResult> {
  const { place, type, priority } = validateCall(ctx, actor, input);
  const hash = requestHash(input);
  return transact(ctx.database, actor, async (tx) => {
    await sql`SELECT pg_advisory_xact_lock(4201, hashtext(${input.idempotencyKey}))`.execute(tx.db);
    const prior = await sql<CallRow>`SELECT ${CALL_COLUMNS} FROM dispatch_calls c
      WHERE c.idempotency_key = ${input.idempotencyKey}`.execute(tx.db);
    if (prior.rows[0]) return replay(tx, ctx, actor, prior.rows[0], hash);
    const now = new Date();
    const callId = uuidv7();
    const hazards = (input.hazards ?? []).filter((h) => h.trim() !== '');
    let incidentId: string | null = null;
    let handling: CallSummary['handling'] = input.handling === 'referral' ? 'referral' : 'incident';
    let path = place.path;
    if (input.mergeIntoIncidentId) {
      const inc = await lockIncident(tx.db, actor, input.mergeIntoIncidentId);
      if (inc.status === 'closed' || inc.status === 'cancelled') {
        throw conflict('dispatch.incident_inactive', 'That incident is no longer open', {
          status: inc.status,
        });
      }
      handling = 'merged';
      incidentId = inc.id;
      path = inc.path;
      await writeTimeline(tx, inc, {
        kind: 'call_merged',
        text: `Further call merged (${type.code})`,
        details: { callId, typeCode: type.code, narrative: input.narrative ?? '' },
      });
      await updateIncident(tx, inc, {
        call_count: inc.call_count + 1,
        hazards: sql`(SELECT coalesce(array_agg(DISTINCT h), '{}') FROM unnest(hazards || ${pgText(hazards)}::text[]) h)`,
      });
    } else if (handling === 'incident') {
      incidentId = uuidv7();
      await insertIncident(tx, { id: incidentId, input, type: type.code, priority, place, hazards, now });
    }
    await tx.db
      .insertInto('dispatch_calls')
      .values({
        id: callId,
        idempotency_key: input.idempotencyKey,
        request_hash: hash,
        incident_id: incidentId,
        handling,
        caller_name: input.callerName?.trim() || null,
        caller_phone: input.callerPhone?.trim() || null,
        type_code: type.code,
        priority,
        priority_reason: input.priorityReason ?? null,
        lon: input.lon,
        lat: input.lat,
        address: input.address ?? null,
        narrative: input.narrative ?? '',
        hazards: pgText(hazards),
        jurisdiction_path: path,
        received_at: now,
        taken_by: actor.name,
        taken_by_id: actor.id,
        console: actor.console ?? null,
      })
      .execute();
    const referral =
      handling === 'referral' ? await insertReferral(tx, callId, input, type.code, path, now) : null;
    tx.audit({
      action: 'dispatch.call.create',
      targetType: 'call',
      targetId: callId,
      jurisdictionPath: path,
      details: { typeCode: type.code, priority, handling, incidentId },
    });
    tx.emit(
      'dispatch.call.created',
      {
        callId,
        incidentId,
        handling,
        typeCode: type.code,
        priority,
        lon: input.lon,
        lat: input.lat,
        receivedAt: now.toISOString(),
      },
      { jurisdictionPath: path, permission: P.incidentsRead },
    );
    const incident = incidentId
      ? await publishIncident(tx, ctx, incidentId, handling === 'incident' ? 'created' : 'updated')
      : null;
    const duplicates =
      handling === 'incident'
        ? await nearbyOpenIncidents(tx.db, ctx, actor, {
            lon: input.lon,
            lat: input.lat,
            typeCode: type.code,
            at: now.getTime(),
            excludeId: incidentId,
          })
        : [];
    const call =
      await sql<CallRow>`SELECT ${CALL_COLUMNS} FROM dispatch_calls c WHERE c.id = ${callId}`.execute(tx.db);
    return { call: callView(call.rows[0]!), incident, referral, duplicates, replay: false };
  });
}

function pgText(list: readonly string[]): string {
  return `{${list.map((v) => `"${v.replace(/(["\\])/g, '\\$1')}"`).join(',')}}`;
}

async function insertIncident(
  tx: Tx,
  a: {
    id: string;
    input: NewCall;
    type: string;
    priority: number;
    place: { id: string; path: string };
    hazards: string[];
    now: Date;
  },
): Promise<void> {
  await tx.db
    .insertInto('dispatch_incidents')
    .values({
      id: a.id,
      status: 'new',
      type_code: a.type,
      priority: a.priority,
      lon: a.input.lon,
      lat: a.input.lat,
      address: a.input.address ?? null,
      h3: latLngToCell(a.input.lat, a.input.lon, 9),
      jurisdiction_id: a.place.id,
      jurisdiction_path: a.place.path,
      hazards: pgText(a.hazards),
      received_at: a.now,
      last_at: a.now,
    })
    .execute();
  await writeTimeline(
    tx,
    { id: a.id, path: a.place.path, last_at: a.now },
    {
      kind: 'call_received',
      text: `Call received: ${a.type} (priority ${a.priority})`,
      details: {
        typeCode: a.type,
        priority: a.priority,
        narrative: a.input.narrative ?? '',
        address: a.input.address ?? null,
      },
    },
  );
}

async function insertReferral(
  tx: Tx,
  callId: string,
  input: NewCall,
  typeCode: string,
  path: string,
  now: Date,
): Promise<ReferralView> {
  const id = uuidv7();
  const target = input.referTo?.trim() || 'grid';
  await tx.db
    .insertInto('dispatch_referrals')
    .values({ id, call_id: callId, target, status: 'pending', jurisdiction_path: path, created_at: now })
    .execute();
  tx.emit(
    'dispatch.call.referred',
    {
      callId,
      referralId: id,
      target,
      typeCode,
      lon: input.lon,
      lat: input.lat,
      address: input.address ?? null,
      narrative: input.narrative ?? '',
      jurisdictionPath: path,
      receivedAt: now.toISOString(),
    },
    { jurisdictionPath: path, permission: P.incidentsRead },
  );
  return { id, callId, target, status: 'pending', createdAt: now.toISOString() };
}

async function replay(
  tx: Tx,
  ctx: DispatchContext,
  actor: Actor,
  row: CallRow,
  hash: string,
): Promise<CallResult> {
  if (row.request_hash !== hash || !inScope(actor, row.path)) {
    throw conflict(
      'dispatch.idempotency_conflict',
      'This idempotency key was already used for a different call',
    );
  }
  const ref = await sql<{ id: string; target: string; status: string; created_at: Date }>`
    SELECT id, target, status, created_at FROM dispatch_referrals WHERE call_id = ${row.id}`.execute(tx.db);
  const r = ref.rows[0];
  return {
    call: callView(row),
    incident: row.incident_id ? await findIncidentSummary(tx.db, ctx, actor, row.incident_id) : null,
    referral: r
      ? {
          id: r.id,
          callId: row.id,
          target: r.target,
          status: r.status,
          createdAt: r.created_at.toISOString(),
        }
      : null,
    duplicates: [],
    replay: true,
  };
}

/** Reads a caller's name and number for a stated purpose (audited, in the same transaction). */
export async function readCaller(
  ctx: DispatchContext,
  actor: Actor,
  callId: string,
  purpose: string | undefined,
): Promise<{ callerName: string | null; callerPhone: string | null; purged: boolean }> {
  const found = await sql<{ path: string }>`SELECT c.jurisdiction_path::text AS path FROM dispatch_calls c
    WHERE c.id = ${callId} AND ${rowScope('c.jurisdiction_path', actor)}`.execute(ctx.database.db);
  const path = found.rows[0]?.path;
  if (path === undefined) throw new HavenError('dispatch.call_not_found', 404, 'Call not found');
  return readPersonal(
    ctx.database,
    actor,
    { type: 'call', id: callId, jurisdictionPath: path, purpose },
    async (tx) => {
      const res = await sql<{ caller_name: string | null; caller_phone: string | null; purged: boolean }>`
      SELECT caller_name, caller_phone, personal_purged_at IS NOT NULL AS purged
      FROM dispatch_calls WHERE id = ${callId}`.execute(tx.db);
      const row = res.rows[0]!;
      return { callerName: row.caller_name, callerPhone: row.caller_phone, purged: row.purged };
    },
  );
}
