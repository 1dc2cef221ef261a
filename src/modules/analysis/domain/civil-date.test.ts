import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  civilFromDays,
  daysFromCivil,
  formatDay,
  parseDay,
  parseLocalDateTime,
  sameDateYearBefore,
  weekdayOf,
} from './civil-date.ts';

describe('civil dates', () => {
  it('agrees with Date.UTC for day numbers and weekdays', () => {
    fc.assert(
      fc.property(fc.integer({ min: -800_000, max: 800_000 }), (days) => {
        const d = new Date(days * 86_400_000);
        const c = civilFromDays(days);
        expect(c).toEqual({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() });
        expect(daysFromCivil(c.year, c.month, c.day)).toBe(days);
        expect(weekdayOf(days)).toBe((d.getUTCDay() + 6) % 7);
      }),
    );
  });

  it('parses and formats', () => {
    expect(formatDay(parseDay('2019-12-31'))).toBe('2019-12-31');
    expect(parseLocalDateTime('2010-01-01 00:05')).toEqual({
      day: parseDay('2010-01-01'),
      hour: 0,
      minute: 5,
    });
    expect(() => parseDay('2019-02-29')).toThrow();
    expect(formatDay(sameDateYearBefore(parseDay('2020-02-29')))).toBe('2019-02-28');
    expect(weekdayOf(parseDay('2024-01-01'))).toBe(0);
  });
});
