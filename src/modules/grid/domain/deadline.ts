import { localDayNumber } from '../../../core/time/zoned-time.ts';
import {
  adjacentWorkingDay,
  continuousCalendar,
  endOfWorkingDay,
  type WorkCalendar,
  workingIntervalsFrom,
} from './work-calendar.ts';

/** Unit of a service-level time allowance. */
export type SlaUnit = 'working_minutes' | 'working_hours' | 'working_days' | 'clock_hours';

/** A time allowance such as "3 working days" or "4 working hours". */
export interface SlaDuration {
  amount: number;
  unit: SlaUnit;
}

/** A stretch during which the clock is stopped (waiting for the reporter); `to` null = still paused. */
export interface PauseInterval {
  from: Date;
  to: Date | null;
}

/** Inputs shared by the deadline functions; `now` closes any open pause. */
export interface SlaClockInput {
  calendar: WorkCalendar;
  start: Date;
  sla: SlaDuration;
  pauses?: readonly PauseInterval[];
  now: Date;
}

const MS_PER_MINUTE = 60_000;

/** Throws RangeError unless the allowance is positive (and whole for working days). */
export function assertSlaDuration(sla: SlaDuration): void {
  if (!Number.isFinite(sla.amount) || sla.amount <= 0) {
    throw new RangeError(`SLA amount must be a positive number, got ${sla.amount}`);
  }
  if (sla.unit === 'working_days' && !Number.isInteger(sla.amount)) {
    throw new RangeError(`working_days must be a whole number, got ${sla.amount}`);
  }
}

/** The calendar a unit is counted on: clock hours ignore working periods and days off. */
function calendarFor(cal: WorkCalendar, unit: SlaUnit): WorkCalendar {
  return unit === 'clock_hours' ? continuousCalendar(cal.timeZone) : cal;
}

