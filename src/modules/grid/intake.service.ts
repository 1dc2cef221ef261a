import { latLngToCell } from 'h3-js';
import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import { type Tx, transact } from '../../core/db/transaction.ts';
import { HavenError, invalid } from '../../core/errors.ts';
import { type Actor, inScope } from '../../core/identity/actor.ts';
import { tokenHash } from '../../core/identity/tokens.ts';
import { definitionOf, type RequestType } from './catalogue.ts';
import type { GridDeps } from './deps.ts';
import { newFollowUpToken } from './domain/follow-up-token.ts';
import { checkAttributes } from './domain/open311-definition.ts';
import type { CleanPhoto } from './domain/photo-check.ts';
import {
  createServiceRequest,
  type RequestState,
  type ServiceRequestRecord,
} from './domain/request-state.ts';
import { GRID } from './permissions.ts';
import { storePhotos } from './photos.ts';
import { pausesJson } from './request-row.ts';
import { intakeContext, type Placement, placeRequest } from './routing.ts';
import { nextActionAt, planFor } from './sla.ts';
import { addTimeline } from './timeline.ts';

/** H3 resolution of the cell stored with each request (~0.1 km², a grid worker's patch). */
export const REQUEST_H3_RESOLUTION = 9;

/** Reporter contact details: personal data. */
export interface ReporterContact {
  firstName?: string | null;
  lastName?: string | null;
  email?: string | null;
  phone?: string | null;
  deviceId?: string | null;
  accountId?: string | null;
}

/** A new service request from any channel. */
export interface NewRequest {
  serviceCode: string;
  lat: number | null;
  lon: number | null;
  address?: string | null;
  addressId?: string | null;
  zipcode?: string | null;
  /** Open311 `jurisdiction_id`: the point must lie inside it; without a point the request is filed there. */
  jurisdictionCode?: string | null;
  description: string | null;
  /** Attribute values by code; checked against the type's definition. */
  attributes?: ReadonlyMap<string, readonly string[]>;
  reporter?: ReporterContact;
  photos?: readonly CleanPhoto[];
  photoKind?: 'report' | 'worker';
  mediaUrl?: string | null;
  source: 'web' | 'open311' | 'worker' | 'staff' | 'dispatch';
  externalId?: string | null;
  private?: boolean;
  /** The place must lie inside the actor's own jurisdictions (scoped API keys). */
  requireActorScope?: boolean;
}

/** What the channel tells the reporter. */
export interface SubmittedRequest {
  id: string;
  publicId: string;
  /** Follow-up token: shown once, stored only as a hash. */
  token: string;
  state: RequestState;
  departmentId: string | null;
  jurisdictionPath: string;
  deadline: string | null;
  serviceType: RequestType['serviceType'];
  photoIds: string[];
}

const staffSources = new Set(['worker', 'staff', 'dispatch']);

/** Checks the type exists and the channel may file it. */
function checkType(type: RequestType | null, actor: Actor, input: NewRequest): RequestType {
  if (!type?.active) {
    throw new HavenError('grid.unknown_service', 404, `Unknown service code ${input.serviceCode}`);
  }
  if (!type.public && !staffSources.has(input.source)) {
    throw new HavenError('grid.unknown_service', 404, `Unknown service code ${input.serviceCode}`);
  }
  if (staffSources.has(input.source) && input.source !== 'dispatch' && actor.kind !== 'system') {
    const needed = input.source === 'worker' ? GRID.worker : GRID.report;
    if (!actor.permissions.has(needed)) throw new HavenError('core.forbidden', 403, `This needs ${needed}`);
  }
  return type;
}

function checkedAttributes(type: RequestType, submitted: ReadonlyMap<string, readonly string[]> | undefined) {
  const r = checkAttributes(definitionOf(type), submitted ?? new Map());
  if (!r.ok) {
    throw invalid('grid.bad_attributes', r.errors.map((e) => e.description).join('; '), {
      errors: r.errors.map((e) => ({ path: 'attributes', message: e.description })),
    });
  }
  return r.values;
}

const trimOrNull = (v: string | null | undefined, max = 255): string | null => {
  const t = v?.trim() ?? '';
  return t === '' ? null : t.slice(0, max);
};

/**
 * Files a new request: checks type and attributes, places it (location -> grid cell ->
 * jurisdiction), routes it by the responsibility matrix (or leaves it with the service centre),
 * computes its deadline, stores photos, writes the timeline, audits and emits.
 */
export function submitRequest(deps: GridDeps, actor: Actor, input: NewRequest): Promise<SubmittedRequest> {
  return transact(deps.database, actor, (tx) => submitInTx(tx, deps, input));
}

