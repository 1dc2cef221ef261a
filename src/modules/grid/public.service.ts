import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { type Tx, transact } from '../../core/db/transaction.ts';
import { conflict, HavenError, notFound } from '../../core/errors.ts';
import type { Actor } from '../../core/identity/actor.ts';
import { tokenHash } from '../../core/identity/tokens.ts';
import { applyInTx, REOPEN_WINDOW_MS } from './actions.service.ts';
import { loadType } from './catalogue.ts';
import type { GridDeps } from './deps.ts';
import { isFollowUpToken } from './domain/follow-up-token.ts';
import type { CleanPhoto } from './domain/photo-check.ts';
import { open311Status, type RequestState } from './domain/request-state.ts';
import { listPhotos, storePhotos } from './photos.ts';
import { REQUEST_COLUMNS, type RequestRow } from './request-row.ts';
import { addTimeline, readTimeline, type TimelineItem } from './timeline.ts';

/** Failed token lookups a client may make per window before every lookup is refused. */
export const MAX_LOOKUP_FAILURES = 10;
/** Length of a throttling window. */
export const LOOKUP_WINDOW_MS = 15 * 60_000;

/** What the reporter sees when following a request with the token. */
export interface FollowView {
  publicId: string;
  serviceCode: string;
  typeNameZh: string;
  typeNameEn: string;
  state: RequestState;
  status: 'open' | 'closed';
  statusNotes: string | null;
  description: string | null;
  address: string | null;
  lat: number | null;
  lon: number | null;
  submittedAt: string;
  updatedAt: string;
  deadline: string | null;
  rating: number | null;
  canRate: boolean;
  canReopen: boolean;
  reopenUntil: string | null;
  waitingForReporter: boolean;
  photos: { id: string; kind: string; contentType: string }[];
  timeline: TimelineItem[];
}

const clientKey = (ip: string) => createHash('sha256').update(`grid-lookup:${ip}`).digest('hex');

function windowStart(now: Date): Date {
  return new Date(Math.floor(+now / LOOKUP_WINDOW_MS) * LOOKUP_WINDOW_MS);
}

/** Refuses every lookup from a client that failed too often in the current window (all nodes share it). */
async function assertNotThrottled(deps: GridDeps, ip: string, now: Date): Promise<void> {
  const res = await sql<{ failures: number }>`SELECT failures FROM grid_lookup_failures
    WHERE client_key = ${clientKey(ip)} AND window_start = ${windowStart(now)}`.execute(deps.database.db);
  if ((res.rows[0]?.failures ?? 0) >= MAX_LOOKUP_FAILURES) {
    const retryAfter = Math.ceil((+windowStart(now) + LOOKUP_WINDOW_MS - +now) / 1000);
    throw new HavenError('grid.too_many_attempts', 429, 'Too many wrong tokens; try again later', {
      retryAfter,
    });
  }
}

async function recordFailure(deps: GridDeps, ip: string, now: Date): Promise<void> {
  await sql`INSERT INTO grid_lookup_failures (client_key, window_start, failures)
    VALUES (${clientKey(ip)}, ${windowStart(now)}, 1)
    ON CONFLICT (client_key, window_start) DO UPDATE SET failures = grid_lookup_failures.failures + 1`.execute(
    deps.database.db,
  );
}

/**
 * Finds the request of a follow-up token. Wrong tokens count against the client (by IP) and
 * after MAX_LOOKUP_FAILURES per window every lookup from it gets 429, so tokens (144 random
 * bits) cannot be guessed by trying.
 */
export async function requestIdByToken(deps: GridDeps, token: string, ip: string): Promise<string> {
  const now = deps.clock();
  await assertNotThrottled(deps, ip, now);
  const res = isFollowUpToken(token)
    ? await sql<{ id: string }>`SELECT id FROM grid_requests WHERE token_hash = ${tokenHash(token)}`.execute(
        deps.database.db,
      )
    : { rows: [] };
  const row = res.rows[0];
  if (!row) {
    await recordFailure(deps, ip, now);
    throw notFound('Service request');
  }
  return row.id;
}

async function lockById(tx: Tx, id: string): Promise<RequestRow> {
  const res = await sql<RequestRow>`SELECT ${sql.raw(REQUEST_COLUMNS)} FROM grid_requests r
    WHERE r.id = ${id} FOR UPDATE`.execute(tx.db);
  return res.rows[0]!;
}

function reopenUntil(r: RequestRow): Date | null {
  if (r.state !== 'resolved' && r.state !== 'closed') return null;
  const since = r.closed_at ?? r.resolved_at;
  return since ? new Date(+since + REOPEN_WINDOW_MS) : null;
}

