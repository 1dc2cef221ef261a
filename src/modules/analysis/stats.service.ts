// Aggregate statistics over analysed incidents: counts by type, category, jurisdiction and time,
// hour x weekday, daily series with 7/28-day windows, CompStat comparisons, response times.
import { sql } from 'kysely';
import type { Database } from '../../core/db/database.ts';
import { forbidden } from '../../core/errors.ts';
import { type Actor, can } from '../../core/identity/actor.ts';
import { daysFromCivil, formatDay, parseDay } from './domain/civil-date.ts';
import { type CompStatSummary, compStatSummary } from './domain/compstat.ts';
import { checkFilter, filterSql, type IncidentFilter } from './filters.ts';
import { ANALYSIS_READ } from './permissions.ts';
import { type CountSource, countSource } from './rollup.ts';

/** One count of a grouping. */
export interface KeyCount {
  key: string | null;
  count: number;
}

/** One day of the series; avg7/avg28 are trailing means including the day. */
export interface DailyPoint {
  date: string;
  count: number;
  avg7: number;
  avg28: number;
}

/** Response-time distribution in seconds (from incidents copied from dispatch). */
export interface ResponseTimes {
  n: number;
  dispatchP50: number | null;
  dispatchP90: number | null;
  onSceneP50: number | null;
  onSceneP90: number | null;
  /** Minutes from receipt to arrival on scene: counts for 0..29 and 30 = 30 or more. */
  onSceneMinutes: number[];
}

/** The statistics panel for a filter. */
export interface StatsSummary {
  filter: IncidentFilter;
  total: number;
  byType: KeyCount[];
  byCategory: KeyCount[];
  byJurisdiction: KeyCount[];
  /** Counts by patrol beat code in force at the incident (null = none). */
  byBeat: KeyCount[];
  /** counts[weekday 0=Monday][hour]. */
  hourWeekday: number[][];
  daily: DailyPoint[];
  compstat: CompStatSummary;
  responseTimes: ResponseTimes;
  /** Where the counts were read: the hourly rollup or raw rows (time zone not whole-hour). */
  source: CountSource['kind'];
}

/** Options of the statistics queries. */
export interface StatsOptions {
  /** Read raw incident rows even where the rollup would do (benchmark baseline). */
  raw?: boolean;
}

function requireRead(actor: Actor): void {
  if (!can(actor, ANALYSIS_READ)) throw forbidden();
}

async function groupCounts(
  db: Database['db'],
  src: CountSource,
  column: ReturnType<typeof sql>,
  where: ReturnType<typeof filterSql>,
) {
  const r = await sql<{ key: string | null; n: string }>`SELECT ${column} AS key, ${src.count} AS n
    FROM ${src.table} WHERE ${where} GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 500`.execute(db);
  return r.rows.map((x) => ({ key: x.key, count: Number(x.n) }));
}

/** Counts per local date for a filter (dates without incidents omitted). */
export async function dailyCounts(
  database: Database,
  actor: Actor,
  filter: IncidentFilter,
  options: StatsOptions = {},
) {
  const f = checkFilter(filter);
  const src = await countSource(database, f.tz, f.from, f.to, options.raw);
  const t = sql.ref(src.time);
  const r = await sql<{ d: string; n: string }>`
    SELECT to_char(${t} AT TIME ZONE ${f.tz}, 'YYYY-MM-DD') AS d, ${src.count} AS n
    FROM ${src.table} WHERE ${filterSql(actor, f, src.time)} GROUP BY 1 ORDER BY 1`.execute(database.db);
  return r.rows.map((x) => ({ date: x.d, count: Number(x.n) }));
}

/** Fills the days from..to and adds trailing 7- and 28-day means (counts may start earlier). */
export function dailySeries(
  counts: readonly { date: string; count: number }[],
  from: string,
  to: string,
): DailyPoint[] {
  const byDay = new Map(counts.map((c) => [parseDay(c.date), c.count]));
  const first = parseDay(from);
  const last = parseDay(to);
  const out: DailyPoint[] = [];
  let sum7 = 0;
  let sum28 = 0;
  for (let d = first - 27; d <= last; d++) {
    const v = byDay.get(d) ?? 0;
    sum7 += v - (byDay.get(d - 7) ?? 0);
    sum28 += v - (byDay.get(d - 28) ?? 0);
    if (d >= first) out.push({ date: formatDay(d), count: v, avg7: sum7 / 7, avg28: sum28 / 28 });
  }
  return out;
}

