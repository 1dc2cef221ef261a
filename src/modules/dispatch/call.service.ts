import { createHash } from 'node:crypto';
import { latLngToCell } from 'h3-js';
import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import { type AuditEntry, type Tx, transact, writeInOneStatement } from '../../core/db/transaction.ts';
import { conflict, invalid } from '../../core/errors.ts';
import { type Actor, inScope } from '../../core/identity/actor.ts';
import { CALL_COLUMNS, type CallRow, callView } from './call-view.ts';
import type { DispatchContext } from './context.ts';
import type { CallSummary, IncidentSummary } from './dispatch-events.ts';
import type { GeocodeCandidate } from './domain/gazetteer.ts';
import { isValidLatLon } from './domain/geo.ts';
import { assertPriorityChange } from './domain/incident-state.ts';
import { getIncidentType, type IncidentType } from './domain/incident-type.ts';
import { resolveAddress } from './geocode.service.ts';
import { findIncidentSummary } from './incident-read.ts';
import { publishIncident, updateIncident, writeTimeline } from './incident-write.ts';
import { type DuplicateView, nearbyOpenIncidentsJson, rankNearby } from './nearby.ts';
import { P } from './permissions.ts';
import { lockIncident } from './scope.ts';
import { type IncidentRow, incidentSummary } from './views.ts';

