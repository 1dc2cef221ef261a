import { type RawBuilder, sql } from 'kysely';
import { pgArray } from '../../core/db/sql-values.ts';
import type { Actor } from '../../core/identity/actor.ts';
import { departmentsOf } from './actions.service.ts';
import type { GridDeps } from './deps.ts';
import type { RequestState } from './domain/request-state.ts';
import { OPEN_STATES_SQL } from './request-row.ts';
import { jurisdictionByCode } from './routing.ts';
import { inScope } from './scope.ts';

/** Filters of a service-centre or department queue. */
export interface QueueFilter {
  status?: 'open' | 'closed' | 'all';
  states?: RequestState[];
  serviceCode?: string;
  departmentId?: string;
  /** Only my departments' requests (lead or co-handler). */
  myDepartments?: boolean;
  /** 'me' or a user id. */
  assignee?: string;
  /** Code of a jurisdiction inside the actor's scope (a village, a grid cell...). */
  jurisdiction?: string;
  overdue?: boolean;
  escalated?: boolean;
  /** Not yet routed to a department (with the service centre). */
  unrouted?: boolean;
  q?: string;
  from?: Date;
  to?: Date;
  sort?: 'deadline' | 'newest' | 'oldest';
  page?: number;
  pageSize?: number;
}

/** One row of a queue. */
export interface QueueItem {
  id: string;
  publicId: string;
  serviceCode: string;
  typeNameZh: string;
  typeNameEn: string;
  state: RequestState;
  departmentId: string | null;
  departmentNameZh: string | null;
  departmentNameEn: string | null;
  coHandlers: { departmentId: string; done: boolean }[];
  jurisdictionPath: string;
  placeNameZh: string | null;
  placeNameEn: string | null;
  lat: number | null;
  lon: number | null;
  description: string | null;
  submittedAt: string;
  updatedAt: string;
  deadline: string | null;
  overdue: boolean;
  escalationLevel: number;
  assigneeId: string | null;
  source: string;
  private: boolean;
  rating: number | null;
}

interface QueueRow {
  id: string;
  public_id: string;
  service_code: string;
  type_zh: string;
  type_en: string;
  state: RequestState;
  department_id: string | null;
  dept_zh: string | null;
  dept_en: string | null;
  co_handlers: { departmentId: string; done: boolean }[];
  jurisdiction_path: string;
  place_zh: string | null;
  place_en: string | null;
  lat: number | null;
  lon: number | null;
  description: string | null;
  submitted_at: Date;
  updated_at: Date;
  deadline: Date | null;
  overdue: boolean;
  escalation_level: number;
  assignee_id: string | null;
  source: string;
  private: boolean;
  rating: number | null;
}

const MAX_PAGE = 200;

async function conditions(
  deps: GridDeps,
  actor: Actor,
  f: QueueFilter,
  now: Date,
): Promise<RawBuilder<unknown>[]> {
  const where: RawBuilder<unknown>[] = [inScope(actor)];
  const open = sql.raw(`r.state IN ${OPEN_STATES_SQL}`);
  if (f.status === 'open') where.push(open);
  if (f.status === 'closed') where.push(sql`NOT (${open})`);
  if (f.states && f.states.length > 0) where.push(sql`r.state = ANY(${pgArray(f.states)}::text[])`);
  if (f.serviceCode) where.push(sql`r.service_code = ${f.serviceCode}`);
  if (f.departmentId) where.push(sql`r.department_id = ${f.departmentId}::uuid`);
  if (f.unrouted) where.push(sql`r.department_id IS NULL`);
  if (f.myDepartments) {
    const mine = await departmentsOf(deps.database.db, actor);
    const list = pgArray(mine);
    where.push(sql`(r.department_id = ANY(${list}::uuid[]) OR EXISTS (SELECT 1 FROM jsonb_array_elements(r.co_handlers) c
      WHERE c->>'departmentId' = ANY(${list}::text[])))`);
  }
  if (f.assignee) where.push(sql`r.assignee_id = ${f.assignee === 'me' ? actor.id : f.assignee}::uuid`);
  if (f.jurisdiction) {
    const j = await jurisdictionByCode(deps.database.db, f.jurisdiction);
    where.push(j ? sql`r.jurisdiction_path <@ ${j.path}::ltree` : sql`false`);
  }
  if (f.overdue) where.push(sql`${open} AND r.state <> 'waiting_reporter' AND r.deadline < ${now}`);
  if (f.escalated) where.push(sql`${open} AND r.escalation_level > 0`);
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(sql`(r.public_id = ${f.q} OR r.description ILIKE ${like} OR r.address ILIKE ${like})`);
  }
  if (f.from) where.push(sql`r.submitted_at >= ${f.from}`);
  if (f.to) where.push(sql`r.submitted_at < ${f.to}`);
  return where;
}