async function responseTimes(
  database: Database,
  where: ReturnType<typeof filterSql>,
): Promise<ResponseTimes> {
  const r = await sql<Record<string, string | null>>`
    SELECT count(*) AS n,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM dispatched_at - occurred_at)) AS d50,
      percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM dispatched_at - occurred_at)) AS d90,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM on_scene_at - occurred_at)) AS s50,
      percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM on_scene_at - occurred_at)) AS s90
    FROM analysis_incidents WHERE ${where} AND dispatched_at IS NOT NULL`.execute(database.db);
  const h = await sql<{ m: number; n: string }>`
    SELECT LEAST(30, floor(extract(epoch FROM on_scene_at - occurred_at) / 60))::int AS m, count(*) AS n
    FROM analysis_incidents WHERE ${where} AND on_scene_at IS NOT NULL GROUP BY 1`.execute(database.db);
  const minutes = new Array<number>(31).fill(0);
  for (const row of h.rows) if (row.m >= 0) minutes[row.m] = Number(row.n);
  const num = (v: string | null | undefined) => (v === null || v === undefined ? null : Number(v));
  const x = r.rows[0]!;
  return {
    n: Number(x.n),
    dispatchP50: num(x.d50),
    dispatchP90: num(x.d90),
    onSceneP50: num(x.s50),
    onSceneP90: num(x.s90),
    onSceneMinutes: minutes,
  };
}

/** The whole statistics panel for a filter, scoped to the actor. */
export async function statsSummary(
  database: Database,
  actor: Actor,
  filter: IncidentFilter,
  options: StatsOptions = {},
): Promise<StatsSummary> {
  requireRead(actor);
  const f = checkFilter(filter);
  const db = database.db;
  const depth = f.jurisdiction && f.jurisdiction !== 'unassigned' ? f.jurisdiction.split('.').length + 1 : 1;
  // The windows and CompStat need days before the period: one daily query over the longer range.
  const toDay = parseDay(f.to);
  const yearBefore = daysFromCivil(Number(f.to.slice(0, 4)) - 1, 1, 1) - 31;
  const earliest = formatDay(Math.min(parseDay(f.from) - 27, yearBefore, toDay - 400));
  const src = await countSource(database, f.tz, earliest, f.to, options.raw);
  const where = filterSql(actor, f, src.time);
  const t = sql.ref(src.time);
  // Independent queries: run side by side on a PostgreSQL pool (PGlite serialises them anyway).
  const [total, byType, byCategory, byJurisdiction, byBeat, hw, counts, responses] = await Promise.all([
    sql<{ n: string | null }>`SELECT ${src.count} AS n FROM ${src.table} WHERE ${where}`.execute(db),
    groupCounts(db, src, sql`type_code`, where),
    groupCounts(db, src, sql`category`, where),
    groupCounts(
      db,
      src,
      sql`subpath(jurisdiction_path, 0, LEAST(nlevel(jurisdiction_path), ${depth}::int))::text`,
      where,
    ),
    groupCounts(db, src, sql`beat_code`, where),
    sql<{ dow: number; hour: number; n: string }>`
      SELECT extract(isodow FROM ${t} AT TIME ZONE ${f.tz})::int AS dow,
             extract(hour FROM ${t} AT TIME ZONE ${f.tz})::int AS hour, ${src.count} AS n
      FROM ${src.table} WHERE ${where} GROUP BY 1, 2`.execute(db),
    dailyCounts(database, actor, { ...f, from: earliest }, { raw: src.kind === 'raw' }),
    responseTimes(database, filterSql(actor, f)),
  ]);
  const hourWeekday = Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
  for (const row of hw.rows) hourWeekday[row.dow - 1]![row.hour] = Number(row.n);
  return {
    filter: f,
    total: Number(total.rows[0]?.n ?? 0),
    byType,
    byCategory,
    byJurisdiction,
    byBeat,
    hourWeekday,
    daily: dailySeries(counts, f.from, f.to),
    compstat: compStatSummary(counts, f.to),
    responseTimes: responses,
    source: src.kind,
  };
}

function csvCell(v: string | number | null): string {
  const s = v === null ? '' : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** CSV export of the daily series and of counts by type. */
export function statsCsv(summary: StatsSummary, what: 'daily' | 'types'): string {
  const rows: (string | number | null)[][] =
    what === 'daily'
      ? [
          ['date', 'count', 'avg7', 'avg28'],
          ...summary.daily.map((d) => [d.date, d.count, d.avg7.toFixed(3), d.avg28.toFixed(3)]),
        ]
      : [['type', 'count'], ...summary.byType.map((t) => [t.key, t.count])];
  return `${rows.map((r) => r.map(csvCell).join(',')).join('\n')}\n`;
}
