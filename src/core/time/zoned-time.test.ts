import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  civilFromDays,
  daysFromCivil,
  formatW3cDateTime,
  isoWeekday,
  offsetMinutesAt,
  parseIsoDate,
  zonedParts,
  zonedToInstant,
} from './zoned-time.ts';

describe('civil day numbers', () => {
  it('round-trips and knows weekdays', () => {
    expect(daysFromCivil(1970, 1, 1)).toBe(0);
    expect(isoWeekday(0)).toBe(4); // Thursday
    expect(isoWeekday(daysFromCivil(2024, 10, 1))).toBe(2); // Tuesday
    fc.assert(
      fc.property(fc.integer({ min: -1_000_000, max: 1_000_000 }), (n) => {
        const c = civilFromDays(n);
        expect(daysFromCivil(c.year, c.month, c.day)).toBe(n);
      }),
    );
  });

  it('parses strict ISO dates only', () => {
    expect(parseIsoDate('2024-02-29')).toBe(daysFromCivil(2024, 2, 29));
    expect(parseIsoDate('2023-02-29')).toBeNull();
    expect(parseIsoDate('2024-2-1')).toBeNull();
  });
});

describe('zoned time via Intl', () => {
  it('reads wall clock and offsets', () => {
    const t = Date.UTC(2024, 0, 1, 0, 0, 0);
    expect(zonedParts(t, 'Asia/Shanghai')).toMatchObject({ year: 2024, month: 1, day: 1, hour: 8 });
    expect(offsetMinutesAt(t, 'Asia/Shanghai')).toBe(480);
    expect(offsetMinutesAt(t, 'America/New_York')).toBe(-300);
    expect(offsetMinutesAt(Date.UTC(2024, 6, 1), 'America/New_York')).toBe(-240);
  });

  it('maps wall time to instants across DST gaps and folds', () => {
    const ny = 'America/New_York';
    // 2024-03-10 02:30 does not exist in New York: the clocks jump at 07:00Z.
    expect(zonedToInstant({ year: 2024, month: 3, day: 10, hour: 2, minute: 30, second: 0 }, ny)).toBe(
      Date.UTC(2024, 2, 10, 7, 0, 0),
    );
    // 2024-11-03 01:30 happens twice: take the earlier (EDT) one.
    expect(zonedToInstant({ year: 2024, month: 11, day: 3, hour: 1, minute: 30, second: 0 }, ny)).toBe(
      Date.UTC(2024, 10, 3, 5, 30, 0),
    );
    expect(
      zonedToInstant({ year: 2024, month: 5, day: 1, hour: 9, minute: 0, second: 0 }, 'Asia/Shanghai'),
    ).toBe(Date.UTC(2024, 4, 1, 1, 0, 0));
  });

  it('round-trips wall time for any instant and zone', () => {
    const zones = [
      'Asia/Shanghai',
      'America/New_York',
      'Europe/London',
      'Asia/Kolkata',
      'Australia/Lord_Howe',
    ];
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) }),
        fc.constantFrom(...zones),
        (ms, zone) => {
          const t = Math.floor(ms / 1000) * 1000;
          const back = zonedToInstant({ ...zonedParts(t, zone), millisecond: 0 }, zone);
          // Equal, or the earlier twin of an ambiguous wall time.
          expect(back <= t).toBe(true);
          expect(zonedParts(back, zone)).toEqual(zonedParts(t, zone));
        },
      ),
    );
  });

  it('formats W3C date-times in a zone', () => {
    expect(formatW3cDateTime(new Date('2010-04-14T14:37:38Z'), 'America/Los_Angeles')).toBe(
      '2010-04-14T07:37:38-07:00',
    );
    expect(formatW3cDateTime(new Date('2024-01-01T00:00:00Z'))).toBe('2024-01-01T08:00:00+08:00');
    expect(formatW3cDateTime(new Date('2024-01-01T00:00:00Z'), 'UTC')).toBe('2024-01-01T00:00:00Z');
    expect(formatW3cDateTime(new Date('2024-01-01T00:00:00Z'), 'Asia/Kolkata')).toBe(
      '2024-01-01T05:30:00+05:30',
    );
  });
});
