import { describe, expect, it } from 'vitest';
import { CAR_PROFILE, isAccessible, parseMaxspeed, parseOneway, wayTravel } from './osm-profile.ts';

describe('parseMaxspeed', () => {
  it.each([
    ['50', 50],
    ['50 km/h', 50],
    ['50kmh', 50],
    ['30 mph', 30 * 1.609344],
    ['20 knots', 20 * 1.852],
    ['7.5', 7.5],
    ['50;30', 50],
    [' 60 ', 60],
  ])('%s → %d km/h', (value, kmh) => {
    expect(parseMaxspeed(value)).toBeCloseTo(kmh, 9);
  });

  it.each([
    'CN:urban',
    'DE:rural',
    'RU:living_street',
    'none',
    'walk',
    'signals',
    'variable',
    '0',
    '-5',
    'fast',
    '',
  ])('%s gives no number (class default applies)', (value) => {
    expect(parseMaxspeed(value)).toBeNull();
  });

  it('an absent tag gives no number', () => {
    expect(parseMaxspeed(undefined)).toBeNull();
  });
});

describe('parseOneway', () => {
  it.each([
    [{ highway: 'residential', oneway: 'yes' }, 'forward'],
    [{ highway: 'residential', oneway: 'true' }, 'forward'],
    [{ highway: 'residential', oneway: '1' }, 'forward'],
    [{ highway: 'residential', oneway: '-1' }, 'backward'],
    [{ highway: 'residential', oneway: 'reversible' }, null],
    [{ highway: 'residential', oneway: 'no' }, 'both'],
    [{ highway: 'residential' }, 'both'],
    [{ highway: 'primary', junction: 'roundabout' }, 'forward'],
    [{ highway: 'primary', junction: 'circular' }, 'forward'],
    [{ highway: 'motorway' }, 'forward'],
    [{ highway: 'motorway_link' }, 'forward'],
    [{ highway: 'motorway', oneway: 'no' }, 'both'],
    [{ highway: 'trunk' }, 'both'],
  ] as const)('%o → %s', (tags, direction) => {
    expect(parseOneway(tags, CAR_PROFILE)).toBe(direction);
  });
});

describe('isAccessible and wayTravel', () => {
  it('excludes access=no/private, but the most specific tag wins', () => {
    expect(isAccessible({ access: 'no' })).toBe(false);
    expect(isAccessible({ access: 'private' })).toBe(false);
    expect(isAccessible({ access: 'destination' })).toBe(true);
    expect(isAccessible({ access: 'no', motor_vehicle: 'yes' })).toBe(true);
    expect(isAccessible({ access: 'yes', motorcar: 'no' })).toBe(false);
  });

  it('routes drivable classes with maxspeed or the class default, and nothing else', () => {
    expect(wayTravel({ highway: 'residential' })).toEqual({ speedKmh: 30, direction: 'both' });
    expect(wayTravel({ highway: 'primary', maxspeed: '50' })).toEqual({ speedKmh: 50, direction: 'both' });
    expect(wayTravel({ highway: 'primary', maxspeed: 'CN:urban' })?.speedKmh).toBe(
      CAR_PROFILE.speedsKmh.primary,
    );
    for (const highway of [
      'footway',
      'steps',
      'path',
      'cycleway',
      'pedestrian',
      'construction',
      'proposed',
    ]) {
      expect(wayTravel({ highway })).toBeNull();
    }
    expect(wayTravel({ highway: 'service', access: 'private' })).toBeNull();
    expect(wayTravel({ highway: 'residential', area: 'yes' })).toBeNull();
    expect(wayTravel({ highway: 'toString' })).toBeNull();
  });
});
