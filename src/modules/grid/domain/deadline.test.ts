import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  daysFromCivil,
  formatDayNumber,
  formatW3cDateTime,
  isoWeekday,
  localDayNumber,
} from '../../../core/time/zoned-time.ts';
import {
  activeTimeBetween,
  addWorkingTime,
  computeDeadline,
  type PauseInterval,
  reminderPoints,
  type SlaDuration,
  slaStatus,
} from './deadline.ts';
import {
  createWorkCalendar,
  isWithinWorkingTime,
  isWorkingDay,
  isWorkingDayNumber,
  localDateOf,
  type WorkCalendar,
  type WorkCalendarSpec,
} from './work-calendar.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;

// China 2024 National Day: Oct 1-7 off, make-up working days Sunday Sep 29 and Saturday Oct 12.
const china2024 = createWorkCalendar({
  holidays: ['2024-10-01', '2024-10-02', '2024-10-03', '2024-10-04', '2024-10-07'],
  extraWorkingDays: ['2024-09-29', '2024-10-12'],
  workingPeriods: [
    { start: '08:30', end: '12:00' },
    { start: '14:00', end: '17:30' },
  ],
});
const at = (s: string) => new Date(s);
const w3c = (d: Date) => formatW3cDateTime(d, 'Asia/Shanghai');

describe('work calendar', () => {
  it('applies weekends, holidays and make-up working days', () => {
    expect(isWorkingDay(china2024, '2024-09-27')).toBe(true); // Friday
    expect(isWorkingDay(china2024, '2024-09-28')).toBe(false); // Saturday
    expect(isWorkingDay(china2024, '2024-09-29')).toBe(true); // make-up Sunday
    expect(isWorkingDay(china2024, '2024-10-01')).toBe(false);
    expect(isWorkingDay(china2024, '2024-10-05')).toBe(false); // ordinary weekend inside the break
    expect(isWorkingDay(china2024, '2024-10-12')).toBe(true); // make-up Saturday
  });

  it('supports other weekend rules', () => {
    const friSat = createWorkCalendar({ timeZone: 'Asia/Dubai', weekendDays: [5, 6] });
    expect(isWorkingDay(friSat, '2024-10-06')).toBe(true); // Sunday
    expect(isWorkingDay(friSat, '2024-10-04')).toBe(false); // Friday
  });

  it.each<[string, WorkCalendarSpec]>([
    ['unknown zone', { timeZone: 'Mars/Olympus' }],
    ['bad weekday', { weekendDays: [0] }],
    ['bad date', { holidays: ['2024-02-30'] }],
    ['holiday that is also a working day', { holidays: ['2024-10-01'], extraWorkingDays: ['2024-10-01'] }],
    [
      'overlapping periods',
      {
        workingPeriods: [
          { start: '09:00', end: '12:00' },
          { start: '11:00', end: '13:00' },
        ],
      },
    ],
    ['empty period', { workingPeriods: [{ start: '09:00', end: '09:00' }] }],
    ['no periods', { workingPeriods: [] }],
  ])('rejects %s', (_name, spec) => {
    expect(() => createWorkCalendar(spec)).toThrow(RangeError);
  });
});