/** The reporter's view of a request (public timeline, unredacted-for-public photos only). */
export async function followRequest(deps: GridDeps, token: string, ip: string): Promise<FollowView> {
  const id = await requestIdByToken(deps, token, ip);
  const db = deps.database.db;
  const res =
    await sql<RequestRow>`SELECT ${sql.raw(REQUEST_COLUMNS)} FROM grid_requests r WHERE r.id = ${id}`.execute(
      db,
    );
  const r = res.rows[0]!;
  const type = await loadType(db, r.service_code);
  const now = deps.clock();
  const until = reopenUntil(r);
  return {
    publicId: r.public_id,
    serviceCode: r.service_code,
    typeNameZh: type?.nameZh ?? r.service_code,
    typeNameEn: type?.nameEn ?? r.service_code,
    state: r.state,
    status: open311Status(r.state),
    statusNotes: r.status_notes,
    description: r.public_description ?? r.description,
    address: r.address,
    lat: r.lat,
    lon: r.lon,
    submittedAt: r.submitted_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    deadline: r.deadline?.toISOString() ?? null,
    rating: r.rating,
    canRate: (r.state === 'resolved' || r.state === 'closed') && r.rating === null,
    canReopen: until !== null && +now <= +until,
    reopenUntil: until?.toISOString() ?? null,
    waitingForReporter: r.state === 'waiting_reporter',
    photos: (await listPhotos(db, r.id, true)).map((p) => ({
      id: p.id,
      kind: p.kind,
      contentType: p.contentType,
    })),
    timeline: await readTimeline(db, r.id, true),
  };
}

/** The reporter rates the outcome (once); a resolved request is then closed. */
export async function rateRequest(
  deps: GridDeps,
  actor: Actor,
  token: string,
  ip: string,
  rating: { stars: number; comment?: string | null },
): Promise<void> {
  const id = await requestIdByToken(deps, token, ip);
  const now = deps.clock();
  await transact(deps.database, actor, async (tx) => {
    const row = await lockById(tx, id);
    if (row.state !== 'resolved' && row.state !== 'closed') {
      throw conflict('grid.not_resolved', 'Only a resolved request can be rated', { state: row.state });
    }
    if (row.rating !== null) throw conflict('grid.already_rated', 'This request has already been rated');
    await sql`UPDATE grid_requests SET rating = ${rating.stars}, rating_comment = ${rating.comment?.trim() || null},
      rated_at = ${now}, updated_at = ${now} WHERE id = ${row.id}`.execute(tx.db);
    await addTimeline(tx, {
      requestId: row.id,
      at: now,
      kind: 'rated',
      note: rating.comment?.trim() || null,
      public: true,
      details: { stars: rating.stars },
    });
    tx.audit({
      action: 'grid.request.rated',
      targetType: 'grid_request',
      targetId: row.id,
      jurisdictionPath: row.jurisdiction_path,
      details: { stars: rating.stars },
    });
    if (row.state === 'resolved') {
      await applyInTx(tx, row, { type: 'close', note: 'Closed after the reporter rated it.' }, now, {
        trusted: true,
      });
    }
  });
}

/** The reporter reopens within the window, or answers a question from staff. */
export async function reporterAction(
  deps: GridDeps,
  actor: Actor,
  token: string,
  ip: string,
  action: { type: 'reopen'; reason: string } | { type: 'reporter_replied'; note: string },
  photos: readonly CleanPhoto[] = [],
): Promise<void> {
  const id = await requestIdByToken(deps, token, ip);
  const now = deps.clock();
  await transact(deps.database, actor, async (tx) => {
    const row = await lockById(tx, id);
    await applyInTx(tx, row, action, now);
    if (photos.length > 0) {
      const ids = await storePhotos(tx, row.id, 'report', photos, now);
      await addTimeline(tx, {
        requestId: row.id,
        at: now,
        kind: 'photo',
        public: true,
        details: { photoIds: ids },
      });
    }
  });
}

/** The reporter adds photos to an open request. */
export async function reporterPhotos(
  deps: GridDeps,
  actor: Actor,
  token: string,
  ip: string,
  photos: readonly CleanPhoto[],
): Promise<string[]> {
  const id = await requestIdByToken(deps, token, ip);
  const now = deps.clock();
  return transact(deps.database, actor, async (tx) => {
    const row = await lockById(tx, id);
    if (open311Status(row.state) === 'closed') {
      throw conflict('grid.request_closed', 'Photos can only be added to an open request');
    }
    const ids = await storePhotos(tx, row.id, 'report', photos, now);
    await addTimeline(tx, {
      requestId: row.id,
      at: now,
      kind: 'photo',
      public: true,
      details: { photoIds: ids },
    });
    tx.audit({
      action: 'grid.request.photo_added',
      targetType: 'grid_request',
      targetId: row.id,
      jurisdictionPath: row.jurisdiction_path,
      details: { count: ids.length, by: 'reporter' },
    });
    return ids;
  });
}