/** Pauses clipped to start at `startMs`, open ones closed at `nowMs`, sorted and merged. */
export function normalisePauses(
  pauses: readonly PauseInterval[],
  startMs: number,
  nowMs: number,
): [number, number][] {
  const raw: [number, number][] = [];
  for (const p of pauses) {
    const a = Math.max(+p.from, startMs);
    const b = p.to === null ? nowMs : +p.to;
    if (b > a) raw.push([a, b]);
  }
  raw.sort((x, y) => x[0] - y[0]);
  const out: [number, number][] = [];
  for (const r of raw) {
    const last = out[out.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else out.push([r[0], r[1]]);
  }
  return out;
}

/** Working intervals from `startMs` with the (normalised) pauses cut out. */
function* activeIntervals(
  cal: WorkCalendar,
  startMs: number,
  pauses: readonly [number, number][],
): Generator<[number, number]> {
  let k = 0;
  for (const [a0, b] of workingIntervalsFrom(cal, startMs)) {
    let a = a0;
    while (k < pauses.length && pauses[k]![1] <= a) k++;
    let j = k;
    while (a < b) {
      const p = pauses[j];
      if (!p || p[0] >= b) {
        yield [a, b];
        break;
      }
      if (p[0] > a) yield [a, p[0]];
      a = Math.max(a, p[1]);
      j++;
    }
  }
}

/**
 * First instant at which `activeMs` of un-paused working time has elapsed since `start`.
 * With no time to spend it is `start` itself; otherwise it lies inside working time.
 */
export function instantAfterActiveTime(
  cal: WorkCalendar,
  start: Date,
  activeMs: number,
  pauses: readonly PauseInterval[] = [],
  now: Date = start,
): Date {
  const startMs = +start;
  if (activeMs <= 0) return new Date(startMs);
  let acc = 0;
  for (const [a, b] of activeIntervals(cal, startMs, normalisePauses(pauses, startMs, +now))) {
    if (acc + (b - a) >= activeMs) return new Date(a + (activeMs - acc));
    acc += b - a;
  }
  throw new RangeError('unreachable: working intervals are unbounded');
}

/** Un-paused working time (ms) elapsed between `start` and `end`. */
export function activeTimeBetween(
  cal: WorkCalendar,
  start: Date,
  end: Date,
  pauses: readonly PauseInterval[] = [],
  now: Date = end,
): number {
  const startMs = +start;
  const endMs = +end;
  if (endMs <= startMs) return 0;
  let acc = 0;
  for (const [a, b] of activeIntervals(cal, startMs, normalisePauses(pauses, startMs, +now))) {
    if (a >= endMs) break;
    acc += Math.min(b, endMs) - a;
  }
  return acc;
}

/** Adds working time (no pauses) to an instant: e.g. "4 working hours after the deadline". */
export function addWorkingTime(cal: WorkCalendar, from: Date, sla: SlaDuration): Date {
  assertSlaDuration(sla);
  const c = calendarFor(cal, sla.unit);
  return instantAfterActiveTime(c, from, slaBudgetMs(cal, from, sla));
}

/**
 * Working time (ms) an allowance grants from `start`. Working days count whole working days
 * after the day of receipt (the day a request arrives is not counted): "2 working days" from a
 * Friday ends at the close of Tuesday. The remainder of the receipt day comes on top.
 */
export function slaBudgetMs(cal: WorkCalendar, start: Date, sla: SlaDuration): number {
  assertSlaDuration(sla);
  switch (sla.unit) {
    case 'working_minutes':
      return sla.amount * MS_PER_MINUTE;
    case 'working_hours':
    case 'clock_hours':
      return sla.amount * 60 * MS_PER_MINUTE;
    case 'working_days': {
      let day = localDayNumber(+start, cal.timeZone);
      for (let i = 0; i < sla.amount; i++) day = adjacentWorkingDay(cal, day, 1);
      return activeTimeBetween(cal, start, new Date(endOfWorkingDay(cal, day)));
    }
  }
}

/** Deadline: the instant the allowance is used up, extended by working time spent paused. */
export function computeDeadline(input: SlaClockInput): Date {
  const { calendar, start, sla, pauses = [], now } = input;
  const budget = slaBudgetMs(calendar, start, sla);
  return instantAfterActiveTime(calendarFor(calendar, sla.unit), start, budget, pauses, now);
}

/** A reminder point: the instant a given fraction of the allowance has been used. */
export interface ReminderPoint {
  fraction: number;
  at: Date;
}

/** Default reminder fractions (50 % and 80 % of the allowance used). */
export const DEFAULT_REMINDER_FRACTIONS: readonly number[] = [0.5, 0.8];

/** Reminder instants for each fraction in (0, 1], in increasing order. */
export function reminderPoints(
  input: SlaClockInput,
  fractions: readonly number[] = DEFAULT_REMINDER_FRACTIONS,
): ReminderPoint[] {
  const { calendar, start, sla, pauses = [], now } = input;
  const budget = slaBudgetMs(calendar, start, sla);
  const cal = calendarFor(calendar, sla.unit);
  return [...fractions]
    .filter((f) => f > 0 && f <= 1)
    .sort((a, b) => a - b)
    .map((fraction) => ({
      fraction,
      at: instantAfterActiveTime(cal, start, Math.round(budget * fraction), pauses, now),
    }));
}

/** Where a request stands against its allowance at `now`. */
export interface SlaStatus {
  deadline: Date;
  budgetMs: number;
  usedMs: number;
  remainingMs: number;
  fractionUsed: number;
  /** True from the deadline instant on (`now >= deadline`). */
  overdue: boolean;
  paused: boolean;
}

/** SLA position at `now`: time used, remaining, overdue, paused. */
export function slaStatus(input: SlaClockInput): SlaStatus {
  const { calendar, start, sla, pauses = [], now } = input;
  const budgetMs = slaBudgetMs(calendar, start, sla);
  const cal = calendarFor(calendar, sla.unit);
  const deadline = instantAfterActiveTime(cal, start, budgetMs, pauses, now);
  const usedMs = Math.min(budgetMs, activeTimeBetween(cal, start, now, pauses, now));
  const paused = pauses.some((p) => +p.from <= +now && (p.to === null || +p.to > +now));
  return {
    deadline,
    budgetMs,
    usedMs,
    remainingMs: budgetMs - usedMs,
    fractionUsed: usedMs / budgetMs,
    overdue: +now >= +deadline,
    paused,
  };
}
