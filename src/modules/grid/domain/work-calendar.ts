import {
  DEFAULT_TIME_ZONE,
  formatDayNumber,
  instantOfLocalMinute,
  isoWeekday,
  isValidTimeZone,
  localDayNumber,
  parseIsoDate,
} from '../../../core/time/zoned-time.ts';

/** A daily working period in local wall-clock time, `HH:MM`–`HH:MM` (end may be `24:00`). */
export interface WorkingPeriod {
  start: string;
  end: string;
}

/** Declarative description of a jurisdiction's working calendar. */
export interface WorkCalendarSpec {
  /** IANA zone; default Asia/Shanghai. */
  timeZone?: string;
  /** ISO weekdays that are normally off (1 = Monday ... 7 = Sunday); default Saturday and Sunday. */
  weekendDays?: readonly number[];
  /** Public holidays (`YYYY-MM-DD`, local): never working days. */
  holidays?: readonly string[];
  /** Make-up working days (`YYYY-MM-DD`) that fall on a weekend day, e.g. China's 调休 Saturdays. */
  extraWorkingDays?: readonly string[];
  /** Working periods of a working day; default 09:00–12:00 and 13:00–18:00. */
  workingPeriods?: readonly WorkingPeriod[];
}

/** A validated, query-ready working calendar. */
export interface WorkCalendar {
  readonly timeZone: string;
  readonly weekendDays: ReadonlySet<number>;
  readonly holidays: ReadonlySet<number>;
  readonly extraWorkingDays: ReadonlySet<number>;
  /** Periods as [startMinute, endMinute) of the local day, sorted and disjoint. */
  readonly periods: readonly (readonly [number, number])[];
}

/** Default working periods: 09:00–12:00 and 13:00–18:00 (8 working hours). */
export const DEFAULT_WORKING_PERIODS: readonly WorkingPeriod[] = [
  { start: '09:00', end: '12:00' },
  { start: '13:00', end: '18:00' },
];

/** Longest run of consecutive non-working days searched before giving up on a calendar. */
export const MAX_NON_WORKING_RUN_DAYS = 3660;

function parseClock(text: string): number | null {
  const m = /^(\d{2}):(\d{2})$/.exec(text);
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (min > 59 || h > 24 || (h === 24 && min !== 0)) return null;
  return h * 60 + min;
}

function parseDates(list: readonly string[] | undefined, what: string): Set<number> {
  const out = new Set<number>();
  for (const d of list ?? []) {
    const n = parseIsoDate(d);
    if (n === null) throw new RangeError(`${what}: not a YYYY-MM-DD date: ${JSON.stringify(d)}`);
    out.add(n);
  }
  return out;
}

function parsePeriods(periods: readonly WorkingPeriod[]): [number, number][] {
  if (periods.length === 0) throw new RangeError('workingPeriods: at least one period is required');
  const out: [number, number][] = [];
  for (const p of periods) {
    const s = parseClock(p.start);
    const e = parseClock(p.end);
    if (s === null || e === null || s >= e) {
      throw new RangeError(`workingPeriods: invalid period ${JSON.stringify(p)}`);
    }
    out.push([s, e]);
  }
  out.sort((a, b) => a[0] - b[0]);
  for (let i = 1; i < out.length; i++) {
    if (out[i]![0] < out[i - 1]![1]) throw new RangeError('workingPeriods: periods overlap');
  }
  return out;
}

/** Validates a calendar spec; throws RangeError on an unknown zone, bad dates or periods. */
export function createWorkCalendar(spec: WorkCalendarSpec = {}): WorkCalendar {
  const timeZone = spec.timeZone ?? DEFAULT_TIME_ZONE;
  if (!isValidTimeZone(timeZone)) throw new RangeError(`timeZone: unknown IANA zone ${timeZone}`);
  const weekend = new Set(spec.weekendDays ?? [6, 7]);
  for (const d of weekend) {
    if (!Number.isInteger(d) || d < 1 || d > 7) throw new RangeError(`weekendDays: ${d} is not 1..7`);
  }
  const holidays = parseDates(spec.holidays, 'holidays');
  const extra = parseDates(spec.extraWorkingDays, 'extraWorkingDays');
  for (const d of holidays) {
    if (extra.has(d)) throw new RangeError(`${formatDayNumber(d)} is both a holiday and a working day`);
  }
  return {
    timeZone,
    weekendDays: weekend,
    holidays,
    extraWorkingDays: extra,
    periods: parsePeriods(spec.workingPeriods ?? DEFAULT_WORKING_PERIODS),
  };
}

