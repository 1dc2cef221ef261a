import { sql } from 'kysely';
import { pgArray } from '../../core/db/sql-values.ts';
import { transact } from '../../core/db/transaction.ts';
import { invalid, notFound } from '../../core/errors.ts';
import type { Actor } from '../../core/identity/actor.ts';
import { readPersonal } from '../../core/privacy/personal-read.ts';
import { applyInTx, lockRequest } from './actions.service.ts';
import { loadType } from './catalogue.ts';
import type { GridDeps } from './deps.ts';
import type { CleanPhoto } from './domain/photo-check.ts';
import { allowedEvents, open311Status, type RequestEvent } from './domain/request-state.ts';
import { GRID } from './permissions.ts';
import { listPhotos, type PhotoInfo, storePhotos } from './photos.ts';
import { REQUEST_COLUMNS, type RequestRow } from './request-row.ts';
import { inScope, requestIdMatch } from './scope.ts';
import { addTimeline, readTimeline, type TimelineItem } from './timeline.ts';

/** A request as staff see it: everything but the reporter's contact details. */
export interface StaffRequestView {
  id: string;
  publicId: string;
  serviceCode: string;
  typeNameZh: string;
  typeNameEn: string;
  state: string;
  status: 'open' | 'closed';
  allowedActions: string[];
  jurisdictionPath: string;
  h3Cell: string | null;
  lat: number | null;
  lon: number | null;
  address: string | null;
  description: string | null;
  publicDescription: string | null;
  attributes: Record<string, string | string[]>;
  departmentId: string | null;
  coHandlers: { departmentId: string; done: boolean; note: string | null }[];
  duplicateOf: string | null;
  assigneeId: string | null;
  submittedAt: string;
  updatedAt: string;
  deadline: string | null;
  escalationLevel: number;
  escalatedTo: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
  closedOnTime: boolean | null;
  statusNotes: string | null;
  reopenCount: number;
  source: string;
  private: boolean;
  rating: number | null;
  ratingComment: string | null;
  hasReporterContact: boolean;
  personalPurged: boolean;
  photos: PhotoInfo[];
  timeline: TimelineItem[];
  duplicates: { id: string; publicId: string }[];
}

async function readRow(deps: GridDeps, actor: Actor, id: string): Promise<RequestRow> {
  const res = await sql<RequestRow>`SELECT ${sql.raw(REQUEST_COLUMNS)} FROM grid_requests r
    WHERE ${requestIdMatch(id)} AND ${inScope(actor)}`.execute(deps.database.db);
  const row = res.rows[0];
  if (!row) throw notFound('Service request');
  return row;
}

/** One request in the actor's subtree with photos, full timeline and allowed actions. */
export async function getRequest(deps: GridDeps, actor: Actor, id: string): Promise<StaffRequestView> {
  const r = await readRow(deps, actor, id);
  const db = deps.database.db;
  const type = await loadType(db, r.service_code);
  const dups = await sql<{ id: string; public_id: string }>`SELECT id, public_id FROM grid_requests
    WHERE duplicate_of = ${r.id} ORDER BY submitted_at`.execute(db);
  return {
    id: r.id,
    publicId: r.public_id,
    serviceCode: r.service_code,
    typeNameZh: type?.nameZh ?? r.service_code,
    typeNameEn: type?.nameEn ?? r.service_code,
    state: r.state,
    status: open311Status(r.state),
    allowedActions: allowedEvents(r.state),
    jurisdictionPath: r.jurisdiction_path,
    h3Cell: r.h3_cell,
    lat: r.lat,
    lon: r.lon,
    address: r.address,
    description: r.description,
    publicDescription: r.public_description,
    attributes: r.attributes,
    departmentId: r.department_id,
    coHandlers: r.co_handlers,
    duplicateOf: r.duplicate_of,
    assigneeId: r.assignee_id,
    submittedAt: r.submitted_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    deadline: r.deadline?.toISOString() ?? null,
    escalationLevel: r.escalation_level,
    escalatedTo: r.escalated_to,
    resolvedAt: r.resolved_at?.toISOString() ?? null,
    closedAt: r.closed_at?.toISOString() ?? null,
    closedOnTime: r.closed_on_time,
    statusNotes: r.status_notes,
    reopenCount: r.reopen_count,
    source: r.source,
    private: r.private,
    rating: r.rating,
    ratingComment: r.rating_comment,
    hasReporterContact: r.has_contact,
    personalPurged: r.personal_purged_at !== null,
    photos: await listPhotos(db, r.id, false),
    timeline: await readTimeline(db, r.id, false),
    duplicates: dups.rows.map((d) => ({ id: d.id, publicId: d.public_id })),
  };
}

