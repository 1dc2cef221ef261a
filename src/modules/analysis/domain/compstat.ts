import {
  civilFromDays,
  daysFromCivil,
  formatDay,
  parseDay,
  sameDateYearBefore,
  weekdayOf,
} from './civil-date.ts';

/** Incident count of one local calendar day. */
export interface DailyCount {
  /** 'YYYY-MM-DD' (local date). */
  date: string;
  count: number;
}

/** Incident count of one local hour of one day. */
export interface HourlyCount {
  date: string;
  /** 0–23, local. */
  hour: number;
  count: number;
}

/** A current period compared with a reference period. */
export interface PeriodComparison {
  current: { from: string; to: string; count: number };
  previous: { from: string; to: string; count: number };
  /** current − previous. */
  change: number;
  /** 100·change/previous; null when the previous count is 0. */
  percentChange: number | null;
}

/** The usual CompStat panel for one date. */
export interface CompStatSummary {
  asOf: string;
  last7: PeriodComparison;
  last28: PeriodComparison;
  yearToDate: PeriodComparison;
  last7YearOverYear: PeriodComparison;
  last28YearOverYear: PeriodComparison;
}

/** Prefix sums over day numbers so every range sum is O(log n). */
export interface DailyIndex {
  sum(fromDay: number, toDay: number): number;
}

/** Indexes daily counts (duplicate dates add up; missing dates count 0). */
export function indexDailyCounts(counts: Iterable<DailyCount>): DailyIndex {
  const byDay = new Map<number, number>();
  for (const c of counts) {
    if (!Number.isFinite(c.count)) throw new Error(`invalid count on ${c.date}`);
    const d = parseDay(c.date);
    byDay.set(d, (byDay.get(d) ?? 0) + c.count);
  }
  const days = [...byDay.keys()].sort((a, b) => a - b);
  const prefix = new Float64Array(days.length + 1);
  days.forEach((d, i) => {
    prefix[i + 1] = prefix[i]! + byDay.get(d)!;
  });
  const below = (day: number): number => {
    let lo = 0;
    let hi = days.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (days[mid]! < day) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return {
    sum: (fromDay, toDay) => (toDay < fromDay ? 0 : prefix[below(toDay + 1)]! - prefix[below(fromDay)]!),
  };
}

function asIndex(counts: Iterable<DailyCount> | DailyIndex): DailyIndex {
  return 'sum' in counts ? counts : indexDailyCounts(counts);
}

function compare(idx: DailyIndex, cur: [number, number], prev: [number, number]): PeriodComparison {
  const current = idx.sum(cur[0], cur[1]);
  const previous = idx.sum(prev[0], prev[1]);
  const change = current - previous;
  return {
    current: { from: formatDay(cur[0]), to: formatDay(cur[1]), count: current },
    previous: { from: formatDay(prev[0]), to: formatDay(prev[1]), count: previous },
    change,
    percentChange: previous === 0 ? null : (100 * change) / previous,
  };
}

/** The `days` days ending on `asOf` (inclusive) against the `days` days just before. */
export function compareWithPreviousPeriod(
  counts: Iterable<DailyCount> | DailyIndex,
  asOf: string,
  days: number,
): PeriodComparison {
  if (!Number.isInteger(days) || days < 1) throw new Error('days must be a positive integer');
  const end = parseDay(asOf);
  return compare(asIndex(counts), [end - days + 1, end], [end - 2 * days + 1, end - days]);
}

/** The `days` days ending on `asOf` against the same calendar dates one year earlier. */
export function compareYearOverYear(
  counts: Iterable<DailyCount> | DailyIndex,
  asOf: string,
  days: number,
): PeriodComparison {
  if (!Number.isInteger(days) || days < 1) throw new Error('days must be a positive integer');
  const end = parseDay(asOf);
  const prevEnd = sameDateYearBefore(end);
  return compare(asIndex(counts), [end - days + 1, end], [prevEnd - days + 1, prevEnd]);
}

/** 1 January to `asOf` against 1 January to the same date of the previous year. */
export function compareYearToDate(counts: Iterable<DailyCount> | DailyIndex, asOf: string): PeriodComparison {
  const end = parseDay(asOf);
  const { year } = civilFromDays(end);
  return compare(
    asIndex(counts),
    [daysFromCivil(year, 1, 1), end],
    [daysFromCivil(year - 1, 1, 1), sameDateYearBefore(end)],
  );
}

/** 7-day, 28-day, year-to-date and year-over-year comparisons as of a date. */
export function compStatSummary(counts: Iterable<DailyCount>, asOf: string): CompStatSummary {
  const idx = indexDailyCounts(counts);
  return {
    asOf,
    last7: compareWithPreviousPeriod(idx, asOf, 7),
    last28: compareWithPreviousPeriod(idx, asOf, 28),
    yearToDate: compareYearToDate(idx, asOf),
    last7YearOverYear: compareYearOverYear(idx, asOf, 7),
    last28YearOverYear: compareYearOverYear(idx, asOf, 28),
  };
}

/** Hour-of-day × day-of-week counts (rows Monday…Sunday, columns hours 0…23) with margins. */
export interface HourWeekdayTable {
  counts: number[][];
  byWeekday: number[];
  byHour: number[];
  total: number;
}

/** Builds the hour × weekday table from hourly counts on local dates. */
export function hourWeekdayTable(counts: Iterable<HourlyCount>): HourWeekdayTable {
  const table = Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
  for (const c of counts) {
    if (!Number.isInteger(c.hour) || c.hour < 0 || c.hour > 23) throw new Error(`invalid hour ${c.hour}`);
    table[weekdayOf(parseDay(c.date))]![c.hour]! += c.count;
  }
  const byWeekday = table.map((row) => row.reduce((s, v) => s + v, 0));
  const byHour = Array.from({ length: 24 }, (_, h) => table.reduce((s, row) => s + row[h]!, 0));
  return { counts: table, byWeekday, byHour, total: byWeekday.reduce((s, v) => s + v, 0) };
}