/** A calendar where every minute of every day is working time (for clock-time SLAs). */
export function continuousCalendar(timeZone: string = DEFAULT_TIME_ZONE): WorkCalendar {
  return createWorkCalendar({
    timeZone,
    weekendDays: [],
    workingPeriods: [{ start: '00:00', end: '24:00' }],
  });
}

/** Whether a local day (day number) is a working day: holidays off, make-up days on, else weekday rule. */
export function isWorkingDayNumber(cal: WorkCalendar, dayNumber: number): boolean {
  if (cal.holidays.has(dayNumber)) return false;
  if (cal.extraWorkingDays.has(dayNumber)) return true;
  return !cal.weekendDays.has(isoWeekday(dayNumber));
}

/** Whether a `YYYY-MM-DD` local date is a working day. */
export function isWorkingDay(cal: WorkCalendar, isoDate: string): boolean {
  const n = parseIsoDate(isoDate);
  if (n === null) throw new RangeError(`not a YYYY-MM-DD date: ${isoDate}`);
  return isWorkingDayNumber(cal, n);
}

/** Local `YYYY-MM-DD` of an instant on the calendar's zone. */
export function localDateOf(cal: WorkCalendar, instant: Date | number): string {
  return formatDayNumber(localDayNumber(+instant, cal.timeZone));
}

/** First working day strictly after (direction 1) or before (-1) a day number. */
export function adjacentWorkingDay(cal: WorkCalendar, dayNumber: number, direction: 1 | -1 = 1): number {
  for (let i = 1; i <= MAX_NON_WORKING_RUN_DAYS; i++) {
    const d = dayNumber + i * direction;
    if (isWorkingDayNumber(cal, d)) return d;
  }
  throw new RangeError(`calendar has no working day within ${MAX_NON_WORKING_RUN_DAYS} days`);
}

/** Working intervals [startMs, endMs) of one local day, empty on non-working days. */
export function workingIntervalsOfDay(cal: WorkCalendar, dayNumber: number): [number, number][] {
  if (!isWorkingDayNumber(cal, dayNumber)) return [];
  const out: [number, number][] = [];
  for (const [s, e] of cal.periods) {
    const a = instantOfLocalMinute(dayNumber, s, cal.timeZone);
    const b = instantOfLocalMinute(dayNumber, e, cal.timeZone);
    if (b > a) out.push([a, b]);
  }
  return out;
}

/**
 * Working intervals in time order, starting with the one containing or following `fromMs`
 * (clipped to start at `fromMs`). Stops after a run of non-working days longer than
 * MAX_NON_WORKING_RUN_DAYS so a calendar without working days cannot loop forever.
 */
export function* workingIntervalsFrom(cal: WorkCalendar, fromMs: number): Generator<[number, number]> {
  // Start a day early: with period ends at 24:00 or DST, a day's periods can spill past midnight.
  let day = localDayNumber(fromMs, cal.timeZone) - 1;
  let idle = 0;
  while (idle <= MAX_NON_WORKING_RUN_DAYS) {
    const intervals = workingIntervalsOfDay(cal, day);
    idle = intervals.length === 0 ? idle + 1 : 0;
    for (const [a, b] of intervals) {
      if (b <= fromMs) continue;
      yield [Math.max(a, fromMs), b];
    }
    day++;
  }
  throw new RangeError(`calendar has no working day within ${MAX_NON_WORKING_RUN_DAYS} days`);
}

/** End instant of the last working period of a local day (the day must be a working day). */
export function endOfWorkingDay(cal: WorkCalendar, dayNumber: number): number {
  const intervals = workingIntervalsOfDay(cal, dayNumber);
  const last = intervals[intervals.length - 1];
  if (!last) throw new RangeError(`${formatDayNumber(dayNumber)} is not a working day`);
  return last[1];
}

/** Whether an instant lies inside working time (end instants of periods count as inside). */
export function isWithinWorkingTime(cal: WorkCalendar, instant: Date | number): boolean {
  const t = +instant;
  const day = localDayNumber(t, cal.timeZone);
  for (const d of [day - 1, day]) {
    for (const [a, b] of workingIntervalsOfDay(cal, d)) if (t >= a && t <= b) return true;
  }
  return false;
}
