import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { localWeekMinute, type Shift, shiftState } from './shifts.ts';

// 2026-12-07 is a Monday.
const at = (iso: string) => new Date(iso);
const weekdays: Shift = { days: [1, 2, 3, 4, 5], start: '08:00', end: '18:00' };
const night: Shift = { days: [5], start: '22:00', end: '06:00' };

describe('unit shifts', () => {
  it('is on duty inside a shift until its end, off outside until the next start', () => {
    expect(shiftState([weekdays], at('2026-12-07T09:30:00Z'))).toEqual({
      onShift: true,
      until: at('2026-12-07T18:00:00Z'),
    });
    expect(shiftState([weekdays], at('2026-12-07T19:00:00Z'))).toEqual({
      onShift: false,
      until: at('2026-12-08T08:00:00Z'),
    });
    // Friday evening: next is Monday morning.
    expect(shiftState([weekdays], at('2026-12-11T18:00:00Z')).until).toEqual(at('2026-12-14T08:00:00Z'));
  });
  it('runs a shift ending before its start past midnight, across the week end', () => {
    expect(shiftState([night], at('2026-12-12T03:00:00Z'))).toEqual({
      onShift: true,
      until: at('2026-12-12T06:00:00Z'),
    });
    const sundayNight: Shift = { days: [7], start: '20:00', end: '04:00' };
    expect(shiftState([sundayNight], at('2026-12-07T01:00:00Z'))).toEqual({
      onShift: true,
      until: at('2026-12-07T04:00:00Z'),
    });
  });
  it('reads wall-clock times in the given time zone', () => {
    // 09:30 in Shanghai is 01:30 UTC.
    const s = shiftState([weekdays], at('2026-12-07T01:30:00Z'), 'Asia/Shanghai');
    expect(s).toEqual({ onShift: true, until: at('2026-12-07T10:00:00Z') });
    expect(shiftState([weekdays], at('2026-12-07T01:30:00Z')).onShift).toBe(false);
  });
  it('treats no schedule and a round-the-clock schedule as always on duty', () => {
    expect(shiftState([], at('2026-12-07T03:00:00Z'))).toEqual({ onShift: true, until: null });
    const always: Shift = { days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '23:59' };
    expect(shiftState([always], at('2026-12-09T23:59:30Z'))).toEqual({ onShift: true, until: null });
  });
  it('always answers a change in the future, to the opposite state', () => {
    const time = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }));
    const hhmm = ([h, m]: [number, number]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
    const shift = fc.record({
      days: fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 3 }),
      start: time.map(hhmm),
      end: time.map(hhmm),
    });
    fc.assert(
      fc.property(
        fc.array(shift, { minLength: 1, maxLength: 3 }),
        fc.integer({ min: 0, max: 14 * 86400 }),
        (shifts, s) => {
          const now = new Date(Date.UTC(2026, 11, 7) + s * 1000);
          const state = shiftState(shifts, now);
          if (state.until === null) return;
          expect(state.until.getTime()).toBeGreaterThan(now.getTime());
          expect(localWeekMinute(state.until, 'UTC').seconds).toBe(0);
          expect(shiftState(shifts, state.until).onShift).toBe(!state.onShift);
        },
      ),
    );
  });
});
