// Patrol benchmark: 277 Chicago beats designed from 2010-2019 aggravated assaults, nested in the
// police districts, against the real 2012 beats measured the same way (baseline); a naive
// design (balanced region growing and a greedy polish, no annealing or merge-and-split) for
// runtime and quality; and the heuristic's objective against HiGHS's exact optimum on small
// random instances.
import {
  type AtomSet,
  assignWorkload,
  type BeatDesign,
  type DesignLike,
  designBeats,
  designQuality,
  districtingObjective,
  type Incident,
  loadSolver,
  replayDispatch,
  solveExact,
} from '../src/modules/patrol/index.ts';
import {
  CHICAGO,
  chicagoAtoms,
  readAssaults,
  readRealBeats,
} from '../src/modules/patrol/test-support/chicago.ts';
import { randomInstance } from '../src/modules/patrol/test-support/instances.ts';
import { sharedDataPath } from '../test/support/shared-data.ts';
import { type BenchRow, writeResults } from './support/results.ts';

const BEATS = 277;
const BUDGET_MS = 55_000;
const ON_SCENE = { 'aggravated assault': 45 };
const round = (x: number) => Math.round(x * 1000) / 1000;

function row(
  metric: string,
  value: number,
  unit: string,
  params: Record<string, unknown>,
  baseline?: number,
): BenchRow {
  return {
    metric,
    value: round(value),
    unit,
    baseline: baseline === undefined ? null : round(baseline),
    ratio: baseline === undefined ? null : round(value / baseline),
    db: null,
    params: baseline === undefined ? params : { ...params, note: 'ratio = value / baseline' },
  };
}

interface Measured {
  cv: number;
  maxOverMean: number;
  ppMedian: number;
  ppP10: number;
  travelMean: number;
  travelP90: number;
  responseMean: number;
  responseP90: number;
  contiguous: boolean;
  nested: boolean;
}

function measure(atoms: AtomSet, design: DesignLike, incidents: Incident[], atomOf: Int32Array): Measured {
  const q = designQuality(atoms, design, { demand: { incidents, atomOf } });
  const replay = replayDispatch(atoms, design, incidents, atomOf, {
    positions: q.beats.map((b) => b.patrolPosition),
    onSceneMinutes: ON_SCENE,
  });
  return {
    cv: q.workload.cv,
    maxOverMean: q.workload.maxOverMean,
    ppMedian: q.polsbyPopper.median,
    ppP10: q.polsbyPopper.p10,
    travelMean: q.travel?.mean ?? Number.NaN,
    travelP90: q.travel?.p90 ?? Number.NaN,
    responseMean: replay.mean,
    responseP90: replay.p90,
    contiguous: q.contiguity.all,
    nested: q.nesting.all,
  };
}

function realBeats(path: string, incidents: Incident[]): Measured {
  const { atoms, atomOf } = assignWorkload(readRealBeats(path), incidents, { onSceneMinutes: ON_SCENE });
  const design = {
    assignment: Int32Array.from(atoms.ids, (_, i) => i),
    beats: atoms.ids.map((id, i) => ({ id, parentId: atoms.parentIds[atoms.parent[i]!]! })),
  };
  return measure(atoms, design, incidents, atomOf);
}

function measuredRows(
  label: string,
  m: Measured,
  base: Measured,
  params: Record<string, unknown>,
): BenchRow[] {
  return [
    row(`${label}: workload CV`, m.cv, 'ratio', params, base.cv),
    row(`${label}: workload max/mean`, m.maxOverMean, 'ratio', params, base.maxOverMean),
    row(`${label}: Polsby-Popper median`, m.ppMedian, 'ratio', params, base.ppMedian),
    row(`${label}: Polsby-Popper p10`, m.ppP10, 'ratio', params, base.ppP10),
    row(`${label}: travel from patrol position, mean`, m.travelMean, 'm', params, base.travelMean),
    row(`${label}: travel from patrol position, p90`, m.travelP90, 'm', params, base.travelP90),
    row(`${label}: replay response time, mean`, m.responseMean, 's', params, base.responseMean),
    row(`${label}: replay response time, p90`, m.responseP90, 's', params, base.responseP90),
    row(`${label}: all beats contiguous and nested`, m.contiguous && m.nested ? 1 : 0, 'bool', params),
  ];
}

