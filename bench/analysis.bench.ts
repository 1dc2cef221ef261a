// Analysis benchmark: Getis-Ord Gi* over 1M synthetic incidents at H3 res 9 against a naive
// O(cells²) weights build (extrapolated from a measured subsample) and, when Rscript with spdep
// is installed, R's spdep::localG on the same cells; plus kernel density, Knox and the
// space-time scan, each against a brute-force version measured in the same run.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { gridDisk, gridDistance, latLngToCell } from 'h3-js';
import {
  countCoordinatesByCell,
  createRng,
  diskNeighbours,
  giStar,
  kernelDensityGrid,
  kernelValue,
  knoxTest,
  localProjection,
  type Rng,
  randomInt,
  randomNormal,
  type ScanCase,
  shuffleInPlace,
  spaceTimePermutationScan,
  studyArea,
} from '../src/modules/analysis/index.ts';
import { sharedDataPath } from '../test/support/shared-data.ts';
import { type BenchRow, writeResults } from './support/results.ts';

const N_POINTS = 1_000_000;
const RES = 9;
const CHICAGO = { south: 41.64, north: 42.02, west: -87.94, east: -87.52 };
const RATIO_NOTE = 'ratio = baseline / value (times faster)';

function row(
  metric: string,
  value: number,
  unit: string,
  params: Record<string, unknown>,
  baseline?: number,
): BenchRow {
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return {
    metric,
    value: round(value),
    unit,
    baseline: baseline === undefined ? null : round(baseline),
    ratio: baseline === undefined ? null : round(baseline / value),
    db: null,
    params: baseline === undefined ? params : { ...params, note: RATIO_NOTE },
  };
}

function time<T>(fn: () => T): { ms: number; result: T } {
  const t0 = performance.now();
  const result = fn();
  return { ms: performance.now() - t0, result };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** 70 % of incidents around 60 Gaussian hotspots (σ 150–1,200 m), 30 % uniform over the city. */
function syntheticIncidents(n: number, rng: Rng): { lats: Float64Array; lons: Float64Array } {
  const spots = Array.from({ length: 60 }, () => ({
    lat: CHICAGO.south + rng() * (CHICAGO.north - CHICAGO.south),
    lon: CHICAGO.west + rng() * (CHICAGO.east - CHICAGO.west),
    sigmaDeg: (150 + rng() * 1050) / 111_000,
  }));
  const lats = new Float64Array(n);
  const lons = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (rng() < 0.7) {
      const s = spots[randomInt(rng, spots.length)]!;
      lats[i] = s.lat + s.sigmaDeg * randomNormal(rng);
      lons[i] = s.lon + (s.sigmaDeg / Math.cos((s.lat * Math.PI) / 180)) * randomNormal(rng);
    } else {
      lats[i] = CHICAGO.south + rng() * (CHICAGO.north - CHICAGO.south);
      lons[i] = CHICAGO.west + rng() * (CHICAGO.east - CHICAGO.west);
    }
  }
  return { lats, lons };
}

/** Naive weights: every cell against every cell with gridDistance ≤ 1, timed on a row sample. */
function naiveWeightsMs(
  cells: string[],
  sampleRows: number,
  rng: Rng,
): { msPerRow: number; checked: number } {
  let checked = 0;
  const t0 = performance.now();
  for (let s = 0; s < sampleRows; s++) {
    const a = cells[randomInt(rng, cells.length)]!;
    for (const b of cells) if (gridDistance(a, b) <= 1) checked++;
  }
  return { msPerRow: (performance.now() - t0) / sampleRows, checked };
}