describe('deadlines (examples)', () => {
  const start = at('2024-09-27T10:00:00+08:00'); // Friday before National Day
  const deadline = (sla: SlaDuration, pauses: PauseInterval[] = [], now = start) =>
    w3c(computeDeadline({ calendar: china2024, start, sla, pauses, now }));

  it('counts working hours across a make-up Sunday', () => {
    // Friday 10:00-12:00 and 14:00-17:30 = 5.5 h; the remaining 2.5 h fall on Sunday 29th.
    expect(deadline({ amount: 8, unit: 'working_hours' })).toBe('2024-09-29T11:00:00+08:00');
  });

  it('counts working days after the day of receipt, skipping the holiday week', () => {
    expect(deadline({ amount: 1, unit: 'working_days' })).toBe('2024-09-29T17:30:00+08:00');
    expect(deadline({ amount: 2, unit: 'working_days' })).toBe('2024-09-30T17:30:00+08:00');
    expect(deadline({ amount: 3, unit: 'working_days' })).toBe('2024-10-08T17:30:00+08:00');
    expect(deadline({ amount: 6, unit: 'working_days' })).toBe('2024-10-11T17:30:00+08:00');
    expect(deadline({ amount: 7, unit: 'working_days' })).toBe('2024-10-12T17:30:00+08:00');
  });

  it('ends a deadline at the close of a period, not the start of the next one', () => {
    expect(deadline({ amount: 2, unit: 'working_hours' })).toBe('2024-09-27T12:00:00+08:00');
  });

  it('clock hours ignore the calendar', () => {
    expect(deadline({ amount: 24, unit: 'clock_hours' })).toBe('2024-09-28T10:00:00+08:00');
  });

  it('extends the deadline by the working time spent paused', () => {
    // 3 h used by Friday 15:00, paused until Monday 09:30, the last hour runs to 10:30.
    const pauses = [{ from: at('2024-09-27T15:00:00+08:00'), to: at('2024-09-30T09:30:00+08:00') }];
    expect(deadline({ amount: 4, unit: 'working_hours' }, pauses)).toBe('2024-09-30T10:30:00+08:00');
    // A pause entirely outside working time changes nothing.
    const night = [{ from: at('2024-09-27T18:00:00+08:00'), to: at('2024-09-28T23:00:00+08:00') }];
    expect(deadline({ amount: 8, unit: 'working_hours' }, night)).toBe('2024-09-29T11:00:00+08:00');
  });

  it('an open pause runs until now', () => {
    const pauses = [{ from: at('2024-09-27T11:00:00+08:00'), to: null }];
    const now = at('2024-09-27T15:00:00+08:00'); // 2 working hours paused so far
    expect(deadline({ amount: 2, unit: 'working_hours' }, pauses, now)).toBe('2024-09-27T16:00:00+08:00');
    const s = slaStatus({
      calendar: china2024,
      start,
      sla: { amount: 2, unit: 'working_hours' },
      pauses,
      now,
    });
    expect(s).toMatchObject({ paused: true, usedMs: HOUR, overdue: false, fractionUsed: 0.5 });
  });

  it('places reminders at fractions of the allowance', () => {
    const r = reminderPoints({
      calendar: china2024,
      start,
      sla: { amount: 10, unit: 'working_hours' },
      now: start,
    });
    expect(r.map((p) => [p.fraction, w3c(p.at)])).toEqual([
      [0.5, '2024-09-27T17:00:00+08:00'],
      [0.8, '2024-09-29T11:00:00+08:00'],
    ]);
  });

  it('reports overdue from the deadline instant on', () => {
    const sla: SlaDuration = { amount: 2, unit: 'working_hours' };
    const d = computeDeadline({ calendar: china2024, start, sla, now: start });
    const before = slaStatus({ calendar: china2024, start, sla, now: new Date(+d - 1) });
    const on = slaStatus({ calendar: china2024, start, sla, now: d });
    expect([before.overdue, on.overdue, on.remainingMs, on.fractionUsed]).toEqual([false, true, 0, 1]);
  });

  it('rejects non-positive or fractional-day allowances', () => {
    expect(() =>
      computeDeadline({ calendar: china2024, start, sla: { amount: 0, unit: 'working_hours' }, now: start }),
    ).toThrow(RangeError);
    expect(() =>
      computeDeadline({ calendar: china2024, start, sla: { amount: 1.5, unit: 'working_days' }, now: start }),
    ).toThrow(RangeError);
  });
});

// ---------------------------------------------------------------- properties

const BASE_DAY = daysFromCivil(2024, 1, 1);
const ZONES = ['Asia/Shanghai', 'America/New_York', 'Europe/London', 'Asia/Kolkata', 'UTC'];

/** Daytime periods (06:00-23:00, quarter hours) so DST jumps at night never touch them. */
const arbPeriods = fc
  .uniqueArray(fc.integer({ min: 24, max: 92 }), { minLength: 2, maxLength: 6 })
  .map((qs) => {
    const sorted = [...qs].sort((a, b) => a - b);
    const out: { start: string; end: string }[] = [];
    for (let i = 0; i + 1 < sorted.length; i += 2)
      out.push({ start: hm(sorted[i]! * 15), end: hm(sorted[i + 1]! * 15) });
    return out;
  });
function hm(min: number): string {
  return `${String(Math.floor(min / 60)).padStart(2, '0')}:${String(min % 60).padStart(2, '0')}`;
}

