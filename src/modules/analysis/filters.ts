// Statistics and hotspot filters: a period of local dates, types, categories and a jurisdiction,
// turned into one SQL condition that always includes the actor's scope.
import { type RawBuilder, sql } from 'kysely';
import { pgArray } from '../../core/db/sql-values.ts';
import { invalid } from '../../core/errors.ts';
import type { Actor } from '../../core/identity/actor.ts';
import { isValidTimeZone } from '../../core/time/zoned-time.ts';
import { analysisScope } from './scope.ts';

/** What the caller asks for (dates are local dates in `tz`, both inclusive). */
export interface IncidentFilter {
  from: string;
  to: string;
  types?: string[];
  categories?: string[];
  /** ltree path of a jurisdiction to narrow to ('unassigned' = rows without one). */
  jurisdiction?: string;
  /** Patrol beat codes in force at the incidents' place and time ('none' = rows without a beat). */
  beats?: string[];
  tz?: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const PATH = /^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$/;
const BEAT = /^[\p{L}\p{N}_.-]{1,64}$/u;

/** Checks a filter and fills defaults; throws 400 problems. */
export function checkFilter(
  f: IncidentFilter,
): Required<Pick<IncidentFilter, 'from' | 'to' | 'tz'>> & IncidentFilter {
  if (!DATE.test(f.from) || !DATE.test(f.to))
    throw invalid('analysis.filter.date', 'from and to must be YYYY-MM-DD');
  if (f.from > f.to) throw invalid('analysis.filter.period', 'from must not be after to');
  const tz = f.tz ?? 'UTC';
  if (!isValidTimeZone(tz)) throw invalid('analysis.filter.tz', `Unknown time zone ${tz}`);
  if (f.jurisdiction && f.jurisdiction !== 'unassigned' && !PATH.test(f.jurisdiction))
    throw invalid('analysis.filter.jurisdiction', 'jurisdiction must be a jurisdiction path');
  if (f.beats && (f.beats.length > 200 || f.beats.some((b) => !BEAT.test(b))))
    throw invalid('analysis.filter.beats', 'beats must be at most 200 beat codes');
  return { ...f, tz };
}

/**
 * The SQL condition of a filter on alias-free columns of analysis_incidents, or of the hourly
 * rollup when `timeColumn` is its `hour` (same column names otherwise).
 */
export function filterSql(
  actor: Actor,
  input: IncidentFilter,
  timeColumn: 'occurred_at' | 'hour' = 'occurred_at',
): RawBuilder<boolean> {
  const f = checkFilter(input);
  const t = sql.ref(timeColumn);
  const parts: RawBuilder<unknown>[] = [
    analysisScope(actor),
    sql`${t} >= (${f.from}::date)::timestamp AT TIME ZONE ${f.tz}`,
    sql`${t} < ((${f.to}::date + 1)::timestamp AT TIME ZONE ${f.tz})`,
  ];
  if (f.types && f.types.length > 0) parts.push(sql`type_code = ANY(${pgArray(f.types)}::text[])`);
  if (f.categories && f.categories.length > 0)
    parts.push(sql`category = ANY(${pgArray(f.categories)}::text[])`);
  if (f.jurisdiction === 'unassigned') parts.push(sql`jurisdiction_path IS NULL`);
  else if (f.jurisdiction) parts.push(sql`jurisdiction_path <@ ${f.jurisdiction}::ltree`);
  if (f.beats && f.beats.length > 0) {
    const codes = f.beats.filter((b) => b !== 'none');
    const none = codes.length < f.beats.length ? sql`beat_code IS NULL` : sql`false`;
    parts.push(sql`(beat_code = ANY(${pgArray(codes)}::text[]) OR ${none})`);
  }
  return sql<boolean>`(${sql.join(parts, sql` AND `)})`;
}