/** submitRequest inside an open transaction (durable consumers file requests in theirs). */
export async function submitInTx(
  tx: Tx,
  deps: GridDeps,
  input: NewRequest,
  placed?: Placement,
): Promise<SubmittedRequest> {
  if (input.description && input.description.length > 4000) {
    throw invalid('grid.description_too_long', 'A description may have at most 4,000 characters');
  }
  const placement = placed ?? (await placeRequest(tx.db, deps.jurisdictions, input));
  const ctx = await intakeContext(tx.db, input.serviceCode, placement.jurisdictionPath);
  const type = checkType(ctx.type, tx.actor, input);
  const attributes = checkedAttributes(type, input.attributes);
  if (input.requireActorScope && !inScope(tx.actor, placement.jurisdictionPath)) {
    throw new HavenError('grid.outside_key_scope', 403, 'The API key is not valid for this jurisdiction');
  }
  const now = deps.clock();
  const id = uuidv7();
  const token = newFollowUpToken();
  const { request } = createServiceRequest({
    id,
    serviceCode: type.code,
    jurisdictionPath: placement.jurisdictionPath,
    now,
    route: ctx.route,
  });
  const plan = planFor(request, type, ctx.calendar, now);
  const publicId = await insertRow(tx, input, {
    id,
    request,
    attributes,
    deadline: plan?.deadline ?? null,
    next: nextActionAt(plan, { reminded: [], escalationLevel: 0 }, request.state),
    now,
    token,
  });
  const photoIds = await storePhotos(tx, id, input.photoKind ?? 'report', input.photos ?? [], now);
  await recordCreation(tx, { id, publicId, type, request, now, input, photoIds, located: placement.located });
  return {
    id,
    publicId,
    token,
    state: request.state,
    departmentId: request.departmentId,
    jurisdictionPath: request.jurisdictionPath,
    deadline: plan?.deadline.toISOString() ?? null,
    serviceType: type.serviceType,
    photoIds,
  };
}

async function insertRow(
  tx: Tx,
  input: NewRequest,
  v: {
    id: string;
    request: ServiceRequestRecord;
    attributes: Record<string, string | string[]>;
    deadline: Date | null;
    next: Date | null;
    now: Date;
    token: string;
  },
): Promise<string> {
  const r = input.reporter ?? {};
  const h3 =
    input.lat !== null && input.lon !== null
      ? latLngToCell(input.lat, input.lon, REQUEST_H3_RESOLUTION)
      : null;
  const { request: q, now } = v;
  const res = await sql<{
    public_id: string;
  }>`INSERT INTO grid_requests (id, public_id, service_code, jurisdiction_path, h3_cell, lat, lon,
      address, address_id, zipcode, description, attributes, state, department_id, pauses, sla_start,
      deadline, next_action_at, submitted_at, updated_at, source, external_id, media_url, private, token_hash,
      reporter_first_name, reporter_last_name, reporter_email, reporter_phone, reporter_device_id,
      reporter_account_id, created_by)
    VALUES (${v.id}, 'GR' || nextval('grid_request_number_seq'), ${q.serviceCode}, ${q.jurisdictionPath}::ltree, ${h3}, ${input.lat}, ${input.lon},
      ${trimOrNull(input.address, 500)}, ${trimOrNull(input.addressId)}, ${trimOrNull(input.zipcode, 20)},
      ${input.description?.trim() || null}, ${JSON.stringify(v.attributes)}::jsonb, ${q.state},
      ${q.departmentId}, ${pausesJson(q.pauses)}::jsonb, ${now}, ${v.deadline}, ${v.next},
      ${now}, ${now}, ${input.source}, ${input.externalId ?? null}, ${trimOrNull(input.mediaUrl, 1000)},
      ${input.private ?? false}, ${tokenHash(v.token)},
      ${trimOrNull(r.firstName)}, ${trimOrNull(r.lastName)}, ${trimOrNull(r.email)}, ${trimOrNull(r.phone, 40)},
      ${trimOrNull(r.deviceId)}, ${trimOrNull(r.accountId)}, ${tx.actor.id})
    RETURNING public_id`.execute(tx.db);
  return res.rows[0]!.public_id;
}

async function recordCreation(
  tx: Tx,
  c: {
    id: string;
    publicId: string;
    type: RequestType;
    request: { state: RequestState; departmentId: string | null; jurisdictionPath: string };
    now: Date;
    input: NewRequest;
    photoIds: string[];
    located: boolean;
  },
): Promise<void> {
  await addTimeline(tx, {
    requestId: c.id,
    at: c.now,
    kind: 'submitted',
    to: c.request.state,
    public: true,
    details: {
      source: c.input.source,
      departmentId: c.request.departmentId,
      photos: c.photoIds.length,
      located: c.located,
    },
  });
  tx.audit({
    action: 'grid.request.created',
    targetType: 'grid_request',
    targetId: c.id,
    jurisdictionPath: c.request.jurisdictionPath,
    details: { publicId: c.publicId, serviceCode: c.type.code, source: c.input.source },
  });
  tx.emit(
    'grid.request.created',
    {
      id: c.id,
      publicId: c.publicId,
      serviceCode: c.type.code,
      state: c.request.state,
      departmentId: c.request.departmentId,
      jurisdictionPath: c.request.jurisdictionPath,
    },
    { jurisdictionPath: c.request.jurisdictionPath, permission: GRID.read },
  );
}
