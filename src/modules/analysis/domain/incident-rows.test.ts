import { describe, expect, it } from 'vitest';
import {
  isRejected,
  missingColumns,
  parseMappingSpec,
  parseTypeMapSpec,
  readIncidentRow,
} from './incident-rows.ts';

const rules = {
  mapping: parseMappingSpec('time=date,lat=latitude,lon=longitude,type=loc_cat,category=district'),
  typeMap: parseTypeMapSpec('street=assault.street,open space=assault.open_space'),
  timeZone: 'America/Chicago',
};

describe('readIncidentRow', () => {
  it('maps a good row', () => {
    const r = readIncidentRow(
      {
        date: '2010-01-01 00:12',
        latitude: '41.7513',
        longitude: '-87.6683',
        loc_cat: 'street',
        district: '6',
      },
      3,
      rules,
    );
    expect(isRejected(r)).toBe(false);
    if (isRejected(r)) return;
    expect(r.typeCode).toBe('assault.street');
    expect(r.category).toBe('6');
    expect(r.occurredAt.toISOString()).toBe('2010-01-01T06:12:00.000Z');
    expect(r.h3).toMatch(/^89/);
  });
  it('gives reasons', () => {
    const base = {
      date: '2010-01-01 00:12',
      latitude: '41.7',
      longitude: '-87.6',
      loc_cat: 'street',
      district: '6',
    };
    const reason = (o: Record<string, string>) => {
      const r = readIncidentRow({ ...base, ...o }, 9, rules);
      return isRejected(r) ? r.reason : null;
    };
    expect(reason({ date: 'yesterday' })).toMatch(/time/);
    expect(reason({ latitude: '' })).toMatch(/latitude/);
    expect(reason({ longitude: '200' })).toMatch(/longitude/);
    expect(reason({ latitude: '0', longitude: '0' })).toMatch(/0,0/);
    expect(reason({ loc_cat: '' })).toMatch(/type is empty/);
    expect(reason({ loc_cat: 'odd type!' })).toMatch(/type-map/);
    expect(reason({ loc_cat: 'open space' })).toBeNull();
  });
  it('checks the mapping', () => {
    expect(() => parseMappingSpec('time=a,lat=b')).toThrow(/lon/);
    expect(missingColumns(rules.mapping, ['date', 'latitude'])).toEqual(['longitude', 'district', 'loc_cat']);
    expect(missingColumns(parseMappingSpec('time=d,lat=y,lon=x,type==assault'), ['d', 'y', 'x'])).toEqual([]);
  });
});
