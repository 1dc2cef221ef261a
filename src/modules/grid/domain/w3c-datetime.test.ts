import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { daysFromCivil, formatW3cDateTime } from '../../../core/time/zoned-time.ts';
import { parseW3cDateTime } from './w3c-datetime.ts';

describe('W3C date-times', () => {
  it('formatted in any zone, parse back to the same instant', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Date.UTC(2100, 0, 1) }), (ms) => {
        const text = formatW3cDateTime(new Date(ms), 'America/New_York');
        expect(parseW3cDateTime(text)).toEqual({ kind: 'instant', at: Math.floor(ms / 1000) * 1000 });
      }),
    );
  });
});

describe('W3C date-time parsing', () => {
  it.each([
    ['2010-01-01T00:00:00Z', Date.UTC(2010, 0, 1)],
    ['2010-01-01T00:00Z', Date.UTC(2010, 0, 1)],
    ['2010-01-01T08:00:00+08:00', Date.UTC(2010, 0, 1)],
    ['2010-01-01T08:00:00 08:00', Date.UTC(2010, 0, 1)],
    ['1994-11-05T08:15:30-05:00', Date.UTC(1994, 10, 5, 13, 15, 30)],
    ['1994-11-05T13:15:30.45Z', Date.UTC(1994, 10, 5, 13, 15, 30, 450)],
  ])('%s is an instant', (text, at) => {
    expect(parseW3cDateTime(text)).toEqual({ kind: 'instant', at });
  });

  it('reads date-only forms as periods', () => {
    expect(parseW3cDateTime('2010')).toEqual({
      kind: 'period',
      startDay: daysFromCivil(2010, 1, 1),
      endDayExclusive: daysFromCivil(2011, 1, 1),
    });
    expect(parseW3cDateTime('2010-12')).toMatchObject({ endDayExclusive: daysFromCivil(2011, 1, 1) });
    expect(parseW3cDateTime('2010-02-28')).toMatchObject({ endDayExclusive: daysFromCivil(2010, 3, 1) });
  });

  it.each([
    '2010-01-01T00:00:00',
    '2010-01-01 00:00:00Z',
    '2010-02-30T00:00:00Z',
    '2010-01-01T24:00:00Z',
    '2010-13',
    'yesterday',
    '',
  ])('%j is rejected', (text) => {
    expect(parseW3cDateTime(text)).toBeNull();
  });
});