const ORDER = {
  deadline: sql.raw('r.escalation_level DESC, r.deadline ASC NULLS LAST, r.submitted_at'),
  newest: sql.raw('r.submitted_at DESC, r.id DESC'),
  oldest: sql.raw('r.submitted_at ASC, r.id'),
};

/** A page of the actor's queue: requests in their subtree, filtered and sorted. */
export async function listQueue(
  deps: GridDeps,
  actor: Actor,
  filter: QueueFilter,
): Promise<{ items: QueueItem[]; page: number; pageSize: number; hasMore: boolean }> {
  const now = deps.clock();
  const page = Math.max(1, filter.page ?? 1);
  const pageSize = Math.min(MAX_PAGE, Math.max(1, filter.pageSize ?? 50));
  const where = await conditions(deps, actor, filter, now);
  const res = await sql<QueueRow>`SELECT r.id, r.public_id, r.service_code, t.name_zh AS type_zh,
      t.name_en AS type_en, r.state, r.department_id, d.name_zh AS dept_zh, d.name_en AS dept_en, r.co_handlers,
      r.jurisdiction_path::text AS jurisdiction_path, j.name_zh AS place_zh, j.name_en AS place_en, r.lat, r.lon,
      left(r.description, 300) AS description, r.submitted_at, r.updated_at, r.deadline,
      (r.state IN ('submitted', 'accepted', 'in_progress', 'returned') AND r.deadline < ${now}) AS overdue,
      r.escalation_level, r.assignee_id, r.source, r.private, r.rating
    FROM grid_requests r
    JOIN grid_request_types t ON t.code = r.service_code
    LEFT JOIN grid_departments d ON d.id = r.department_id
    LEFT JOIN jurisdictions j ON j.path = r.jurisdiction_path
    WHERE ${sql.join(where, sql` AND `)}
    ORDER BY ${ORDER[filter.sort ?? 'deadline']}
    LIMIT ${pageSize + 1} OFFSET ${(page - 1) * pageSize}`.execute(deps.database.db);
  const rows = res.rows.slice(0, pageSize);
  return {
    items: rows.map((r) => ({
      id: r.id,
      publicId: r.public_id,
      serviceCode: r.service_code,
      typeNameZh: r.type_zh,
      typeNameEn: r.type_en,
      state: r.state,
      departmentId: r.department_id,
      departmentNameZh: r.dept_zh,
      departmentNameEn: r.dept_en,
      coHandlers: (r.co_handlers ?? []).map((c) => ({ departmentId: c.departmentId, done: c.done })),
      jurisdictionPath: r.jurisdiction_path,
      placeNameZh: r.place_zh,
      placeNameEn: r.place_en,
      lat: r.lat,
      lon: r.lon,
      description: r.description,
      submittedAt: r.submitted_at.toISOString(),
      updatedAt: r.updated_at.toISOString(),
      deadline: r.deadline?.toISOString() ?? null,
      overdue: r.overdue,
      escalationLevel: r.escalation_level,
      assigneeId: r.assignee_id,
      source: r.source,
      private: r.private,
      rating: r.rating,
    })),
    page,
    pageSize,
    hasMore: res.rows.length > pageSize,
  };
}