/** spdep::localG on the same cells and neighbours (R's own timing of include.self + nb2listw + localG). */
function spdepLocalG(cells: string[], counts: Float64Array): { ms: number; z: Float64Array } | null {
  const probe = spawnSync('Rscript', ['-e', 'suppressMessages(library(spdep)); cat("ok")'], {
    encoding: 'utf8',
  });
  if (probe.status !== 0 || !probe.stdout.includes('ok')) return null;
  const dir = mkdtempSync(join(tmpdir(), 'haven-gistar-'));
  try {
    const { offsets, indices } = diskNeighbours(cells, 1);
    const edges: string[] = [];
    for (let i = 0; i < cells.length; i++) {
      for (let e = offsets[i]!; e < offsets[i + 1]!; e++)
        if (indices[e] !== i) edges.push(`${i + 1} ${indices[e]! + 1}`);
    }
    writeFileSync(join(dir, 'x.txt'), Array.from(counts).join('\n'));
    writeFileSync(join(dir, 'edges.txt'), edges.join('\n'));
    const script = `suppressMessages(library(spdep))
x <- scan("${dir}/x.txt", quiet = TRUE); e <- read.table("${dir}/edges.txt"); n <- length(x)
nb <- lapply(split(e$V2, factor(e$V1, levels = 1:n)), function(v) if (length(v)) sort(as.integer(v)) else 0L)
class(nb) <- "nb"; attr(nb, "region.id") <- as.character(1:n); attr(nb, "sym") <- TRUE
t <- system.time({ lw <- nb2listw(include.self(nb), style = "B", zero.policy = TRUE); g <- localG(x, lw, zero.policy = TRUE) })
writeLines(format(as.numeric(g), digits = 17), "${dir}/z.txt"); cat(t[["elapsed"]])`;
    const run = spawnSync('Rscript', ['-e', script], { encoding: 'utf8', maxBuffer: 1 << 26 });
    if (run.status !== 0) throw new Error(run.stderr);
    const z = Float64Array.from(readFileSync(join(dir, 'z.txt'), 'utf8').trim().split('\n'), Number);
    return { ms: Number(run.stdout.trim()) * 1000, z };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function benchGiStar(
  rows: BenchRow[],
  label: string,
  lats: Float64Array,
  lons: Float64Array,
  runs: number,
): void {
  const params = { points: lats.length, resolution: RES, k: 1, data: label };
  const agg: number[] = [];
  const gi: number[] = [];
  let counts = new Map<string, number>();
  let result = giStar(new Map());
  for (let r = 0; r < runs; r++) {
    const a = time(() => countCoordinatesByCell(lats, lons, RES));
    const g = time(() => giStar(a.result));
    agg.push(a.ms);
    gi.push(g.ms);
    counts = a.result;
    result = g.result;
  }
  const cells = result.cells.map((c) => c.cell);
  const total = median(agg) + median(gi);
  const naive = naiveWeightsMs(cells, 20, createRng(5));
  const naiveTotal = median(agg) + naive.msPerRow * cells.length;
  const p = { ...params, studyCells: result.n, occupiedCells: counts.size, runs };
  rows.push(row(`gistar_${label}_aggregate_ms`, median(agg), 'ms', p));
  rows.push(row(`gistar_${label}_statistic_ms`, median(gi), 'ms', p));
  rows.push(
    row(
      `gistar_${label}_total_ms`,
      total,
      'ms',
      { ...p, baseline: 'naive O(cells²) gridDistance weights, 20 rows timed, extrapolated to all rows' },
      naiveTotal,
    ),
  );
  const r = spdepLocalG(
    cells,
    Float64Array.from(result.cells, (c) => c.count),
  );
  if (r) {
    let maxDiff = 0;
    result.cells.forEach((c, i) => {
      if (Number.isFinite(c.z)) maxDiff = Math.max(maxDiff, Math.abs(c.z - r.z[i]!));
    });
    rows.push(
      row(
        `gistar_${label}_statistic_vs_spdep_ms`,
        median(gi),
        'ms',
        {
          ...p,
          baseline: 'R spdep 1.2-7 nb2listw(include.self)+localG, neighbours given',
          maxAbsZDiff: maxDiff,
        },
        r.ms,
      ),
    );
  } else {
    console.log('Rscript with spdep not found: skipping the R baseline');
  }
}

function benchKde(rows: BenchRow[], lats: Float64Array, lons: Float64Array): void {
  const n = 100_000;
  const points = Array.from({ length: n }, (_, i) => ({ lat: lats[i]!, lon: lons[i]! }));
  const spec = { ...CHICAGO, cellSizeM: 250 };
  const opts = { kernel: 'quartic' as const, bandwidthM: 600 };
  const { ms, result: grid } = time(() => kernelDensityGrid(points, spec, opts));
  const proj = localProjection({ lat: (spec.south + spec.north) / 2, lon: (spec.west + spec.east) / 2 });
  const xy = points.map((p) => proj.toXY(p));
  const rng = createRng(9);
  const sample = 50;
  const t0 = performance.now();
  for (let s = 0; s < sample; s++) {
    const [x, y] = proj.toXY(grid.centre(randomInt(rng, grid.rows), randomInt(rng, grid.cols)));
    let sum = 0;
    for (const [px, py] of xy) sum += kernelValue('quartic', Math.hypot(px - x, py - y), 600);
    if (sum < 0) throw new Error('impossible');
  }
  const brute = ((performance.now() - t0) / sample) * grid.rows * grid.cols;
  rows.push(
    row(
      'kde_quartic_100k_points_grid_ms',
      ms,
      'ms',
      {
        points: n,
        cells: grid.rows * grid.cols,
        cellSizeM: 250,
        bandwidthM: 600,
        baseline: 'brute-force sum over all points, 50 cells timed, extrapolated',
      },
      brute,
    ),
  );
}

function benchKnox(rows: BenchRow[], lats: Float64Array, lons: Float64Array): void {
  const n = 5000;
  const rng = createRng(13);
  const events = Array.from({ length: n }, (_, i) => ({
    lat: lats[i * 7]!,
    lon: lons[i * 7]!,
    t: rng() * 365,
  }));
  const opts = { distanceBandsM: [100, 200, 400], timeBandsDays: [7, 14, 28], permutations: 99, seed: 1 };
  const { ms } = time(() => knoxTest(events, opts));
  // Naive: every pair, every permutation (one permutation timed, scaled to observed + 99).
  const proj = localProjection({ lat: 41.83, lon: -87.73 });
  const xy = events.map((e) => proj.toXY(e));
  const times = Float64Array.from(events, (e) => e.t);
  const t0 = performance.now();
  shuffleInPlace(times, rng);
  let close = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const d = Math.hypot(xy[i]![0] - xy[j]![0], xy[i]![1] - xy[j]![1]);
      if (d <= 400 && Math.abs(times[i]! - times[j]!) <= 28) close++;
    }
  }
  const naive = (performance.now() - t0) * (opts.permutations + 1);
  rows.push(
    row(
      'knox_5k_events_99_permutations_ms',
      ms,
      'ms',
      {
        events: n,
        ...opts,
        closePairsOnePermutation: close,
        baseline: 'all pairs per permutation, one timed, ×100',
      },
      naive,
    ),
  );
}

