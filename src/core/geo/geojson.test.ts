import { describe, expect, it } from 'vitest';
import { AreaIndex } from './area-index.ts';
import { type Area, validateArea } from './geojson.ts';

const square: Area = {
  type: 'Polygon',
  coordinates: [
    [
      [0, 0],
      [1, 0],
      [1, 1],
      [0, 1],
      [0, 0],
    ],
  ],
};

describe('validateArea', () => {
  it('accepts a simple closed polygon and a multipolygon', () => {
    expect(validateArea(square)).toEqual([]);
    expect(validateArea({ type: 'MultiPolygon', coordinates: [square.coordinates] })).toEqual([]);
  });

  it('refuses an open ring', () => {
    const open = {
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [1, 0],
          [1, 1],
          [0, 1],
          [0, 0.5],
        ],
      ],
    };
    expect(validateArea(open)[0]?.message).toMatch(/not closed/);
  });

  it('refuses a self-intersecting (bow-tie) ring', () => {
    const bowtie = {
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [1, 1],
          [1, 0],
          [0, 1],
          [0, 0],
        ],
      ],
    };
    expect(validateArea(bowtie)[0]?.message).toMatch(/intersects itself/);
  });

  it('refuses latitude 91 and longitude 181', () => {
    const far = {
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [181, 0],
          [1, 91],
          [0, 0],
        ],
      ],
    };
    const messages = validateArea(far).map((i) => i.message);
    expect(messages.some((m) => /latitude 91/.test(m))).toBe(true);
    expect(messages.some((m) => /longitude 181/.test(m))).toBe(true);
  });

  it('refuses other geometry types and junk', () => {
    expect(validateArea({ type: 'Point', coordinates: [0, 0] })).toHaveLength(1);
    expect(validateArea(null)).toHaveLength(1);
    expect(validateArea({ type: 'Polygon', coordinates: [[['a', 0]]] })).not.toHaveLength(0);
  });
});

describe('AreaIndex', () => {
  it('returns the deepest containing area and nothing outside', () => {
    const inner: Area = {
      type: 'Polygon',
      coordinates: [
        [
          [0.2, 0.2],
          [0.4, 0.2],
          [0.4, 0.4],
          [0.2, 0.4],
          [0.2, 0.2],
        ],
      ],
    };
    const index = new AreaIndex([
      { area: square, depth: 1, value: 'outer' },
      { area: inner, depth: 2, value: 'inner' },
    ]);
    expect(index.deepest(0.3, 0.3)).toBe('inner');
    expect(index.deepest(0.8, 0.8)).toBe('outer');
    expect(index.deepest(2, 2)).toBeNull();
  });
});
