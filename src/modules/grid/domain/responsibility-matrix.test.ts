import { describe, expect, it } from 'vitest';
import { ltreeAncestor, ltreeParent } from './ltree.ts';
import { ANY_SERVICE, buildResponsibilityMatrix } from './responsibility-matrix.ts';

const matrix = buildResponsibilityMatrix([
  { serviceCode: 'road', jurisdictionPath: 'c1', departmentId: 'county-transport' },
  { serviceCode: 'road', jurisdictionPath: 'c1.t2', departmentId: 't2-roads' },
  { serviceCode: 'road', jurisdictionPath: 'c1.t2.v3.g4', departmentId: 'g4-worker-team' },
  { serviceCode: 'noise', jurisdictionPath: 'c1', departmentId: 'county-police' },
  { serviceCode: ANY_SERVICE, jurisdictionPath: 'c1', departmentId: 'county-service-centre' },
  { serviceCode: ANY_SERVICE, jurisdictionPath: 'c1.t2.v3', departmentId: 'v3-committee' },
  { serviceCode: 'road', jurisdictionPath: 'c9', departmentId: 'other-county' },
]);

describe('responsibility matrix', () => {
  it.each([
    // [type, path, department, matched row path]
    ['road', 'c1', 'county-transport', 'c1'],
    ['road', 'c1.t1.v1', 'county-transport', 'c1'], // inherited down the tree
    ['road', 'c1.t2', 't2-roads', 'c1.t2'],
    ['road', 'c1.t2.v3', 't2-roads', 'c1.t2'],
    ['road', 'c1.t2.v3.g4', 'g4-worker-team', 'c1.t2.v3.g4'], // most specific wins
    ['road', 'c1.t2.v3.g5', 't2-roads', 'c1.t2'], // sibling cell does not inherit g4's row
    ['road', 'c1.t22', 'county-transport', 'c1'], // label prefix is not an ancestor
    ['noise', 'c1.t2.v3.g4', 'county-police', 'c1'], // explicit type beats the village catch-all
    ['litter', 'c1.t2.v3.g4', 'v3-committee', 'c1.t2.v3'], // catch-all, deepest first
    ['litter', 'c1.t2', 'county-service-centre', 'c1'],
    ['road', 'c9.t1', 'other-county', 'c9'],
  ])('%s at %s -> %s', (code, path, department, rowPath) => {
    const hit = matrix.resolve(code, path);
    expect(hit?.departmentId).toBe(department);
    expect(hit?.entry.jurisdictionPath).toBe(rowPath);
  });

  it.each([
    ['litter', 'c9'],
    ['road', 'c8.t1'],
  ])('%s at %s has no department', (code, path) => {
    expect(matrix.resolve(code, path)).toBeNull();
  });

  it('rejects malformed paths and duplicate rows', () => {
    expect(() => matrix.resolve('road', 'c1..t2')).toThrow(RangeError);
    expect(() =>
      buildResponsibilityMatrix([{ serviceCode: 'x', jurisdictionPath: 'a b', departmentId: 'd' }]),
    ).toThrow(RangeError);
    expect(() =>
      buildResponsibilityMatrix([
        { serviceCode: 'x', jurisdictionPath: 'a', departmentId: 'd1' },
        { serviceCode: 'x', jurisdictionPath: 'a', departmentId: 'd2' },
      ]),
    ).toThrow(/duplicate/);
  });

  it('ltree helpers', () => {
    expect(ltreeParent('c1.t2.v3')).toBe('c1.t2');
    expect(ltreeParent('c1')).toBeNull();
    expect(ltreeAncestor('c1.t2.v3', 2)).toBe('c1');
    expect(ltreeAncestor('c1.t2.v3', 3)).toBeNull();
  });
});
