// Which report period has ended last, in local days (see civil-date.ts for day numbers).
import { civilFromDays, daysFromCivil, weekdayOf } from './civil-date.ts';

/** First and last local day of a complete report period. */
export interface CompletedPeriod {
  startDay: number;
  endDay: number;
}

/**
 * The last period that ended before `today` (a local day number): the ISO week (Monday–Sunday)
 * before the current one, or the calendar month before the current one.
 */
export function lastCompletedPeriod(period: 'week' | 'month', today: number): CompletedPeriod {
  if (period === 'week') {
    const endDay = today - weekdayOf(today) - 1;
    return { startDay: endDay - 6, endDay };
  }
  const { year, month } = civilFromDays(today);
  const endDay = daysFromCivil(year, month, 1) - 1;
  const prev = civilFromDays(endDay);
  return { startDay: daysFromCivil(prev.year, prev.month, 1), endDay };
}
