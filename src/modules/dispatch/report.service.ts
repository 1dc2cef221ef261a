import { sql } from 'kysely';
import { invalid } from '../../core/errors.ts';
import type { Actor } from '../../core/identity/actor.ts';
import {
  formatDayNumber,
  instantOfLocalMinute,
  localDayNumber,
  parseIsoDate,
} from '../../core/time/zoned-time.ts';
import type { DispatchContext } from './context.ts';
import type { IncidentSummary } from './dispatch-events.ts';
import { INCIDENT_STATUSES } from './domain/incident-state.ts';
import { RESPONSE_MEASURES, summarizeResponseTimes } from './domain/response-times.ts';
import type { LocalizedText } from './domain/unit-kinds.ts';
import { UNIT_STATUSES } from './domain/unit-status.ts';
import { incidentScope, unitScope } from './scope.ts';
import { incidentSummary, queryIncidents } from './views.ts';

const DAY_MS = 86_400_000;

/** Incidents received in [from, to) in scope, oldest first (at most 31 days). */
export async function exportIncidents(
  ctx: DispatchContext,
  actor: Actor,
  q: { from?: string; to?: string; beat?: string },
): Promise<IncidentSummary[]> {
  const to = q.to ? new Date(q.to) : new Date();
  const from = q.from ? new Date(q.from) : new Date(to.getTime() - DAY_MS);
  if (!(from < to) || to.getTime() - from.getTime() > 31 * DAY_MS) {
    throw invalid('dispatch.bad_range', 'from must be before to, at most 31 days apart');
  }
  const rows = await queryIncidents(
    ctx.database.db,
    sql`i.received_at >= ${from} AND i.received_at < ${to} AND ${incidentScope(actor)}
      AND (${q.beat ?? null}::text IS NULL OR i.beat_code = ${q.beat ?? null})`,
    sql`ORDER BY i.received_at, i.id LIMIT 100000`,
  );
  const now = Date.now();
  return rows.map((r) => incidentSummary(r, ctx.catalogue.catalogue, ctx.catalogue.thresholds, now));
}

const CSV_COLUMNS: (keyof IncidentSummary)[] = [
  'number',
  'id',
  'status',
  'typeCode',
  'category',
  'priority',
  'alarmLevel',
  'lon',
  'lat',
  'address',
  'jurisdictionPath',
  'beatCode',
  'callCount',
  'receivedAt',
  'dispatchedAt',
  'enRouteAt',
  'onSceneAt',
  'clearedAt',
  'closedAt',
  'disposition',
  'cancelReason',
];

function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  // Leading =,+,-,@ would run as formulas in spreadsheets.
  const safe = /^[=+\-@\t\r]/.test(s) && typeof v === 'string' ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The export as CSV: a header row and one row per incident. */
