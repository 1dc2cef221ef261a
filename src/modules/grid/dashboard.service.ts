import { sql } from 'kysely';
import type { Actor } from '../../core/identity/actor.ts';
import type { GridDeps } from './deps.ts';
import { OPEN_STATES_SQL } from './request-row.ts';
import { inScope } from './scope.ts';

/** How dashboard figures are grouped. */
export type DashboardDimension = 'department' | 'type' | 'cell' | 'day';

/** Figures of one group. */
export interface DashboardRow {
  key: string | null;
  nameZh: string | null;
  nameEn: string | null;
  total: number;
  open: number;
  overdue: number;
  closed: number;
  /** Share of resolved requests resolved by their deadline (0..1), null when none resolved. */
  closedOnTimeRate: number | null;
  /** Mean reporter rating (1..5), null when unrated. */
  satisfaction: number | null;
  ratings: number;
}

const KEY: Record<DashboardDimension, string> = {
  department: 'r.department_id::text',
  type: 'r.service_code',
  cell: 'r.jurisdiction_path::text',
  day: "to_char(r.submitted_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD')",
};

const NAMES: Record<DashboardDimension, string> = {
  department: 'LEFT JOIN grid_departments n ON n.id::text = g.key',
  type: 'LEFT JOIN grid_request_types n ON n.code = g.key',
  cell: 'LEFT JOIN jurisdictions n ON n.path::text = g.key',
  day: 'LEFT JOIN (SELECT NULL::text AS name_zh, NULL::text AS name_en) n ON true',
};

/**
 * Open, overdue, closed, closed-on-time rate and satisfaction of the requests submitted in
 * [from, to) inside the actor's subtrees, grouped by department, type, grid cell or day.
 */
export async function dashboard(
  deps: GridDeps,
  actor: Actor,
  opts: { by: DashboardDimension; from: Date; to: Date; under?: string | null },
): Promise<{ rows: DashboardRow[]; totals: DashboardRow }> {
  const now = deps.clock();
  const open = sql.raw(`r.state IN ${OPEN_STATES_SQL}`);
  const res = await sql<{
    key: string | null;
    name_zh: string | null;
    name_en: string | null;
    total: string;
    open: string;
    overdue: string;
    closed: string;
    on_time: string;
    timed: string;
    rating: string | null;
    ratings: string;
  }>`WITH g AS (
      SELECT ${sql.raw(KEY[opts.by])} AS key, count(*) AS total,
        count(*) FILTER (WHERE ${open}) AS open,
        count(*) FILTER (WHERE ${open} AND r.state <> 'waiting_reporter' AND r.deadline < ${now}) AS overdue,
        count(*) FILTER (WHERE NOT (${open})) AS closed,
        count(*) FILTER (WHERE r.closed_on_time) AS on_time,
        count(*) FILTER (WHERE r.closed_on_time IS NOT NULL) AS timed,
        avg(r.rating) AS rating, count(r.rating) AS ratings
      FROM grid_requests r
      WHERE ${inScope(actor)} AND r.submitted_at >= ${opts.from} AND r.submitted_at < ${opts.to}
        AND (${opts.under ?? null}::ltree IS NULL OR r.jurisdiction_path <@ ${opts.under ?? null}::ltree)
      GROUP BY 1)
    SELECT g.*, n.name_zh, n.name_en FROM g ${sql.raw(NAMES[opts.by])} ORDER BY g.total DESC, g.key`.execute(
    deps.database.db,
  );
  const rows = res.rows.map((r) => ({
    key: r.key,
    nameZh: r.name_zh,
    nameEn: r.name_en,
    total: Number(r.total),
    open: Number(r.open),
    overdue: Number(r.overdue),
    closed: Number(r.closed),
    closedOnTimeRate: Number(r.timed) > 0 ? Number(r.on_time) / Number(r.timed) : null,
    satisfaction: r.rating === null ? null : Number(r.rating),
    ratings: Number(r.ratings),
    onTime: Number(r.on_time),
    timed: Number(r.timed),
  }));
  const sum = (f: (r: (typeof rows)[number]) => number) => rows.reduce((a, r) => a + f(r), 0);
  const timed = sum((r) => r.timed);
  const ratings = sum((r) => r.ratings);
  const totals: DashboardRow = {
    key: null,
    nameZh: null,
    nameEn: null,
    total: sum((r) => r.total),
    open: sum((r) => r.open),
    overdue: sum((r) => r.overdue),
    closed: sum((r) => r.closed),
    closedOnTimeRate: timed > 0 ? sum((r) => r.onTime) / timed : null,
    satisfaction: ratings > 0 ? sum((r) => (r.satisfaction ?? 0) * r.ratings) / ratings : null,
    ratings,
  };
  return { rows: rows.map(({ onTime: _a, timed: _b, ...r }) => r), totals };
}