function benchScan(rows: BenchRow[], lats: Float64Array, lons: Float64Array): void {
  const perDay = 150;
  const days = 365;
  const rng = createRng(17);
  const cases: ScanCase[] = [];
  for (let d = 0; d < days; d++) {
    for (let i = 0; i < perDay; i++) {
      const k = randomInt(rng, lats.length);
      cases.push({ cell: latLngToCell(lats[k]!, lons[k]!, RES), day: d });
    }
  }
  const opts = {
    today: days - 1,
    studyDays: days,
    maxWindowDays: 7,
    maxRadiusK: 2,
    replicates: 999,
    seed: 3,
  };
  const { ms, result } = time(() => spaceTimePermutationScan(cases, opts));
  // Naive replicate: shuffle every case's day, recount every cylinder from its disk's cells.
  const cellsOf = [...new Set(cases.map((c) => c.cell))];
  const disks = cellsOf.map((c) => [0, 1, 2].map((k) => gridDisk(c, k)));
  const reps = 3;
  const t0 = performance.now();
  for (let r = 0; r < reps; r++) {
    const dayOf = Int32Array.from(cases, (c) => c.day);
    shuffleInPlace(dayOf, rng);
    const recent = new Map<string, Float64Array>();
    cases.forEach((c, i) => {
      const age = opts.today - dayOf[i]!;
      if (age >= 7) return;
      const a = recent.get(c.cell) ?? new Float64Array(7);
      a[age]! += 1;
      recent.set(c.cell, a);
    });
    let sum = 0;
    for (const centre of disks)
      for (const disk of centre) for (const cell of disk) sum += recent.get(cell)?.[0] ?? 0;
    if (sum < 0) throw new Error('impossible');
  }
  const naive = ((performance.now() - t0) / reps) * (opts.replicates + 1);
  rows.push(
    row(
      'scan_prospective_55k_cases_999_replicates_ms',
      ms,
      'ms',
      {
        cases: cases.length,
        resolution: RES,
        ...opts,
        clusters: result.clusters.length,
        baseline: 'full reshuffle + recount of every cylinder per replicate, 3 timed, ×1000',
      },
      naive,
    ),
  );
}

