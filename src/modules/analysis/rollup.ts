// When statistics may be read from the hourly rollup (analysis_incident_hours, see migration
// 0045) instead of raw incident rows. The rollup buckets by UTC hour, so a local date or local
// hour is a union of whole buckets only when the time zone's offset is a whole number of hours
// throughout the period; otherwise (e.g. Asia/Kolkata, Australia/Lord_Howe) raw rows are read.
import { type RawBuilder, sql } from 'kysely';
import type { Database } from '../../core/db/database.ts';

/** Where counts come from: the table, its count expression and its time column. */
export interface CountSource {
  kind: 'rollup' | 'raw';
  table: RawBuilder<unknown>;
  count: RawBuilder<unknown>;
  time: 'hour' | 'occurred_at';
}

/** Raw incident rows. */
export const RAW_SOURCE: CountSource = {
  kind: 'raw',
  table: sql`analysis_incidents`,
  count: sql`count(*)`,
  time: 'occurred_at',
};

/** The hourly rollup. */
export const ROLLUP_SOURCE: CountSource = {
  kind: 'rollup',
  table: sql`analysis_incident_hours`,
  count: sql`sum(n)`,
  time: 'hour',
};

// Per time zone and calendar year (UTC): whether every UTC hour has one whole-hour offset.
const wholeHourYears = new Map<string, boolean>();

/** Whether `tz` has a whole-hour UTC offset (as PostgreSQL computes it) from `from` to `to` inclusive. */
export async function wholeHourOffsets(
  database: Database,
  tz: string,
  from: string,
  to: string,
): Promise<boolean> {
  if (tz === 'UTC' || tz === 'Etc/UTC') return true;
  const first = Number(from.slice(0, 4)) - 1;
  const last = Number(to.slice(0, 4)) + 1;
  for (let year = first; year <= last; year++) {
    const key = `${tz}|${year}`;
    let ok = wholeHourYears.get(key);
    if (ok === undefined) {
      // Each UTC hour: a whole-hour offset at its start, and the same offset at its end.
      const r = await sql<{ ok: boolean | null }>`
        SELECT bool_and(extract(epoch FROM (t AT TIME ZONE ${tz}) - (t AT TIME ZONE 'UTC'))::bigint % 3600 = 0
          AND (t AT TIME ZONE ${tz}) - (t AT TIME ZONE 'UTC')
            = ((t + interval '3599.999 seconds') AT TIME ZONE ${tz}) - ((t + interval '3599.999 seconds') AT TIME ZONE 'UTC')) AS ok
        FROM generate_series(make_timestamptz(${year}, 1, 1, 0, 0, 0, 'UTC'),
          make_timestamptz(${year + 1}, 1, 1, 0, 0, 0, 'UTC'), interval '1 hour') AS t`.execute(database.db);
      ok = r.rows[0]?.ok === true;
      wholeHourYears.set(key, ok);
    }
    if (!ok) return false;
  }
  return true;
}

/** The source for counts over local dates from..to in `tz`; `raw` forces raw rows (benchmarks). */
export async function countSource(
  database: Database,
  tz: string,
  from: string,
  to: string,
  raw = false,
): Promise<CountSource> {
  if (raw) return RAW_SOURCE;
  return (await wholeHourOffsets(database, tz, from, to)) ? ROLLUP_SOURCE : RAW_SOURCE;
}
