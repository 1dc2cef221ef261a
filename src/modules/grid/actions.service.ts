import { sql } from 'kysely';
import { pgArray } from '../../core/db/sql-values.ts';
import { type Tx, transact } from '../../core/db/transaction.ts';
import { conflict, HavenError, invalid, notFound } from '../../core/errors.ts';
import type { Actor } from '../../core/identity/actor.ts';
import { calendarAt, type Db, loadType } from './catalogue.ts';
import type { GridDeps } from './deps.ts';
import type { CleanPhoto } from './domain/photo-check.ts';
import {
  applyRequestEvent,
  type RequestEffect,
  type RequestEvent,
  type ServiceRequestRecord,
} from './domain/request-state.ts';
import { GRID } from './permissions.ts';
import { storePhotos } from './photos.ts';
import { mayApply, PUBLIC_EVENTS } from './policy.ts';
import { OPEN_STATES, pausesJson, REQUEST_COLUMNS, type RequestRow, toRecord } from './request-row.ts';
import { loadRouter } from './routing.ts';
import { inScope, requestIdMatch } from './scope.ts';
import { nextActionAt, planFor, type SlaProgressState } from './sla.ts';
import { addTimeline } from './timeline.ts';

/** Department ids the actor belongs to. */
export async function departmentsOf(db: Db, actor: Actor): Promise<string[]> {
  if (actor.kind !== 'user' || !actor.id) return [];
  const res = await sql<{ department_id: string }>`SELECT department_id FROM grid_department_members
    WHERE user_id = ${actor.id}::uuid`.execute(db);
  return res.rows.map((r) => r.department_id);
}

/** Locks a request the actor may see (404 otherwise: existence never leaks across jurisdictions). */
export async function lockRequest(tx: Tx, id: string): Promise<RequestRow> {
  const res = await sql<RequestRow>`SELECT ${sql.raw(REQUEST_COLUMNS)} FROM grid_requests r
    WHERE ${requestIdMatch(id)} AND ${inScope(tx.actor)} FOR UPDATE`.execute(tx.db);
  const row = res.rows[0];
  if (!row) throw notFound('Service request');
  return row;
}

async function activeDepartments(db: Db, ids: readonly string[]): Promise<void> {
  const res = await sql<{ n: string }>`SELECT count(*) AS n FROM grid_departments
    WHERE active AND id = ANY(${pgArray(ids)}::uuid[])`.execute(db);
  if (Number(res.rows[0]?.n ?? 0) !== new Set(ids).size) {
    throw invalid('grid.unknown_department', 'Unknown or inactive department');
  }
}

const UUIDISH = /^[0-9a-f-]{36}$/i;

/** Checks and normalises event arguments that name other records. */
async function prepareEvent(tx: Tx, row: RequestRow, event: RequestEvent): Promise<RequestEvent> {
  switch (event.type) {
    case 'reroute':
      if (!UUIDISH.test(event.departmentId)) throw invalid('grid.unknown_department', 'Unknown department');
      await activeDepartments(tx.db, [event.departmentId]);
      return event;
    case 'add_co_handlers':
      if (!event.departmentIds.every((d) => UUIDISH.test(d))) {
        throw invalid('grid.unknown_department', 'Unknown department');
      }
      await activeDepartments(tx.db, event.departmentIds);
      return event;
    case 'change_type': {
      const t = await loadType(tx.db, event.serviceCode);
      if (!t?.active) throw invalid('grid.unknown_service', `Unknown service code ${event.serviceCode}`);
      return event;
    }
    case 'mark_duplicate': {
      const res = await sql<{ id: string; duplicate_of: string | null }>`SELECT r.id, r.duplicate_of
        FROM grid_requests r WHERE ${requestIdMatch(event.of)} AND ${inScope(tx.actor)}`.execute(tx.db);
      const target = res.rows[0];
      if (!target) throw invalid('grid.unknown_original', 'The original request was not found');
      // Point at the original of a chain, never at another duplicate.
      const of = target.duplicate_of ?? target.id;
      if (of === row.id) throw invalid('grid.duplicate_of_self', 'A request cannot duplicate itself');
      return { ...event, of };
    }
    default:
      return event;
  }
}

/** Extra work an action may carry: photos of the resolution. */
export interface ActionExtras {
  photos?: readonly CleanPhoto[];
  /** A follow-up the module itself performs (closing after a rating): no permission check. */
  trusted?: boolean;
}