function chicagoPoints(): { lats: Float64Array; lons: Float64Array } | null {
  const file = sharedDataPath('crime/chicago/chicago_aggravated_assaults_2010_2019.csv.gz');
  if (!file) return null;
  const lines = gunzipSync(readFileSync(file)).toString('utf8').trim().split('\n');
  const head = lines[0]!.split(',');
  const [iLat, iLon] = [head.indexOf('latitude'), head.indexOf('longitude')];
  const rows = lines.slice(1).map((l) => l.split(','));
  return {
    lats: Float64Array.from(rows, (r) => Number(r[iLat])),
    lons: Float64Array.from(rows, (r) => Number(r[iLon])),
  };
}

// HAVEN_BENCH_ANALYSIS_ONLY=dashboard runs only the PostgreSQL dashboard figures and replaces the
// dashboard rows of bench/results/analysis.json, keeping the other rows of the earlier run.
const dashboardOnly = process.env.HAVEN_BENCH_ANALYSIS_ONLY === 'dashboard';
const rows: BenchRow[] = [];
if (!dashboardOnly) {
  const { lats, lons } = syntheticIncidents(N_POINTS, createRng(42));
  benchGiStar(rows, 'synthetic_1m_res9', lats, lons, 3);
  const chicago = chicagoPoints();
  if (chicago) benchGiStar(rows, 'chicago_148k_res9', chicago.lats, chicago.lons, 3);
  benchKde(rows, lats, lons);
  benchKnox(rows, lats, lons);
  benchScan(rows, lats, lons);
  // Sanity: the study area really is occupied cells plus their rings.
  if (studyArea(new Map([[latLngToCell(41.88, -87.63, RES), 1]]), 1).size !== 7)
    throw new Error('study area');
}

// ---------------------------------------------------------------------------------------
// RESERVED: import and dashboard figures (ingest rows/s, CompStat query latency, etc.) are
// added here by the engineer wiring the analysis module to the database. Push BenchRow
// objects (with db: 'pglite' | 'postgres' and a raw-SQL baseline) into `importDashboardRows`.
const importDashboardRows: BenchRow[] = [];
await benchImportAndDashboard(importDashboardRows);