function chicagoRows(paths: { districts: string; beats: string; assaults: string }): BenchRow[] {
  const incidents = readAssaults(paths.assaults);
  const real = realBeats(paths.beats, incidents);
  const t0 = performance.now();
  const { atoms, atomOf, resolution } = chicagoAtoms(paths.districts, incidents, BEATS, {
    onSceneMinutes: ON_SCENE,
  });
  const tAtoms = performance.now() - t0;
  const design: BeatDesign = designBeats(atoms, {
    beats: BEATS,
    seed: 1,
    now: () => performance.now(),
    timeLimitMs: BUDGET_MS - tAtoms,
  });
  const tTotal = performance.now() - t0;
  const t1 = performance.now();
  const naive = designBeats(atoms, {
    beats: BEATS,
    seed: 1,
    sweeps: 0,
    minIterations: 0,
    recombineRounds: 0,
  });
  const tNaive = performance.now() - t1 + tAtoms;
  const params = {
    atoms: atoms.ids.length,
    resolution,
    beats: BEATS,
    districts: atoms.parentIds.length,
  };
  const designed = measure(atoms, design, incidents, atomOf);
  const naiveM = measure(atoms, naive, incidents, atomOf);
  console.log(`real beats: ${JSON.stringify(real)}`);
  console.log(`designed:   ${JSON.stringify(designed)} (timed out: ${design.timedOut})`);
  console.log(`naive:      ${JSON.stringify(naiveM)}`);
  return [
    ...seedRows(atoms, params),
    ...measuredRows('real 2012 beats (reference CV 0.65, max/mean 3.2, PP 0.69)', real, real, { beats: 277 }),
    ...measuredRows('designed beats vs real 2012 beats', designed, real, params),
    ...measuredRows('region growing + greedy polish only vs real 2012 beats', naiveM, real, params),
    row('design runtime (atoms + workload + optimisation)', tTotal / 1000, 's', params, tNaive / 1000),
    row('atoms + workload build', tAtoms / 1000, 's', params),
  ];
}

/** Spread of the design's figures over seeds (same inputs, default settings). */
function seedRows(atoms: AtomSet, params: Record<string, unknown>): BenchRow[] {
  const figures = [2, 3, 4].map((seed) => {
    const t0 = performance.now();
    const q = designQuality(atoms, designBeats(atoms, { beats: BEATS, seed }));
    return { seed, cv: q.workload.cv, pp: q.polsbyPopper.median, s: (performance.now() - t0) / 1000 };
  });
  console.log(`other seeds: ${JSON.stringify(figures)}`);
  const stat = (f: (x: (typeof figures)[number]) => number) => figures.map(f);
  return [
    row('other seeds: workload CV, worst', Math.max(...stat((x) => x.cv)), 'ratio', { ...params, figures }),
    row('other seeds: Polsby-Popper median, worst', Math.min(...stat((x) => x.pp)), 'ratio', {
      ...params,
      figures,
    }),
  ];
}

async function exactRows(): Promise<BenchRow[]> {
  const highs = await loadSolver();
  const comparable = { perimeter: 0, balanceNorm: 'absolute', inertiaScale: 'absolute' } as const;
  const rows: BenchRow[] = [];
  const gaps: number[] = [];
  for (const seed of [1, 2, 3, 4, 5, 6]) {
    for (const [parents, w, h, beats] of [
      [1, 0.03, 0.02, 2],
      [1, 0.035, 0.025, 3],
      [2, 0.04, 0.02, 4],
    ] as const) {
      const atoms = randomInstance({ seed, parents, widthDeg: w, heightDeg: h, resolution: 8 });
      const heuristic = designBeats(atoms, { beats, seed, weights: comparable });
      const t0 = performance.now();
      const exact = solveExact(highs, atoms, { beats, timeLimitS: 30, start: heuristic });
      const seconds = (performance.now() - t0) / 1000;
      const fe = districtingObjective(atoms, exact);
      const fh = districtingObjective(atoms, heuristic);
      const gap = (100 * (fh - fe)) / fe;
      gaps.push(gap);
      const params = {
        seed,
        atoms: atoms.ids.length,
        beats,
        parents,
        mipStatus: exact.status,
        mipSeconds: round(seconds),
      };
      rows.push(
        row(
          `small instance: heuristic objective vs MIP`,
          fh,
          'objective',
          { ...params, gapPct: round(gap) },
          fe,
        ),
      );
      rows.push(row(`small instance: HiGHS optimality gap`, exact.gap, 'ratio', params));
    }
  }
  const sorted = [...gaps].sort((a, b) => a - b);
  const summary = { instances: gaps.length, optimalFound: gaps.filter((g) => g < 1e-6).length };
  rows.push(row('small instances: heuristic gap to MIP, max', sorted[sorted.length - 1]!, '%', summary));
  rows.push(
    row(
      'small instances: heuristic gap to MIP, mean',
      gaps.reduce((a, b) => a + b, 0) / gaps.length,
      '%',
      summary,
    ),
  );
  return rows;
}

const paths = {
  districts: sharedDataPath(CHICAGO.districts),
  beats: sharedDataPath(CHICAGO.beats),
  assaults: sharedDataPath(CHICAGO.assaults),
};
const rows: BenchRow[] = [];
if (paths.districts && paths.beats && paths.assaults) {
  rows.push(...chicagoRows(paths as { districts: string; beats: string; assaults: string }));
} else {
  console.log('patrol: Chicago data absent, skipping the city benchmark');
}
rows.push(...(await exactRows()));
writeResults('patrol', rows);