/** Persists a transition: record fields, SLA state, timeline, audit and event. */
async function persist(
  tx: Tx,
  row: RequestRow,
  next: ServiceRequestRecord,
  effects: RequestEffect[],
  event: RequestEvent,
  now: Date,
): Promise<void> {
  const type = (await loadType(tx.db, next.serviceCode))!;
  const restarted = effects.some((e) => e.type === 'sla_restarted');
  const progress: SlaProgressState = restarted
    ? { reminded: [], escalationLevel: 0 }
    : { reminded: row.reminded ?? [], escalationLevel: row.escalation_level };
  const plan = planFor(next, type, await calendarAt(tx.db, next.jurisdictionPath), now);
  const deadline = plan ? plan.deadline : next.state === 'returned' ? null : row.deadline;
  let onTime = row.closed_on_time;
  if (event.type === 'resolve') onTime = deadline === null || +now <= +deadline;
  if (event.type === 'reopen' || event.type === 'mark_duplicate' || event.type === 'withdraw') onTime = null;
  await sql`UPDATE grid_requests SET state = ${next.state}, service_code = ${next.serviceCode},
      department_id = ${next.departmentId}, co_handlers = ${JSON.stringify(next.coHandlers)}::jsonb,
      duplicate_of = ${next.duplicateOf}, pauses = ${pausesJson(next.pauses)}::jsonb, sla_start = ${next.slaStart},
      resolved_at = ${next.resolvedAt}, closed_at = ${next.closedAt}, status_notes = ${next.statusNotes},
      reopen_count = ${next.reopenCount}, updated_at = ${now}, deadline = ${deadline},
      next_action_at = ${nextActionAt(plan, progress, next.state)}, reminded = ${JSON.stringify(progress.reminded)}::jsonb,
      escalation_level = ${progress.escalationLevel},
      escalated_to = ${restarted ? null : row.escalated_to}::ltree, closed_on_time = ${onTime}
    WHERE id = ${row.id}`.execute(tx.db);
  const last = next.history[next.history.length - 1];
  await addTimeline(tx, {
    requestId: row.id,
    at: now,
    kind: event.type,
    from: row.state,
    to: next.state,
    note: last?.note ?? null,
    public: PUBLIC_EVENTS.has(event.type),
    details: { ...eventDetails(event), departmentId: next.departmentId },
  });
  tx.audit({
    action: `grid.request.${event.type}`,
    targetType: 'grid_request',
    targetId: row.id,
    jurisdictionPath: row.jurisdiction_path,
    details: { from: row.state, to: next.state, ...eventDetails(event) },
  });
  tx.emit(
    'grid.request.updated',
    {
      id: row.id,
      publicId: row.public_id,
      serviceCode: next.serviceCode,
      state: next.state,
      departmentId: next.departmentId,
      jurisdictionPath: row.jurisdiction_path,
      event: event.type,
    },
    { jurisdictionPath: row.jurisdiction_path, permission: GRID.read },
  );
}

function eventDetails(e: RequestEvent): Record<string, unknown> {
  switch (e.type) {
    case 'reroute':
      return { departmentId: e.departmentId };
    case 'add_co_handlers':
      return { departmentIds: e.departmentIds };
    case 'co_handler_done':
      return { coHandler: e.departmentId };
    case 'mark_duplicate':
      return { of: e.of };
    case 'change_type':
      return { serviceCode: e.serviceCode };
    default:
      return {};
  }
}

/** What a reporter (holding the follow-up token) may do. */
const REPORTER_EVENTS = new Set<RequestEvent['type']>(['reopen', 'reporter_replied']);

/** Reopen window used by every channel (the domain default: 7 days). */
export const REOPEN_WINDOW_MS = 7 * 24 * 3_600_000;

/**
 * Applies an event inside an open transaction to a locked row: checks the actor's
 * right to act, runs the state machine (409 with the allowed events on an illegal move) and
 * persists the outcome.
 */
export async function applyInTx(
  tx: Tx,
  row: RequestRow,
  event: RequestEvent,
  now: Date,
  extras: ActionExtras = {},
): Promise<RequestRow> {
  const departments = await departmentsOf(tx.db, tx.actor);
  const lead = row.department_id !== null && departments.includes(row.department_id);
  const co = event.type === 'co_handler_done' ? event.departmentId : undefined;
  const allowed =
    extras.trusted ||
    (tx.actor.kind === 'public'
      ? REPORTER_EVENTS.has(event.type)
      : mayApply(tx.actor, event.type, { lead, departments }, co));
  if (!allowed) throw new HavenError('core.forbidden', 403, `You may not ${event.type} this request`);
  const prepared = await prepareEvent(tx, row, event);
  const route = await loadRouter(
    tx.db,
    prepared.type === 'change_type' ? [prepared.serviceCode] : [row.service_code],
    row.jurisdiction_path,
  );
  const result = applyRequestEvent(toRecord(row), prepared, {
    now,
    actor: tx.actor.name,
    route,
    reopenWindowMs: REOPEN_WINDOW_MS,
  });
  if (!result.ok) {
    const e = result.error;
    if (e.kind === 'invalid_event') throw invalid('grid.invalid_action', e.message, { field: e.field });
    throw conflict('grid.invalid_transition', e.message, { state: e.state, allowed: e.allowed });
  }
  await persist(tx, row, result.request, result.effects, prepared, now);
  if (extras.photos && extras.photos.length > 0) {
    const kind = prepared.type === 'resolve' ? 'resolution' : 'report';
    const ids = await storePhotos(tx, row.id, kind, extras.photos, now);
    await addTimeline(tx, {
      requestId: row.id,
      at: now,
      kind: 'photo',
      public: prepared.type === 'resolve',
      details: { photoIds: ids, kind },
    });
  }
  return { ...row, state: result.request.state };
}

/** Applies one event to a request as the actor (see applyInTx). */
export async function applyAction(
  deps: GridDeps,
  actor: Actor,
  id: string,
  event: RequestEvent,
  extras: ActionExtras = {},
): Promise<{ id: string; publicId: string; state: string }> {
  const now = deps.clock();
  const row = await transact(deps.database, actor, async (tx) =>
    applyInTx(tx, await lockRequest(tx, id), event, now, extras),
  );
  return { id: row.id, publicId: row.public_id, state: row.state };
}

/** Whether a state still counts as open work. */
export function isOpenState(state: string): boolean {
  return (OPEN_STATES as readonly string[]).includes(state);
}
