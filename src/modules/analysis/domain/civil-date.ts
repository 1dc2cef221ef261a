// Calendar arithmetic on local civil dates as integer day numbers (days since 1970-01-01),
// so grouping by day, weekday and hour never depends on the host time zone. The day-number
// conversions are core's; this adds the strict parsing and the analysis calendar helpers.
import { civilFromDays, daysFromCivil, formatDayNumber } from '../../../core/time/zoned-time.ts';

export { civilFromDays, daysFromCivil };

const DATE = /^(\d{4})-(\d{2})-(\d{2})/;
const TIME = /^\d{4}-\d{2}-\d{2}[ T](\d{2}):(\d{2})(?::(\d{2}))?/;

/** Day number of an ISO date 'YYYY-MM-DD' (anything after the date is ignored). */
export function parseDay(date: string): number {
  const m = DATE.exec(date);
  if (!m) throw new Error(`not a YYYY-MM-DD date: ${date}`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) throw new Error(`no such date: ${date}`);
  return daysFromCivil(y, mo, d);
}

/** ISO 'YYYY-MM-DD' of a day number. */
export const formatDay = formatDayNumber;

/** Local day number and hour of 'YYYY-MM-DD HH:MM[:SS]' (or with 'T'); no time zone applied. */
export function parseLocalDateTime(text: string): { day: number; hour: number; minute: number } {
  const m = TIME.exec(text);
  if (!m) throw new Error(`not a local date-time: ${text}`);
  const hour = Number(m[1]);
  const minute = Number(m[2]);
  if (hour > 23 || minute > 59) throw new Error(`no such time: ${text}`);
  return { day: parseDay(text), hour, minute };
}

/** ISO weekday index 0 = Monday … 6 = Sunday. */
export function weekdayOf(days: number): number {
  // 1970-01-01 was a Thursday (index 3).
  return (((days + 3) % 7) + 7) % 7;
}

/** Number of days in a month of a year. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Same calendar date one year earlier (29 February maps to 28 February). */
export function sameDateYearBefore(days: number): number {
  const { year, month, day } = civilFromDays(days);
  return daysFromCivil(year - 1, month, Math.min(day, daysInMonth(year - 1, month)));
}