/** A call as the call taker submits it (docs/api/dispatch.md `NewCall`). */
export interface NewCall {
  idempotencyKey: string;
  callerName?: string;
  callerPhone?: string;
  /** Coordinates; both may be left out when `address` names one place confidently. */
  lon?: number;
  lat?: number;
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

/** A call whose location is known (given, or geocoded from its address). */
type LocatedCall = NewCall & { lon: number; lat: number };

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
  /** The place the address text was resolved to, when the call came without coordinates. */
  geocoded: GeocodeCandidate | null;
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
function validateCall(ctx: DispatchContext, actor: Actor, input: LocatedCall) {
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
 * non-emergency call. The idempotency key makes a retried submission return the first answer
 * (two racing submissions of one key: the unique index stops the second, which then replays).
 */
export async function createCall(ctx: DispatchContext, actor: Actor, raw: NewCall): Promise<CallResult> {
  const { input, geocoded } = await locateCall(ctx, actor, raw);
  const checked = validateCall(ctx, actor, input);
  // Hashed as sent: a retry without coordinates replays even if the gazetteer has changed since.
  const hash = requestHash(raw);
  const once = async (seenBefore: boolean) => ({
    ...(await createCallOnce(ctx, actor, input, checked, hash, seenBefore)),
    geocoded,
  });
  try {
    // Keys are almost always new: try the insert, and look for the earlier call only if the
    // unique index says there is one (one query less on the intake path).
    return await once(false);
  } catch (e) {
    const err = e as { code?: string; message?: string; constraint?: string };
    const clash =
      err?.code === '23505' &&
      (err.constraint === 'dispatch_calls_idempotency' ||
        String(err.message).includes('dispatch_calls_idempotency'));
    if (clash) return once(true);
    throw e;
  }
}

/** Coordinates as given, or from the address text when both are left out (422 when it is not one place). */
async function locateCall(
  ctx: DispatchContext,
  actor: Actor,
  raw: NewCall,
): Promise<{ input: LocatedCall; geocoded: GeocodeCandidate | null }> {
  if (raw.lon !== undefined && raw.lat !== undefined) return { input: raw as LocatedCall, geocoded: null };
  if (raw.lon !== undefined || raw.lat !== undefined || !raw.address?.trim()) {
    throw invalid('dispatch.location_required', 'Give both coordinates, or an address to look up');
  }
  const geocoded = await resolveAddress(ctx, actor, raw.address);
  return { input: { ...raw, lon: geocoded.lon, lat: geocoded.lat }, geocoded };
}

type Checked = ReturnType<typeof validateCall>;

async function createCallOnce(
  ctx: DispatchContext,
  actor: Actor,
  input: LocatedCall,
  { place, type, priority }: Checked,
  hash: string,
  seenBefore: boolean,
): Promise<Omit<CallResult, 'geocoded'>> {
  if (seenBefore) {
    const replayed = await transact(ctx.database, actor, async (tx) => {
      const prior = await sql<CallRow>`SELECT ${CALL_COLUMNS} FROM dispatch_calls c
        WHERE c.idempotency_key = ${input.idempotencyKey}`.execute(tx.db);
      return prior.rows[0] ? replay(tx, ctx, actor, prior.rows[0], hash) : null;
    });
    if (replayed) return replayed;
  }
  const now = new Date();
  const call: CallRow = {
    id: uuidv7(),
    incident_id: null,
    received_at: now,
    type_code: type.code,
    priority,
    lon: input.lon,
    lat: input.lat,
    address: input.address ?? null,
    narrative: input.narrative ?? '',
    hazards: (input.hazards ?? []).filter((h) => h.trim() !== ''),
    has_caller: Boolean(input.callerName?.trim() || input.callerPhone?.trim()),
    handling: input.handling === 'referral' ? 'referral' : input.mergeIntoIncidentId ? 'merged' : 'incident',
    taken_by: actor.name,
    request_hash: hash,
    path: place.path,
  };
  if (call.handling === 'incident') return insertIncidentWithCall(ctx, actor, input, call, place);
  return transact(ctx.database, actor, async (tx) => {
    let incident: IncidentSummary | null = null;
    let referral: ReferralView | null = null;
    if (call.handling === 'merged') await mergeCall(tx, actor, input, call);
    await insertCall(tx, input, call);
    if (call.handling === 'referral')
      referral = await insertReferral(tx, call.id, input, type.code, call.path, now);
    else incident = await publishIncident(tx, ctx, call.incident_id!);
    tx.audit(callAudit(call));
    // A new incident is announced once, by dispatch.incident.created (one message per call to
    // every console); the call event tells what that does not: a merged or referred call.
    tx.emit(
      'dispatch.call.created',
      {
        callId: call.id,
        incidentId: call.incident_id,
        handling: call.handling,
        typeCode: type.code,
        priority,
        lon: input.lon,
        lat: input.lat,
        receivedAt: now.toISOString(),
      },
      { jurisdictionPath: call.path, permission: P.incidentsRead },
    );
    return { call: callView(call), incident, referral, duplicates: [], replay: false };
  });
}

function callAudit(call: CallRow): AuditEntry {
  return {
    action: 'dispatch.call.create',
    targetType: 'call',
    targetId: call.id,
    jurisdictionPath: call.path,
    details: {
      typeCode: call.type_code,
      priority: call.priority,
      handling: call.handling,
      incidentId: call.incident_id,
    },
  };
}

/** Attaches the call to an open incident in scope (timeline, call count, hazards). */
async function mergeCall(tx: Tx, actor: Actor, input: NewCall, call: CallRow): Promise<void> {
  const inc = await lockIncident(tx.db, actor, input.mergeIntoIncidentId!);
  if (inc.status === 'closed' || inc.status === 'cancelled') {
    throw conflict('dispatch.incident_inactive', 'That incident is no longer open', { status: inc.status });
  }
  call.incident_id = inc.id;
  call.path = inc.path;
  await writeTimeline(tx, inc, {
    kind: 'call_merged',
    text: `Further call merged (${call.type_code})`,
    details: { callId: call.id, typeCode: call.type_code, narrative: call.narrative },
  });
  await updateIncident(tx, inc, {
    call_count: inc.call_count + 1,
    hazards: sql`(SELECT coalesce(array_agg(DISTINCT h), '{}') FROM unnest(hazards || ${pgText(call.hazards)}::text[]) h)`,
  });
}

async function insertCall(tx: Tx, input: NewCall, call: CallRow): Promise<void> {
  await tx.db
    .insertInto('dispatch_calls')
    .values(callValues(tx.actor, input, call))
    .execute();
}

function callValues(actor: Actor, input: NewCall, call: CallRow) {
  return {
    id: call.id,
    idempotency_key: input.idempotencyKey,
    request_hash: call.request_hash,
    incident_id: call.incident_id,
    handling: call.handling,
    caller_name: input.callerName?.trim() || null,
    caller_phone: input.callerPhone?.trim() || null,
    type_code: call.type_code,
    priority: call.priority,
    priority_reason: input.priorityReason ?? null,
    lon: call.lon,
    lat: call.lat,
    address: call.address,
    narrative: call.narrative,
    hazards: pgText(call.hazards),
    jurisdiction_path: call.path,
    received_at: call.received_at,
    taken_by: actor.name,
    taken_by_id: actor.id,
    console: actor.console ?? null,
  };
}

function pgText(list: readonly string[]): string {
  return `{${list.map((v) => `"${v.replace(/(["\\])/g, '\\$1')}"`).join(',')}}`;
}

/**
 * The common case in one statement: the incident, its first timeline line and the call (the
 * intake path is latency-critical), then its summary built without reading it back.
 */