export function incidentsCsv(items: readonly IncidentSummary[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const i of items) lines.push(CSV_COLUMNS.map((c) => csvCell(i[c])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/** The daily response-time summary per jurisdiction (median and p90 of every interval). */
export async function responseTimeReport(ctx: DispatchContext, actor: Actor, date?: string) {
  // A report day runs from local midnight to local midnight in the node's zone (23 or 25 hours
  // on daylight-saving changes); the default is yesterday there.
  const dayNumber = date === undefined ? localDayNumber(Date.now(), ctx.timeZone) - 1 : parseIsoDate(date);
  if (dayNumber === null) throw invalid('dispatch.bad_date', 'date must be YYYY-MM-DD');
  const day = formatDayNumber(dayNumber);
  const start = new Date(instantOfLocalMinute(dayNumber, 0, ctx.timeZone));
  const end = new Date(instantOfLocalMinute(dayNumber + 1, 0, ctx.timeZone));
  const rows = await queryIncidents(
    ctx.database.db,
    sql`i.received_at >= ${start} AND i.received_at < ${end} AND ${incidentScope(actor)}`,
  );
  const ms = (d: Date | null) => (d ? d.getTime() : null);
  const summary = summarizeResponseTimes(
    rows.map((r) => ({
      jurisdiction: r.path,
      priority: r.priority,
      milestones: {
        receivedAt: r.received_at.getTime(),
        firstDispatchedAt: ms(r.dispatched_at),
        firstEnRouteAt: ms(r.en_route_at),
        firstOnSceneAt: ms(r.on_scene_at),
        clearedAt: ms(r.cleared_at),
        closedAt: ms(r.closed_at),
        cancelledAt: ms(r.cancelled_at),
      },
    })),
    { rollUp: true },
  ).filter(
    (s) =>
      actor.kind === 'system' ||
      actor.scopes.some((sc) => sc === '' || s.jurisdiction === sc || s.jurisdiction.startsWith(`${sc}.`)),
  );
  const names = await jurisdictionNames(
    ctx,
    summary.map((s) => s.jurisdiction),
  );
  return {
    date: day,
    rows: summary.map((s) => ({
      jurisdictionPath: s.jurisdiction,
      name: names.get(s.jurisdiction) ?? null,
      incidents: s.incidents,
      measures: Object.fromEntries(
        RESPONSE_MEASURES.map((m) => {
          const v = s.measures[m];
          return [
            m,
            v ? { count: v.count, medianSeconds: Math.round(v.median), p90Seconds: Math.round(v.p90) } : null,
          ];
        }),
      ),
    })),
  };
}

async function jurisdictionNames(
  ctx: DispatchContext,
  paths: readonly string[],
): Promise<Map<string, LocalizedText>> {
  if (paths.length === 0) return new Map();
  const res = await sql<{ path: string; name_zh: string; name_en: string }>`
    SELECT path::text AS path, name_zh, name_en FROM jurisdictions
    WHERE path::text = ANY(${`{${paths.map((p) => `"${p}"`).join(',')}}`}::text[])`.execute(ctx.database.db);
  return new Map(res.rows.map((r) => [r.path, { zh: r.name_zh, en: r.name_en }]));
}

/** The supervisor wall: counts by status and by township, the overdue list, unit counts. */
export async function supervisorWall(ctx: DispatchContext, actor: Actor) {
  const db = ctx.database.db;
  const since = new Date(Date.now() - DAY_MS);
  const rows = await queryIncidents(
    db,
    sql`(i.status NOT IN ('closed', 'cancelled') OR i.updated_at >= ${since}) AND ${incidentScope(actor)}`,
  );
  const now = Date.now();
  const items = rows.map((r) => incidentSummary(r, ctx.catalogue.catalogue, ctx.catalogue.thresholds, now));
  const byStatus = Object.fromEntries(INCIDENT_STATUSES.map((s) => [s, 0])) as Record<string, number>;
  const byPath = new Map<string, { open: number; overdue: number }>();
  const byBeat = new Map<string, { open: number; overdue: number }>();
  for (const i of items) {
    byStatus[i.status] = (byStatus[i.status] ?? 0) + 1;
    if (i.status === 'closed' || i.status === 'cancelled') continue;
    if (i.beatCode !== null) {
      const b = byBeat.get(i.beatCode) ?? { open: 0, overdue: 0 };
      b.open++;
      if (i.overdue) b.overdue++;
      byBeat.set(i.beatCode, b);
    }
    const key = i.jurisdictionPath.split('.').slice(0, 2).join('.');
    const g = byPath.get(key) ?? { open: 0, overdue: 0 };
    g.open++;
    if (i.overdue) g.overdue++;
    byPath.set(key, g);
  }
  const names = await jurisdictionNames(ctx, [...byPath.keys()]);
  const units = await sql<{ status: string; n: number }>`
    SELECT u.status, count(*)::int AS n FROM dispatch_units u WHERE ${unitScope(actor)} GROUP BY u.status`.execute(
    db,
  );
  const unitCounts = Object.fromEntries(UNIT_STATUSES.map((s) => [s, 0])) as Record<string, number>;
  for (const u of units.rows) unitCounts[u.status] = u.n;
  return {
    byStatus,
    byJurisdiction: [...byPath]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([path, g]) => ({ path, name: names.get(path) ?? null, ...g })),
    byBeat: [...byBeat]
      .sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))
      .map(([beatCode, g]) => ({ beatCode, ...g })),
    overdue: items.filter((i) => i.overdue && i.status !== 'closed' && i.status !== 'cancelled'),
    units: unitCounts,
  };
}