/** Import rows/s of the real crime file (PGlite and PostgreSQL) and dashboard query p99. */
async function benchImportAndDashboard(out: BenchRow[]): Promise<void> {
  const { openServices } = await import('../src/app/node.ts');
  const { loadConfig } = await import('../src/core/config/config.ts');
  const { systemActor } = await import('../src/core/identity/actor.ts');
  const { freshDatabase } = await import('../test/support/databases.ts');
  const { percentile } = await import('./support/results.ts');
  const { sql } = await import('kysely');
  const a = await import('../src/modules/analysis/index.ts');
  const { statsSummary } = await import('../src/modules/analysis/stats.service.ts');
  const { hotspots } = await import('../src/modules/analysis/hotspot.service.ts');
  const { choropleth } = await import('../src/modules/analysis/choropleth.service.ts');
  const file = sharedDataPath('crime/chicago/chicago_aggravated_assaults_2010_2019.csv.gz');
  const actor = systemActor('bench', ['analysis.import', 'analysis.read']);
  const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
  const kinds: ('pglite' | 'postgres')[] = [
    ...(dashboardOnly ? [] : ['pglite' as const]),
    ...(process.env.HAVEN_TEST_DATABASE_URL ? ['postgres' as const] : []),
  ];
  for (const kind of kinds) {
    const fresh = await freshDatabase(kind);
    const services = await openServices(
      loadConfig({
        HAVEN_DATA_DIR: fresh.dataDir,
        ...(fresh.databaseUrl ? { HAVEN_DATABASE_URL: fresh.databaseUrl } : {}),
      }),
      silent,
    );
    try {
      if (file && !dashboardOnly) {
        const text = a.readCsvFile(file);
        const t0 = performance.now();
        const report = await a.importIncidentsCsv(services, actor, text, 'chicago.csv.gz', {
          mapping: a.parseMappingSpec(
            'time=date,lat=latitude,lon=longitude,type==assault.aggravated,category=loc_cat',
          ),
          timeZone: 'America/Chicago',
        });
        const seconds = (performance.now() - t0) / 1000;
        // Baseline: the same rows as one raw INSERT ... SELECT copy inside the database (no parsing,
        // validation, H3 or jurisdiction lookup).
        const b0 = performance.now();
        await sql`CREATE TEMP TABLE bench_copy AS SELECT * FROM analysis_incidents WITH NO DATA`.execute(
          services.database.db,
        );
        await sql`INSERT INTO bench_copy SELECT * FROM analysis_incidents`.execute(services.database.db);
        const baseSeconds = (performance.now() - b0) / 1000;
        out.push(
          row(
            'import_chicago_rows_per_s',
            Math.round(report.imported / seconds),
            'rows/s',
            {
              rows: report.imported,
              seconds: +seconds.toFixed(2),
              db: kind,
              baseline: 'raw INSERT ... SELECT of the same rows inside the database (rows/s)',
            },
            Math.round(report.imported / baseSeconds),
          ),
        );
        out[out.length - 1]!.db = kind;
        out[out.length - 1]!.ratio = +(report.imported / seconds / (report.imported / baseSeconds)).toFixed(
          3,
        );
      }
      if (kind === 'postgres') await benchDashboard(services, out);
    } finally {
      await services.database.close();
      await fresh.drop();
    }
  }

  async function benchDashboard(services: Awaited<ReturnType<typeof openServices>>, rowsOut: BenchRow[]) {
    const db = services.database.db;
    // HAVEN_BENCH_DASHBOARD_ROWS synthetic incidents (default 10M) over three years, 20k H3 cells
    // of a 40 km square, 12 types (category a function of the type) and 8 township paths drawn
    // independently of the type (96 combinations per hour), loaded
    // with 1M-row INSERT ... SELECT statements: the rollup triggers fill analysis_incident_hours
    // exactly as they do for an import or the dispatch consumer.
    const target = Number(process.env.HAVEN_BENCH_DASHBOARD_ROWS ?? 10_000_000);
    const runs = Number(process.env.HAVEN_BENCH_DASHBOARD_RUNS ?? 15);
    const rng = createRng(7);
    const cells: string[] = [];
    for (let i = 0; i < 20_000; i++) cells.push(latLngToCell(41.7 + rng() * 0.35, -87.9 + rng() * 0.35, 9));
    await sql`CREATE TEMP TABLE bench_cells (i int, h3 text)`.execute(db);
    await sql`INSERT INTO bench_cells SELECT ordinality - 1, c FROM unnest(${`{${cells.join(',')}}`}::text[]) WITH ORDINALITY AS c`.execute(
      db,
    );
    // Secondary indexes are dropped for the load and rebuilt from their own definitions after it
    // (a bulk load's usual practice); the rollup triggers stay on. Ids are sequential uuids.
    const indexes = await sql<{ name: string; def: string }>`SELECT indexname AS name, indexdef AS def
      FROM pg_indexes WHERE tablename = 'analysis_incidents' AND indexname <> 'analysis_incidents_pkey'`.execute(
      db,
    );
    for (const ix of indexes.rows) await sql`DROP INDEX ${sql.ref(ix.name)}`.execute(db);
    const start = performance.now();
    let loaded = 0;
    while (loaded < target) {
      const batch = Math.min(1_000_000, target - loaded);
      await sql`INSERT INTO analysis_incidents (id, source, occurred_at, lon, lat, h3, type_code, category, jurisdiction_path)
        SELECT lpad(to_hex(${loaded}::bigint + g), 32, '0')::uuid, 'import',
          timestamptz '2023-01-01' + (random() * 1095) * interval '1 day',
          -87.9 + random() * 0.35, 41.7 + random() * 0.35, c.h3, 'type' || (g % 12), 'cat' || (g % 12 % 4),
          ('c1.t' || floor(random() * 8)::int)::ltree
        FROM generate_series(1, ${batch}::int) g JOIN bench_cells c ON c.i = (g::bigint * 7919) % 20000`.execute(
        db,
      );
      loaded += batch;
      console.log(
        `dashboard: ${loaded} incidents loaded, ${((performance.now() - start) / 1000).toFixed(0)} s`,
      );
    }
    for (const ix of indexes.rows) await sql.raw(ix.def).execute(db);
    await sql`ANALYZE analysis_incidents`.execute(db);
    await sql`ANALYZE analysis_incident_hours`.execute(db);
    const loadSeconds = (performance.now() - start) / 1000;
    const rollupRows = Number(
      (await sql<{ n: string }>`SELECT count(*) AS n FROM analysis_incident_hours`.execute(db)).rows[0]!.n,
    );
    const tz = 'America/Chicago';
    const times: Record<string, { rollup: number[]; raw: number[] }> = {};
    const timed = async (name: string, kind: 'rollup' | 'raw', fn: () => Promise<unknown>) => {
      const t = performance.now();
      await fn();
      times[name] = times[name] ?? { rollup: [], raw: [] };
      times[name][kind].push(performance.now() - t);
    };
    const day = (d: number) => new Date(Date.UTC(2023, 0, 1) + d * 86_400_000).toISOString().slice(0, 10);
    for (let i = 0; i < runs; i++) {
      const d = 400 + Math.floor(rng() * 690);
      const to = day(d);
      for (const [name, from] of [
        ['stats_28d', day(d - 27)],
        ['stats_365d', day(d - 364)],
      ] as const) {
        for (const raw of [false, true]) {
          await timed(name, raw ? 'raw' : 'rollup', () =>
            statsSummary(services.database, actor, { from, to, tz }, { raw }),
          );
        }
      }
      await timed('choropleth_365d_township', 'rollup', () =>
        choropleth(services.database, actor, { from: day(d - 364), to, tz }, 'township'),
      );
      await timed('hotspots_28d_res8', 'rollup', () =>
        hotspots(services.database, actor, { from: day(d - 27), to, tz }, { resolution: 8 }),
      );
    }
    const params = {
      incidents: loaded,
      rollupRows,
      loadSeconds: +loadSeconds.toFixed(1),
      runs,
      tz,
      env: 'HAVEN_BENCH_DASHBOARD_ROWS, HAVEN_BENCH_DASHBOARD_RUNS',
    };
    for (const [name, t] of Object.entries(times)) {
      const p99 = percentile(t.rollup, 99);
      const raw = t.raw.length > 0 ? percentile(t.raw, 99) : null;
      rowsOut.push({
        metric: `dashboard_${name}_p99_ms`,
        value: +p99.toFixed(1),
        unit: 'ms',
        baseline: raw === null ? null : +raw.toFixed(1),
        ratio: raw === null ? null : +(raw / p99).toFixed(3),
        db: 'postgres',
        params: {
          ...params,
          p50: +percentile(t.rollup, 50).toFixed(1),
          ...(raw === null
            ? { note: 'raw rows only (no rollup path)' }
            : {
                baselineP50: +percentile(t.raw, 50).toFixed(1),
                baseline: 'the same statistics read from raw incident rows (p99), same run',
                note: 'ratio = baseline / value (times faster)',
              }),
        },
      });
    }
  }
}
// ---------------------------------------------------------------------------------------

if (dashboardOnly) {
  const previous = JSON.parse(
    readFileSync(new URL('./results/analysis.json', import.meta.url), 'utf8'),
  ) as BenchRow[];
  writeResults('analysis', [
    ...previous.filter((r) => !r.metric.startsWith('dashboard_')),
    ...importDashboardRows,
  ]);
} else {
  writeResults('analysis', [...rows, ...importDashboardRows]);
}