/** Reporter contact details. */
export interface ReporterDetails {
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phone: string | null;
  deviceId: string | null;
  accountId: string | null;
  purged: boolean;
}

/** Reads the reporter's contact details for a stated purpose (core readPersonal: audited). */
export async function readReporter(
  deps: GridDeps,
  actor: Actor,
  id: string,
  purpose: string | undefined,
): Promise<ReporterDetails> {
  const row = await readRow(deps, actor, id);
  return readPersonal(
    deps.database,
    actor,
    { type: 'grid_request', id: row.id, jurisdictionPath: row.jurisdiction_path, purpose },
    async (tx) => {
      const res = await sql<{
        reporter_first_name: string | null;
        reporter_last_name: string | null;
        reporter_email: string | null;
        reporter_phone: string | null;
        reporter_device_id: string | null;
        reporter_account_id: string | null;
        personal_purged_at: Date | null;
      }>`SELECT reporter_first_name, reporter_last_name, reporter_email, reporter_phone, reporter_device_id,
          reporter_account_id, personal_purged_at FROM grid_requests WHERE id = ${row.id}`.execute(tx.db);
      const r = res.rows[0]!;
      return {
        firstName: r.reporter_first_name,
        lastName: r.reporter_last_name,
        email: r.reporter_email,
        phone: r.reporter_phone,
        deviceId: r.reporter_device_id,
        accountId: r.reporter_account_id,
        purged: r.personal_purged_at !== null,
      };
    },
  );
}

/** Assigns a request to a member of staff (or clears the assignment). */
export async function assignRequest(
  deps: GridDeps,
  actor: Actor,
  id: string,
  userId: string | null,
): Promise<void> {
  const now = deps.clock();
  await transact(deps.database, actor, async (tx) => {
    const row = await lockRequest(tx, id);
    if (userId) {
      const u = await sql`SELECT 1 FROM users WHERE id = ${userId}::uuid AND NOT disabled`.execute(tx.db);
      if (u.rows.length === 0) throw invalid('grid.unknown_user', 'Unknown or disabled user');
    }
    await sql`UPDATE grid_requests SET assignee_id = ${userId}::uuid, updated_at = ${now} WHERE id = ${row.id}`.execute(
      tx.db,
    );
    await addTimeline(tx, {
      requestId: row.id,
      at: now,
      kind: 'assigned',
      public: false,
      details: { userId },
    });
    tx.audit({
      action: 'grid.request.assigned',
      targetType: 'grid_request',
      targetId: row.id,
      jurisdictionPath: row.jurisdiction_path,
      details: { userId },
    });
  });
}

/** Adds an internal note (or, with `public`, a message the reporter sees). */
export async function addNote(
  deps: GridDeps,
  actor: Actor,
  id: string,
  note: string,
  isPublic: boolean,
): Promise<void> {
  const now = deps.clock();
  await transact(deps.database, actor, async (tx) => {
    const row = await lockRequest(tx, id);
    await addTimeline(tx, { requestId: row.id, at: now, kind: 'note', note, public: isPublic });
    await sql`UPDATE grid_requests SET updated_at = ${now} WHERE id = ${row.id}`.execute(tx.db);
    tx.audit({
      action: 'grid.request.noted',
      targetType: 'grid_request',
      targetId: row.id,
      jurisdictionPath: row.jurisdiction_path,
      details: { public: isPublic },
    });
  });
}

/** Redaction: public wording of the description, photos hidden from (or shown to) the public. */
export interface Redaction {
  publicDescription?: string | null;
  hidePhotoIds?: string[];
  showPhotoIds?: string[];
  private?: boolean;
}

/** Redacts text and photos and sets the private flag (private requests never appear publicly). */
export async function redactRequest(deps: GridDeps, actor: Actor, id: string, red: Redaction): Promise<void> {
  const now = deps.clock();
  await transact(deps.database, actor, async (tx) => {
    const row = await lockRequest(tx, id);
    if (red.publicDescription !== undefined || red.private !== undefined) {
      await sql`UPDATE grid_requests SET
          public_description = CASE WHEN ${red.publicDescription !== undefined} THEN ${red.publicDescription ?? null}
            ELSE public_description END,
          private = coalesce(${red.private ?? null}::boolean, private), updated_at = ${now}
        WHERE id = ${row.id}`.execute(tx.db);
    }
    for (const [ids, hide] of [
      [red.hidePhotoIds ?? [], true],
      [red.showPhotoIds ?? [], false],
    ] as const) {
      if (ids.length === 0) continue;
      await sql`UPDATE grid_photos SET redacted = ${hide} WHERE request_id = ${row.id}
        AND id = ANY(${pgArray(ids)}::uuid[])`.execute(tx.db);
    }
    const details = {
      descriptionRedacted: red.publicDescription !== undefined ? red.publicDescription !== null : undefined,
      hidden: red.hidePhotoIds?.length ?? 0,
      shown: red.showPhotoIds?.length ?? 0,
      private: red.private,
    };
    await addTimeline(tx, { requestId: row.id, at: now, kind: 'redacted', public: false, details });
    tx.audit({
      action: 'grid.request.redacted',
      targetType: 'grid_request',
      targetId: row.id,
      jurisdictionPath: row.jurisdiction_path,
      details,
    });
  });
}

