import { describe, expect, it } from 'vitest';
import { localTimeToInstant } from './zoned-time.ts';

describe('localTimeToInstant', () => {
  it('converts Chicago winter and summer times', () => {
    expect(localTimeToInstant('2010-01-01 00:05', 'America/Chicago')!.toISOString()).toBe(
      '2010-01-01T06:05:00.000Z',
    );
    expect(localTimeToInstant('2019-07-04 12:30:15', 'America/Chicago')!.toISOString()).toBe(
      '2019-07-04T17:30:15.000Z',
    );
    expect(localTimeToInstant('2020-02-29 08:00', 'Asia/Shanghai')!.toISOString()).toBe(
      '2020-02-29T00:00:00.000Z',
    );
    expect(localTimeToInstant('2020-02-29 08:00', 'UTC')!.toISOString()).toBe('2020-02-29T08:00:00.000Z');
  });
  it('rejects malformed and impossible times', () => {
    for (const bad of [
      '',
      '2019-02-30 10:00',
      '2019-13-01 00:00',
      '2019-01-01 24:00',
      '01/02/2019 10:00',
      'x',
    ]) {
      expect(localTimeToInstant(bad, 'UTC')).toBeNull();
    }
  });
  it('moves a time in the spring gap forward by the gap, and takes the earlier of an autumn twin', () => {
    // Chicago: 2019-03-10 02:00 CST jumped to 03:00 CDT; 2019-11-03 02:00 CDT fell back to 01:00 CST.
    expect(localTimeToInstant('2019-03-10 02:30', 'America/Chicago')!.toISOString()).toBe(
      '2019-03-10T08:30:00.000Z',
    );
    expect(localTimeToInstant('2019-11-03 01:30', 'America/Chicago')!.toISOString()).toBe(
      '2019-11-03T06:30:00.000Z',
    );
  });
});
