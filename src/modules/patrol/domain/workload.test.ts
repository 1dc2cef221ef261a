import { describe, expect, it } from 'vitest';
import { stripParents } from '../test-support/instances.ts';
import { isPatrolError } from './errors.ts';
import { buildH3Atoms } from './h3-atoms.ts';
import { assignWorkload } from './workload.ts';

const atoms = buildH3Atoms(stripParents(2, 0.02, 0.01), { resolution: 9 });

describe('assignWorkload', () => {
  it('sums each type’s on-scene time into the atom containing the incident', () => {
    const {
      atoms: a,
      atomOf,
      unassigned,
    } = assignWorkload(
      atoms,
      [
        { lon: 0.005, lat: 0.005, type: 'assault' },
        { lon: 0.005, lat: 0.005, type: 'noise' },
        { lon: 0.015, lat: 0.005 },
        { lon: 5, lat: 5, type: 'assault' },
      ],
      { onSceneMinutes: { assault: 45, noise: 10 }, defaultWeight: 20 },
    );
    expect(unassigned).toBe(1);
    expect(atomOf[0]).toBe(atomOf[1]);
    expect(a.workload[atomOf[0]!]).toBe(55);
    expect(a.workload[atomOf[2]!]).toBe(20);
    expect(a.parentIds[a.parent[atomOf[0]!]!]).toBe('P1');
    expect(a.parentIds[a.parent[atomOf[2]!]!]).toBe('P2');
  });

  it('refuses an empty workload with EMPTY_WORKLOAD', () => {
    for (const incidents of [[], [{ lon: 50, lat: 50 }], [{ lon: 0.005, lat: 0.005, weight: 0 }]]) {
      try {
        assignWorkload(atoms, incidents);
        expect.unreachable();
      } catch (e) {
        expect(isPatrolError(e, 'EMPTY_WORKLOAD')).toBe(true);
      }
    }
  });
});