/** Adds photos to a request as staff (e.g. from the field). */
export async function addStaffPhotos(
  deps: GridDeps,
  actor: Actor,
  id: string,
  kind: 'report' | 'resolution' | 'worker',
  photos: readonly CleanPhoto[],
): Promise<string[]> {
  const now = deps.clock();
  return transact(deps.database, actor, async (tx) => {
    const row = await lockRequest(tx, id);
    const ids = await storePhotos(tx, row.id, kind, photos, now);
    await addTimeline(tx, {
      requestId: row.id,
      at: now,
      kind: 'photo',
      public: kind === 'resolution',
      details: { photoIds: ids, kind },
    });
    tx.audit({
      action: 'grid.request.photo_added',
      targetType: 'grid_request',
      targetId: row.id,
      jurisdictionPath: row.jurisdiction_path,
      details: { count: ids.length, kind },
    });
    return ids;
  });
}

/** Open requests near a request: same type within its duplicate radius (candidates to merge). */
export async function nearbyRequests(
  deps: GridDeps,
  actor: Actor,
  id: string,
): Promise<{ id: string; publicId: string; state: string; distanceM: number; submittedAt: string }[]> {
  const r = await readRow(deps, actor, id);
  if (r.lat === null || r.lon === null) return [];
  const type = await loadType(deps.database.db, r.service_code);
  const radius = Math.max(type?.duplicateRadiusM ?? 50, 1);
  const dLat = radius / 111_320;
  const dLon = radius / (111_320 * Math.max(Math.cos((r.lat * Math.PI) / 180), 0.01));
  const res = await sql<{ id: string; public_id: string; state: string; d: number; submitted_at: Date }>`
    SELECT * FROM (SELECT r.id, r.public_id, r.state, r.submitted_at,
        2 * 6371008.8 * asin(sqrt(power(sin(radians(r.lat - ${r.lat}) / 2), 2) + cos(radians(${r.lat}))
          * cos(radians(r.lat)) * power(sin(radians(r.lon - ${r.lon}) / 2), 2))) AS d
      FROM grid_requests r
      WHERE ${inScope(actor)} AND r.id <> ${r.id} AND r.service_code = ${r.service_code}
        AND r.state IN ('submitted', 'accepted', 'in_progress', 'waiting_reporter', 'returned')
        AND r.lat BETWEEN ${r.lat - dLat} AND ${r.lat + dLat} AND r.lon BETWEEN ${r.lon - dLon} AND ${r.lon + dLon}) x
    WHERE d <= ${radius} ORDER BY d LIMIT 20`.execute(deps.database.db);
  return res.rows.map((x) => ({
    id: x.id,
    publicId: x.public_id,
    state: x.state,
    distanceM: Math.round(x.d),
    submittedAt: x.submitted_at.toISOString(),
  }));
}

/** One bulk action over many requests (each in its own transaction; failures reported per id). */
export type BulkAction =
  | { action: 'assign'; userId: string | null }
  | { action: 'event'; event: RequestEvent }
  | { action: 'private'; private: boolean };

/** Applies a bulk action; returns per-request outcomes. */
export async function bulkAction(
  deps: GridDeps,
  actor: Actor,
  ids: readonly string[],
  bulk: BulkAction,
): Promise<{ id: string; ok: boolean; error?: string }[]> {
  const out: { id: string; ok: boolean; error?: string }[] = [];
  for (const id of ids) {
    try {
      if (bulk.action === 'assign') await assignRequest(deps, actor, id, bulk.userId);
      else if (bulk.action === 'private') await redactRequest(deps, actor, id, { private: bulk.private });
      else {
        const now = deps.clock();
        await transact(deps.database, actor, async (tx) =>
          applyInTx(tx, await lockRequest(tx, id), bulk.event, now),
        );
      }
      out.push({ id, ok: true });
    } catch (err) {
      out.push({ id, ok: false, error: err instanceof Error ? err.message : String(err) });
    }
  }
  return out;
}

/** Whether an actor may read reporter contact details. */
export function mayReadReporter(actor: Actor): boolean {
  return actor.kind === 'system' || actor.permissions.has(GRID.reporterRead);
}