const arbScenario = fc
  .record({
    zone: fc.constantFrom(...ZONES),
    startDay: fc.integer({ min: 0, max: 700 }),
    startMinute: fc.integer({ min: 0, max: 1439 }),
    weekendDays: fc.subarray([1, 2, 3, 4, 5, 6, 7], { maxLength: 3 }),
    holidayOffsets: fc.uniqueArray(fc.integer({ min: -3, max: 40 }), { maxLength: 12 }),
    extraOffsets: fc.uniqueArray(fc.integer({ min: -3, max: 40 }), { maxLength: 4 }),
    periods: arbPeriods,
  })
  .map((s) => {
    const day = BASE_DAY + s.startDay;
    const holidays = s.holidayOffsets.map((o) => formatDayNumber(day + o));
    const extra = s.extraOffsets
      .filter((o) => !s.holidayOffsets.includes(o))
      .map((o) => formatDayNumber(day + o));
    const calendar = createWorkCalendar({
      timeZone: s.zone,
      weekendDays: s.weekendDays,
      holidays,
      extraWorkingDays: extra,
      workingPeriods: s.periods,
    });
    const start = new Date(Date.UTC(2024, 0, 1) + s.startDay * 86_400_000 + s.startMinute * MIN);
    return { calendar, start, spec: { holidays, extra } };
  });

const arbSla: fc.Arbitrary<SlaDuration> = fc.oneof(
  fc.integer({ min: 1, max: 4000 }).map((amount) => ({ amount, unit: 'working_minutes' as const })),
  fc.integer({ min: 1, max: 40 }).map((amount) => ({ amount, unit: 'working_hours' as const })),
  fc.integer({ min: 1, max: 10 }).map((amount) => ({ amount, unit: 'working_days' as const })),
);

const arbPauses = (start: Date) =>
  fc.array(
    fc
      .record({ off: fc.integer({ min: -600, max: 20_000 }), len: fc.integer({ min: 0, max: 5000 }) })
      .map(({ off, len }) => ({
        from: new Date(+start + off * MIN),
        to: new Date(+start + (off + len) * MIN),
      })),
    { maxLength: 4 },
  );

