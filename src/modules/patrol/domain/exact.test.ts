import { beforeAll, describe, expect, it } from 'vitest';
import { loadSolver } from '../solver.ts';
import { randomInstance } from '../test-support/instances.ts';
import type { AtomSet } from './atoms.ts';
import { designBeats } from './designer.ts';
import { districtingObjective, solveExact } from './exact.ts';
import { isContiguous } from './graph.ts';

type Highs = Awaited<ReturnType<typeof loadSolver>>;
let highs: Highs;
beforeAll(async () => {
  highs = await loadSolver();
});

// Heuristic objective terms set to the exact model's: |deviation| balance and inertia about a
// fixed reference area, no perimeter term.
const comparable = { perimeter: 0, balanceNorm: 'absolute', inertiaScale: 'absolute' } as const;

const cases: { name: string; atoms: () => AtomSet; beats: number }[] = [
  {
    name: '13 atoms, 2 beats',
    atoms: () => randomInstance({ seed: 2, parents: 1, widthDeg: 0.03, heightDeg: 0.02, resolution: 8 }),
    beats: 2,
  },
  {
    name: '13 atoms, 2 beats (b)',
    atoms: () => randomInstance({ seed: 5, parents: 1, widthDeg: 0.03, heightDeg: 0.02, resolution: 8 }),
    beats: 2,
  },
  {
    name: '19 atoms, 3 beats',
    atoms: () => randomInstance({ seed: 1, parents: 1, widthDeg: 0.035, heightDeg: 0.025, resolution: 8 }),
    beats: 3,
  },
  {
    name: '19 atoms, 2 parents, 4 beats',
    atoms: () => randomInstance({ seed: 5, parents: 2, widthDeg: 0.04, heightDeg: 0.02, resolution: 8 }),
    beats: 4,
  },
];

describe('solveExact vs designBeats on small random instances', () => {
  it.each(cases)(
    '$name: heuristic within 15% of the proven optimum',
    ({ atoms: make, beats }) => {
      const atoms = make();
      const heuristic = designBeats(atoms, { beats, seed: 1, weights: comparable });
      const exact = solveExact(highs, atoms, { beats, timeLimitS: 30, start: heuristic });
      expect(exact.beats).toHaveLength(beats);
      for (const beat of exact.beats) {
        expect(isContiguous(atoms, beat.atoms)).toBe(true);
        expect(beat.atoms.every((i) => atoms.parentIds[atoms.parent[i]!] === beat.parentId)).toBe(true);
      }
      const fe = districtingObjective(atoms, exact);
      const fh = districtingObjective(atoms, heuristic);
      const gap = (fh - fe) / fe;
      console.log(
        `exact-vs-heuristic n=${atoms.ids.length} p=${beats}: MIP ${exact.status} obj=${fe.toFixed(4)} ` +
          `HiGHS gap=${exact.gap.toExponential(2)} | heuristic obj=${fh.toFixed(4)} gap=${(100 * gap).toFixed(2)}%`,
      );
      expect(exact.objective).toBeCloseTo(fe, 4);
      expect(exact.gap).toBeLessThan(0.05);
      expect(gap).toBeGreaterThan(-1e-6);
      expect(gap).toBeLessThan(0.15);
    },
    120_000,
  );

  it('rejects more beats than atoms', () => {
    const atoms = cases[0]!.atoms();
    expect(() => solveExact(highs, atoms, { beats: atoms.ids.length + 1 })).toThrow(/beats/);
  });
});

describe('solveExact balance modes', () => {
  it('minimax and tolerance variants solve and respect their definitions', () => {
    const atoms = cases[0]!.atoms();
    const minimax = solveExact(highs, atoms, { beats: 2, balance: 'minimax', timeLimitS: 30 });
    expect(minimax.objective).toBeCloseTo(districtingObjective(atoms, minimax, undefined, 'minimax'), 4);
    const total = atoms.workload.reduce((a, b) => a + b, 0);
    const tight = solveExact(highs, atoms, { beats: 2, tolerance: 0.05, timeLimitS: 30 });
    for (const beat of tight.beats) {
      const w = beat.atoms.reduce((s, i) => s + atoms.workload[i]!, 0);
      expect(Math.abs(w - total / 2)).toBeLessThanOrEqual(0.05 * (total / 2) + 1e-6);
    }
  }, 120_000);
});
