import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDay, parseDay, weekdayOf } from './civil-date.ts';
import { lastCompletedPeriod } from './report-periods.ts';

describe('lastCompletedPeriod', () => {
  it('is the previous ISO week or calendar month', () => {
    const w = lastCompletedPeriod('week', parseDay('2025-03-05')); // a Wednesday
    expect([formatDay(w.startDay), formatDay(w.endDay)]).toEqual(['2025-02-24', '2025-03-02']);
    const monday = lastCompletedPeriod('week', parseDay('2025-03-03'));
    expect(formatDay(monday.endDay)).toBe('2025-03-02');
    const m = lastCompletedPeriod('month', parseDay('2025-03-01'));
    expect([formatDay(m.startDay), formatDay(m.endDay)]).toEqual(['2025-02-01', '2025-02-28']);
    const jan = lastCompletedPeriod('month', parseDay('2024-01-15'));
    expect([formatDay(jan.startDay), formatDay(jan.endDay)]).toEqual(['2023-12-01', '2023-12-31']);
  });

  it('always ends before today, weeks on a Sunday, months on the day before the 1st', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 30_000 }), (today) => {
        const w = lastCompletedPeriod('week', today);
        expect(w.endDay < today && today - w.endDay <= 7).toBe(true);
        expect(weekdayOf(w.endDay)).toBe(6);
        const m = lastCompletedPeriod('month', today);
        expect(formatDay(m.endDay + 1).endsWith('-01')).toBe(true);
        expect(formatDay(m.startDay).endsWith('-01')).toBe(true);
        expect(m.endDay < today && today - m.endDay <= 31).toBe(true);
      }),
    );
  });
});