async function insertIncidentWithCall(
  ctx: DispatchContext,
  actor: Actor,
  input: NewCall,
  call: CallRow,
  place: { id: string; path: string },
): Promise<Omit<CallResult, 'geocoded'>> {
  const id = uuidv7();
  call.incident_id = id;
  const at = call.received_at;
  const entry = {
    id: uuidv7(),
    at,
    kind: 'call_received',
    text: `Call received: ${call.type_code} (priority ${call.priority})`,
    unit_id: null,
    actor_name: actor.name,
    console: actor.console ?? null,
    details: {
      typeCode: call.type_code,
      priority: call.priority,
      narrative: call.narrative,
      address: call.address,
    },
  };
  const c = callValues(actor, input, call);
  const beat = ctx.areas.locate('patrol.beats', call.lon, call.lat, at)?.code ?? null;
  const h3 = latLngToCell(call.lat, call.lon, 9);
  // Duplicates are looked for in the same statement; its snapshot cannot see the new incident.
  const nearby = { lon: call.lon, lat: call.lat, typeCode: call.type_code, at: at.getTime() };
  const ctes = sql`inc AS (
      INSERT INTO dispatch_incidents (id, status, type_code, priority, lon, lat, address, h3, jurisdiction_id,
        jurisdiction_path, beat_code, hazards, received_at, last_at)
      VALUES (${id}, 'new', ${call.type_code}, ${call.priority}, ${call.lon}, ${call.lat}, ${call.address},
        ${h3}, ${place.id}, ${place.path}::ltree, ${beat}, ${c.hazards}::text[], ${at}, ${at})
      RETURNING number),
    tl AS (
      INSERT INTO dispatch_timeline (id, incident_id, at, kind, text, unit_id, actor_id, actor_name, console, details,
        jurisdiction_path)
      VALUES (${entry.id}, ${id}, ${at}, ${entry.kind}, ${entry.text}, NULL, ${actor.id}, ${entry.actor_name},
        ${entry.console}, ${JSON.stringify(entry.details)}::jsonb, ${place.path}::ltree)),
    cl AS (
      INSERT INTO dispatch_calls (id, idempotency_key, request_hash, incident_id, handling, caller_name, caller_phone,
        type_code, priority, priority_reason, lon, lat, address, narrative, hazards, jurisdiction_path, received_at,
        taken_by, taken_by_id, console)
      VALUES (${c.id}, ${c.idempotency_key}, ${c.request_hash}, ${id}, 'incident', ${c.caller_name}, ${c.caller_phone},
        ${c.type_code}, ${c.priority}, ${c.priority_reason}, ${c.lon}, ${c.lat}, ${c.address}, ${c.narrative},
        ${c.hazards}::text[], ${place.path}::ltree, ${at}, ${c.taken_by}, ${c.taken_by_id}, ${c.console}))`;
  const select = sql<{
    number: string;
    name_zh: string | null;
    name_en: string | null;
    nearby: unknown;
  }>`SELECT inc.number::text AS number, j.name_zh, j.name_en, ${nearbyOpenIncidentsJson(actor, nearby)} AS nearby
    FROM inc LEFT JOIN jurisdictions j ON j.id = ${place.id}`;
  const row: IncidentRow = {
    id,
    number: '0',
    status: 'new',
    type_code: call.type_code,
    priority: call.priority as IncidentRow['priority'],
    alarm_level: 1,
    lon: call.lon,
    lat: call.lat,
    address: call.address,
    h3,
    jurisdiction_id: place.id,
    path: place.path,
    beat_code: beat,
    name_zh: null,
    name_en: null,
    hazards: call.hazards,
    call_count: 1,
    received_at: at,
    dispatched_at: null,
    en_route_at: null,
    on_scene_at: null,
    cleared_at: null,
    closed_at: null,
    cancelled_at: null,
    disposition: null,
    cancel_reason: null,
    last_at: at,
    updated_at: at,
    active: [],
  };
  // No timeline event for the first line: nobody can have the new incident open yet, and the
  // intake event fan-out to every console is the hot path (docs/api/dispatch.md).
  const draft = incidentSummary(row, ctx.catalogue.catalogue, ctx.catalogue.thresholds, Date.now());
  // The number comes from a sequence and the names from the jurisdiction table, inside the
  // statement: the event gets them as a patch, formatted as incidentSummary formats them.
  const payloadPatch = sql`(SELECT jsonb_build_object('number', 'I-' || CASE WHEN length(inc.number::text) >= 6
      THEN inc.number::text ELSE lpad(inc.number::text, 6, '0') END,
    'jurisdictionName', CASE WHEN j.name_zh IS NULL THEN NULL
      ELSE jsonb_build_object('zh', j.name_zh, 'en', coalesce(j.name_en, j.name_zh)) END)
    FROM inc LEFT JOIN jurisdictions j ON j.id = ${place.id})`;
  const scope = { jurisdictionPath: place.path, permission: P.incidentsRead };
  const rows = await writeInOneStatement(
    ctx.database,
    actor,
    { ctes, select, payloadPatch },
    [{ type: 'dispatch.incident.created', payload: draft, scope }],
    [callAudit(call)],
  );
  const r = rows[0]!;
  const incident = incidentSummary(
    { ...row, number: r.number, name_zh: r.name_zh, name_en: r.name_en },
    ctx.catalogue.catalogue,
    ctx.catalogue.thresholds,
    Date.now(),
  );
  return {
    call: callView(call),
    incident,
    referral: null,
    duplicates: rankNearby(ctx, nearby, r.nearby as Parameters<typeof rankNearby>[2]),
    replay: false,
  };
}

async function insertReferral(
  tx: Tx,
  callId: string,
  input: LocatedCall,
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
): Promise<Omit<CallResult, 'geocoded'>> {
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