describe('deadline properties', () => {
  it('deadline >= start, on a working day, inside working time', () => {
    fc.assert(
      fc.property(arbScenario, arbSla, ({ calendar, start }, sla) => {
        const d = computeDeadline({ calendar, start, sla, now: start });
        expect(+d).toBeGreaterThanOrEqual(+start);
        expect(isWorkingDayNumber(calendar, localDayNumber(+d, calendar.timeZone))).toBe(true);
        expect(isWithinWorkingTime(calendar, d)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('more paused time never gives an earlier deadline', () => {
    fc.assert(
      fc.property(
        arbScenario.chain((s) => fc.tuple(fc.constant(s), arbSla, arbPauses(s.start), arbPauses(s.start))),
        ([{ calendar, start }, sla, pauses, extra]) => {
          const now = new Date(+start + 30 * 86_400_000);
          const d1 = computeDeadline({ calendar, start, sla, pauses, now });
          const d2 = computeDeadline({ calendar, start, sla, pauses: [...pauses, ...extra], now });
          expect(+d2).toBeGreaterThanOrEqual(+d1);
          // Lengthening the last pause cannot help either.
          const longer = pauses.map((p) => ({ from: p.from, to: new Date(+p.to! + 3 * HOUR) }));
          expect(+computeDeadline({ calendar, start, sla, pauses: longer, now })).toBeGreaterThanOrEqual(+d1);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('the active working time from start to deadline equals the allowance', () => {
    fc.assert(
      fc.property(
        arbScenario.chain((s) => fc.tuple(fc.constant(s), arbSla, arbPauses(s.start))),
        ([{ calendar, start }, sla, pauses]) => {
          const now = new Date(+start + 60 * 86_400_000);
          const status = slaStatus({ calendar, start, sla, pauses, now: start });
          const d = computeDeadline({ calendar, start, sla, pauses, now });
          expect(activeTimeBetween(calendar, start, d, pauses, now)).toBe(status.budgetMs);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('working days end at the close of the N-th working day after receipt', () => {
    fc.assert(
      fc.property(arbScenario, fc.integer({ min: 1, max: 12 }), ({ calendar, start }, n) => {
        const d = computeDeadline({ calendar, start, sla: { amount: n, unit: 'working_days' }, now: start });
        const receipt = localDayNumber(+start, calendar.timeZone);
        const last = localDayNumber(+d, calendar.timeZone);
        let count = 0;
        for (let day = receipt + 1; day <= last; day++) if (isWorkingDayNumber(calendar, day)) count++;
        expect(count).toBe(n);
        expect(isWorkingDayNumber(calendar, last)).toBe(true);
        const closing = calendar.periods[calendar.periods.length - 1]![1];
        expect(localDateOf(calendar, d)).toBe(formatDayNumber(last));
        expect(minuteOfDay(+d, calendar.timeZone)).toBe(closing);
      }),
      { numRuns: 200 },
    );
  });

  it('adding a holiday never brings a deadline forward; adding a make-up day never pushes it back', () => {
    fc.assert(
      fc.property(
        arbScenario,
        arbSla,
        fc.integer({ min: 0, max: 30 }),
        ({ calendar, start, spec }, sla, off) => {
          const extraDay = formatDayNumber(localDayNumber(+start, calendar.timeZone) + off);
          const base = computeDeadline({ calendar, start, sla, now: start });
          const rebuild = (holidays: string[], extra: string[]) =>
            createWorkCalendar({
              timeZone: calendar.timeZone,
              weekendDays: [...calendar.weekendDays],
              holidays,
              extraWorkingDays: extra,
              workingPeriods: calendar.periods.map(([s, e]) => ({ start: hm(s), end: hm(e) })),
            });
          if (!spec.extra.includes(extraDay)) {
            const more = rebuild([...spec.holidays, extraDay], spec.extra);
            expect(+computeDeadline({ calendar: more, start, sla, now: start })).toBeGreaterThanOrEqual(
              +base,
            );
          }
          if (!spec.holidays.includes(extraDay)) {
            const fewer = rebuild(spec.holidays, [...spec.extra, extraDay]);
            expect(+computeDeadline({ calendar: fewer, start, sla, now: start })).toBeLessThanOrEqual(+base);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('working time adds up: (s + a) + b = s + (a + b)', () => {
    fc.assert(
      fc.property(
        arbScenario,
        fc.integer({ min: 1, max: 3000 }),
        fc.integer({ min: 1, max: 3000 }),
        ({ calendar, start }, a, b) => {
          const m = (amount: number): SlaDuration => ({ amount, unit: 'working_minutes' });
          const twoSteps = addWorkingTime(calendar, addWorkingTime(calendar, start, m(a)), m(b));
          expect(+twoSteps).toBe(+addWorkingTime(calendar, start, m(a + b)));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('matches a minute-by-minute reference count', () => {
    fc.assert(
      fc.property(
        arbScenario.chain((s) =>
          fc.tuple(fc.constant(s), fc.integer({ min: 1, max: 1500 }), arbPauses(s.start)),
        ),
        ([{ calendar, start }, minutes, pauses]) => {
          const d = computeDeadline({
            calendar,
            start,
            sla: { amount: minutes, unit: 'working_minutes' },
            pauses,
            now: start,
          });
          expect(+d).toBe(referenceDeadline(calendar, +start, minutes, pauses));
        },
      ),
      { numRuns: 60 },
    );
  });
});

function minuteOfDay(ms: number, zone: string): number {
  const f = new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const [h, m] = f.format(ms).split(':').map(Number);
  return h! * 60 + m!;
}

/** Brute force: walk minute by minute, counting those inside working time and outside pauses. */
function referenceDeadline(
  cal: WorkCalendar,
  startMs: number,
  minutes: number,
  pauses: PauseInterval[],
): number {
  const fmt = new Intl.DateTimeFormat('en-CA', {
    timeZone: cal.timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  });
  const offsetCache = new Map<number, { day: number; minute: number }>();
  const local = (ms: number) => {
    const hour = Math.floor(ms / HOUR);
    let base = offsetCache.get(hour);
    if (!base) {
      const p = Object.fromEntries(fmt.formatToParts(hour * HOUR).map((x) => [x.type, Number(x.value)]));
      base = { day: daysFromCivil(p.year!, p.month!, p.day!), minute: p.hour! * 60 + p.minute! };
      offsetCache.set(hour, base);
    }
    const minute = base.minute + Math.floor((ms - hour * HOUR) / MIN);
    return { day: base.day + Math.floor(minute / 1440), minute: minute % 1440 };
  };
  let count = 0;
  for (let t = startMs; ; t += MIN) {
    const { day, minute } = local(t);
    const working = isWorkingDayNumber(cal, day) && cal.periods.some(([s, e]) => minute >= s && minute < e);
    const paused = pauses.some((p) => t >= +p.from && t < +p.to!);
    if (working && !paused && ++count === minutes) return t + MIN;
  }
}

it('weekday helper sanity', () => {
  expect(isoWeekday(daysFromCivil(2024, 9, 29))).toBe(7);
});
