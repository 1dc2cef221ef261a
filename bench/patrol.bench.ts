// Patrol benchmark: 277 Chicago beats designed from 2010-2019 aggravated assaults, nested in the
// police districts, against the real 2012 beats measured the same way (baseline); a naive
// design (balanced region growing and a greedy polish, no annealing or merge-and-split) for
// runtime and quality; and the heuristic's objective against HiGHS's exact optimum on small
// random instances.

import { readFileSync } from 'node:fs';
import { areaContains } from '../src/core/geo/geojson.ts';
import { BeatLayer, type BeatPeriodInput } from '../src/modules/patrol/beat-layer.ts';
import { readRegions } from '../src/modules/patrol/domain/geojson.ts';
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

/**
 * The 'patrol.beats' area layer on the real 2012 beats published twice (2012 and 2016 periods, 554
 * beat periods): every assault located at its own time, through the layer's R-tree + point in
 * polygon, against a linear scan of every period (baseline). Both must agree on every answer.
 */
function lookupRows(beatsPath: string, incidents: Incident[]): BenchRow[] {
  const regions = readRegions(JSON.parse(readFileSync(beatsPath, 'utf8')));
  const cut = new Date('2016-01-01T00:00:00Z');
  const periods: BeatPeriodInput[] = regions.flatMap((r) => {
    const geometry = { type: 'MultiPolygon' as const, coordinates: r.polygons as never };
    return [
      { id: `2012:${r.id}`, code: r.id, geometry, from: new Date('2012-01-01T00:00:00Z'), to: cut },
      { id: `2016:${r.id}`, code: r.id, geometry, from: cut, to: null },
    ];
  });
  const layer = new BeatLayer();
  const t0 = performance.now();
  layer.set(periods);
  const tBuild = performance.now() - t0;
  // Assaults from 2012 on (earlier ones fall before every period), every third one.
  const points = incidents.filter(
    (i, k) =>
      k % 3 === 0 && Number.isFinite(i.lon) && Number.isFinite(i.lat) && i.time! >= Date.parse('2012-01-01'),
  );
  const t1 = performance.now();
  const indexed = points.map((p) => layer.locate(p.lon, p.lat, new Date(p.time!))?.id ?? null);
  const tIndexed = performance.now() - t1;
  const sample = points;
  const t2 = performance.now();
  const scanned = sample.map((p) => {
    for (const b of periods)
      if (b.from.getTime() <= p.time! && (b.to === null || p.time! < b.to.getTime()))
        if (areaContains(b.geometry, p.lon, p.lat)) return b.id;
    return null;
  });
  const tScan = performance.now() - t2;
  const disagree = scanned.filter((id, k) => id !== indexed[k]).length;
  const found = indexed.filter((id) => id !== null).length;
  const params = { periods: periods.length, points: points.length, disagree };
  console.log(`beat layer: ${JSON.stringify({ ...params, found, tBuild, tIndexed, tScan })}`);
  return [
    row(
      'beats in force: point + time lookup (layer index vs linear scan)',
      (1000 * tIndexed) / points.length,
      'µs/lookup',
      params,
      (1000 * tScan) / sample.length,
    ),
    row('beats in force: index build', tBuild, 'ms', params),
    row('beats in force: answers differing from the linear scan', disagree, 'count', params),
    row('beats in force: assaults located in a beat', found / points.length, 'ratio', params),
  ];
}

const paths = {
  districts: sharedDataPath(CHICAGO.districts),
  beats: sharedDataPath(CHICAGO.beats),
  assaults: sharedDataPath(CHICAGO.assaults),
};
const rows: BenchRow[] = [];
if (paths.districts && paths.beats && paths.assaults) {
  rows.push(...lookupRows(paths.beats, readAssaults(paths.assaults)));
  rows.push(...chicagoRows(paths as { districts: string; beats: string; assaults: string }));
} else {
  console.log('patrol: Chicago data absent, skipping the city benchmark');
}
rows.push(...(await exactRows()));
writeResults('patrol', rows);
