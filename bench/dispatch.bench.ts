// Dispatch recommendation benchmark: rank 2,000 units for an incident by road travel time on a
// 100k+ node road graph with ONE backward search, against the naive way (one forward
// shortest-path search per unit) in the same run. Also graph memory, snapping, coverage, routes
// and the import of the real OSM extracts when ../shared/data has them.
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import WebSocket from 'ws';
import { openDatabase } from '../src/core/db/database.ts';
import { Gazetteer, type Place, roadPlace } from '../src/modules/dispatch/domain/gazetteer.ts';
import {
  createRouter,
  type GraphPosition,
  generateNamedSyntheticNetwork,
  generateSyntheticNetwork,
  graphByteSize,
  importRoadNetwork,
  type LatLon,
  type Router,
  readOsmPbf,
  routeBetween,
  routerByteSize,
  snapToRoad,
  timesFromUnits,
  travelSeconds,
  unitTimesToIncident,
} from '../src/modules/routing/index.ts';
import { freshDatabase } from '../test/support/databases.ts';
import { type HavenProcess, startHaven } from '../test/support/haven-process.ts';
import { sharedDataPath } from '../test/support/shared-data.ts';
import { type BenchRow, percentile, writeResults } from './support/results.ts';

// The demo county of docs/api/dispatch.md, at a street spacing that gives > 100k nodes.
const COUNTY = { minLat: 22.5, minLon: 113.8, maxLat: 22.74, maxLon: 114.1 };
const SPACING_METRES = 85;
const UNITS = 2000;
const INCIDENTS = 400;
const WARMUP = 50;
const TOP_K = 10;
const BASELINE_INCIDENTS = 3;
// ratio = baseline / value: how many times faster than the baseline (or smaller, for memory).
const RATIO_NOTE = 'ratio = baseline / value (times faster)';

/** Deterministic points in the county (mulberry32). */
function randomPoints(count: number, seed: number): LatLon[] {
  let a = seed >>> 0;
  const rand = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return Array.from({ length: count }, () => ({
    lat: COUNTY.minLat + rand() * (COUNTY.maxLat - COUNTY.minLat),
    lon: COUNTY.minLon + rand() * (COUNTY.maxLon - COUNTY.minLon),
  }));
}

/** Wall and process-CPU milliseconds of each call (CPU time is less disturbed by a busy host). */
function timeEach<T>(items: readonly T[], fn: (item: T) => void): { wall: number[]; cpu: number[] } {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (const item of items) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    fn(item);
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  return { wall, cpu };
}

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
    params,
  };
}

function countyRouter(): { router: Router; rows: BenchRow[] } {
  const t0 = performance.now();
  const graph = generateSyntheticNetwork({ bbox: COUNTY, spacingMetres: SPACING_METRES, seed: 1 });
  const buildMs = performance.now() - t0;
  const t1 = performance.now();
  const router = createRouter(graph);
  const indexMs = performance.now() - t1;
  const bytes = routerByteSize(router);
  const params = { nodes: graph.nodeCount, edges: graph.edgeCount, spacingMetres: SPACING_METRES };
  const per100k = (b: number) => (b / graph.nodeCount) * 100_000;
  return {
    router,
    rows: [
      row('synthetic_graph_build', buildMs, 'ms', params),
      row('snap_index_build', indexMs, 'ms', params),
      row('graph_bytes_per_100k_nodes', per100k(bytes.graph), 'bytes', params),
      row('snap_index_bytes_per_100k_nodes', per100k(bytes.snapIndex), 'bytes', params),
      row('search_workspace_bytes_per_100k_nodes', per100k(bytes.workspace), 'bytes', params),
    ],
  };
}

/** Typed-array memory of a one-million-node graph, its snap index and search buffers. */
function millionNodeRows(): BenchRow[] {
  const t0 = performance.now();
  const graph = generateSyntheticNetwork({
    bbox: { minLat: 30, minLon: 114, maxLat: 31, maxLon: 115.16 },
    spacingMetres: 111,
    seed: 1,
  });
  const buildMs = performance.now() - t0;
  const bytes = routerByteSize(createRouter(graph));
  const params = { nodes: graph.nodeCount, edges: graph.edgeCount, limitBytes: 300e6 };
  return [
    row('graph_1m_build', buildMs, 'ms', params),
    row('graph_1m_bytes', bytes.graph, 'bytes', params),
    row(
      'graph_1m_total_bytes_with_snap_index_and_workspace',
      bytes.graph + bytes.snapIndex + bytes.workspace,
      'bytes',
      {
        ...params,
        ...bytes,
      },
    ),
  ];
}

/** The naive way: one forward point-to-point search per unit, then sort. */
function naiveRanking(
  router: Router,
  incident: GraphPosition,
  units: readonly GraphPosition[],
): Float64Array {
  const seconds = Float64Array.from(units, (u) => travelSeconds(router, u, incident));
  const order = Array.from(seconds.keys()).sort((a, b) => seconds[a]! - seconds[b]!);
  order.length = TOP_K;
  return seconds;
}

function dispatchRows(router: Router): BenchRow[] {
  const unitPoints = randomPoints(UNITS, 11);
  const snapTimes = timeEach(unitPoints, (p) => snapToRoad(router.snapIndex, p));
  const units = unitPoints.map((p) => snapToRoad(router.snapIndex, p)!);
  const incidents = randomPoints(INCIDENTS + WARMUP, 12);
  const snapIncident = (p: LatLon) => snapToRoad(router.snapIndex, p)!;
  const recommend = (p: LatLon) => unitTimesToIncident(router, snapIncident(p), units, { stopAfter: TOP_K });
  const rankAll = (p: LatLon) => unitTimesToIncident(router, snapIncident(p), units);
  incidents.slice(0, WARMUP).forEach(recommend);
  incidents.slice(0, WARMUP).forEach(rankAll);
  const measured = incidents.slice(WARMUP);
  const top = timeEach(measured, recommend);
  const all = timeEach(measured, rankAll);
  const baselineSet = measured.slice(0, BASELINE_INCIDENTS);
  const naiveAnswers: Float64Array[] = [];
  const naive = timeEach(baselineSet, (p) => naiveAnswers.push(naiveRanking(router, snapIncident(p), units)));
  checkSameTimes(router, baselineSet, units, naiveAnswers);
  const baselineMs = percentile(naive.wall, 50);
  const baselineCpu = percentile(naive.cpu, 50);
  const params = {
    nodes: router.graph.nodeCount,
    units: UNITS,
    incidents: INCIDENTS,
    baselineIncidents: BASELINE_INCIDENTS,
    loadAverage1m: loadavg()[0],
    note: RATIO_NOTE,
  };
  const topParams = { ...params, stopAfter: TOP_K, includes: 'snap incident + one backward search' };
  const allParams = { ...params, stopAfter: 'all units', includes: 'snap incident + one backward search' };
  return [
    row('recommendation_top10_p50', percentile(top.wall, 50), 'ms', topParams, baselineMs),
    row('recommendation_top10_p99', percentile(top.wall, 99), 'ms', topParams, baselineMs),
    row('recommendation_top10_cpu_p50', percentile(top.cpu, 50), 'ms', topParams, baselineCpu),
    row('recommendation_top10_cpu_p99', percentile(top.cpu, 99), 'ms', topParams, baselineCpu),
    row('rank_all_units_p50', percentile(all.wall, 50), 'ms', allParams, baselineMs),
    row('rank_all_units_p99', percentile(all.wall, 99), 'ms', allParams, baselineMs),
    row('rank_all_units_cpu_p50', percentile(all.cpu, 50), 'ms', allParams, baselineCpu),
    row('rank_all_units_cpu_p99', percentile(all.cpu, 99), 'ms', allParams, baselineCpu),
    row('baseline_search_per_unit_p50', baselineMs, 'ms', {
      ...params,
      method: 'one forward search per unit',
    }),
    row('snap_point_p50', percentile(snapTimes.wall, 50), 'ms', { points: UNITS }),
    row('snap_point_p99', percentile(snapTimes.wall, 99), 'ms', { points: UNITS }),
    ...coverageAndRouteRows(router, units, measured),
  ];
}

/** The fast answer must be the naive answer: any difference would make the speed-up meaningless. */
function checkSameTimes(
  router: Router,
  incidents: readonly LatLon[],
  units: readonly GraphPosition[],
  naive: readonly Float64Array[],
): void {
  incidents.forEach((p, k) => {
    const fast = unitTimesToIncident(router, snapToRoad(router.snapIndex, p)!, units).seconds;
    fast.forEach((t, i) => {
      const slow = naive[k]![i]!;
      if (Math.abs(t - slow) > 1e-6 * Math.max(1, t)) throw new Error(`unit ${i}: ${t} s vs naive ${slow} s`);
    });
  });
}

function coverageAndRouteRows(
  router: Router,
  units: readonly GraphPosition[],
  points: readonly LatLon[],
): BenchRow[] {
  const out = new Float64Array(router.graph.nodeCount);
  const coverage = timeEach(points.slice(0, 40), () =>
    timesFromUnits(router, units, { maxSeconds: 600, out }),
  );
  const pairs = points.slice(0, 200).map((p, i) => [units[i]!, snapToRoad(router.snapIndex, p)!] as const);
  const routes = timeEach(pairs, ([u, inc]) => routeBetween(router, u, inc));
  const params = { nodes: router.graph.nodeCount, units: UNITS };
  return [
    row('coverage_all_units_600s_p50', percentile(coverage.wall, 50), 'ms', { ...params, maxSeconds: 600 }),
    row('route_one_unit_p50', percentile(routes.wall, 50), 'ms', params),
    row('route_one_unit_p99', percentile(routes.wall, 99), 'ms', params),
  ];
}

function osmRows(): BenchRow[] {
  const rows: BenchRow[] = [];
  for (const file of ['osm/monaco-2019-09-30.osm.pbf', 'osm/andorra-2013-05-28.osm.pbf']) {
    const path = sharedDataPath(file);
    if (path === null) continue;
    const bytes = readFileSync(path);
    const t0 = performance.now();
    const { graph, report } = importRoadNetwork(readOsmPbf(bytes));
    const ms = performance.now() - t0;
    const params = { file, fileBytes: bytes.length, ...report };
    rows.push(row('osm_import', ms, 'ms', params));
    rows.push(row('osm_graph_nodes', graph.nodeCount, 'nodes', params));
    rows.push(
      row(
        'osm_graph_bytes_per_100k_nodes',
        (graphByteSize(graph) / graph.nodeCount) * 100_000,
        'bytes',
        params,
      ),
    );
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------
// HTTP figures (dispatch API engineer): call intake through the API on PostgreSQL against raw
// INSERTs of the same rows, and call-created-to-console latency with 200 live consoles.
// ---------------------------------------------------------------------------------------------
const pgUrl = process.env.HAVEN_BENCH_DATABASE_URL ?? process.env.HAVEN_TEST_DATABASE_URL ?? null;
const INTAKE_CALLS = Number(process.env.HAVEN_BENCH_CALLS ?? 2000);
const INTAKE_CONCURRENCY = 16;
const CONSOLES = 200;
const CALLS_PER_SECOND = 50;
const CONSOLE_SECONDS = 15;
const RUN = Date.now().toString(36);

async function signInHttp(url: string, username: string, password = 'haven-demo') {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
  const csrf = ((await res.json()) as { csrfToken: string }).csrfToken;
  return { cookie, headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrf } };
}

function callBody(i: number, tag: string) {
  // Spread over the county, away from each other, so duplicate search does real work.
  const lon = 113.81 + ((i * 7919) % 2800) / 10_000;
  const lat = 22.51 + ((i * 104_729) % 2200) / 10_000;
  return {
    idempotencyKey: `${tag}-${RUN}-${i}`,
    lon,
    lat,
    typeCode: 'THEFT',
    narrative: 'bench call',
    callerPhone: '13800000000',
  };
}

async function runPool(n: number, concurrency: number, work: (i: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) await work(next++);
    }),
  );
}

/** Sustained call intake (calls/s, p99) through POST /api/dispatch/calls, then raw INSERTs of the same rows. */
async function intakeRows(node: HavenProcess): Promise<BenchRow[]> {
  const taker = await signInHttp(node.url, 'calltaker');
  const latencies: number[] = [];
  const t0 = performance.now();
  await runPool(INTAKE_CALLS, INTAKE_CONCURRENCY, async (i) => {
    const t = performance.now();
    const res = await fetch(`${node.url}/api/dispatch/calls`, {
      method: 'POST',
      headers: taker.headers,
      body: JSON.stringify(callBody(i, 'api')),
    });
    if (res.status !== 201) throw new Error(`call failed ${res.status} ${await res.text()}`);
    await res.arrayBuffer();
    latencies.push(performance.now() - t);
  });
  const apiRate = INTAKE_CALLS / ((performance.now() - t0) / 1000);
  const db = await openDatabase({ databaseUrl: node.databaseUrl, dataDir: node.dataDir });
  const ref = await sql<{
    id: string;
    path: string;
  }>`SELECT id, path::text AS path FROM jurisdictions WHERE code = '990101001'`.execute(db.db);
  const { id: jid, path } = ref.rows[0]!;
  const t1 = performance.now();
  await runPool(INTAKE_CALLS, INTAKE_CONCURRENCY, async (i) => {
    const b = callBody(i, 'raw');
    const incident = uuidv7();
    // The same two rows the API stores per call, one INSERT each, no HTTP/validation/audit/outbox.
    await sql`INSERT INTO dispatch_incidents (id, status, type_code, priority, lon, lat, h3, jurisdiction_id,
        jurisdiction_path, received_at, last_at)
      VALUES (${incident}, 'new', 'THEFT', 3, ${b.lon}, ${b.lat}, 'x', ${jid}, ${path}::ltree, now(), now())`.execute(
      db.db,
    );
    await sql`INSERT INTO dispatch_calls (id, idempotency_key, request_hash, incident_id, handling, caller_phone,
        type_code, priority, lon, lat, narrative, jurisdiction_path, received_at, taken_by)
      VALUES (${uuidv7()}, ${b.idempotencyKey}, 'h', ${incident}, 'incident', ${b.callerPhone}, 'THEFT', 3,
        ${b.lon}, ${b.lat}, ${b.narrative}, ${path}::ltree, now(), 'raw')`.execute(db.db);
  });
  const rawRate = INTAKE_CALLS / ((performance.now() - t1) / 1000);
  await db.close();
  const params = {
    calls: INTAKE_CALLS,
    concurrency: INTAKE_CONCURRENCY,
    baseline: 'raw INSERT of the incident and call rows, same concurrency, same database',
  };
  return [
    {
      metric: 'call_intake_http_rate',
      value: Math.round(apiRate),
      unit: 'calls/s',
      baseline: Math.round(rawRate),
      ratio: apiRate / rawRate,
      db: 'postgres',
      params,
    },
    {
      metric: 'call_intake_http_p50',
      value: round2(percentile(latencies, 50)),
      unit: 'ms',
      baseline: null,
      ratio: null,
      db: 'postgres',
      params,
    },
    {
      metric: 'call_intake_http_p99',
      value: round2(percentile(latencies, 99)),
      unit: 'ms',
      baseline: null,
      ratio: null,
      db: 'postgres',
      params,
    },
  ];
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

/** Latency from a call being sent to each console receiving its `dispatch.incident.created`, at a steady call rate. */
async function consoleLatency(node: HavenProcess, consoles: number, tag: string): Promise<number[]> {
  const taker = await signInHttp(node.url, 'calltaker');
  const watcher = await signInHttp(node.url, 'dispatcher');
  const sentAt = new Map<string, number>();
  const arrivals: { id: string; at: number }[] = [];
  const sockets = await Promise.all(
    Array.from(
      { length: consoles },
      () =>
        new Promise<WebSocket>((ok, fail) => {
          const ws = new WebSocket(`${node.url.replace('http', 'ws')}/api/events`, {
            headers: { cookie: watcher.cookie },
          });
          ws.on('message', (data) => {
            const at = performance.now();
            const text = String(data);
            if (text.includes('"hello"')) ok(ws);
            // Parse only what the console would act on; a console gets every dispatch event.
            else if (text.includes('"dispatch.incident.created"'))
              arrivals.push({ id: JSON.parse(text).payload.id, at });
          });
          ws.on('error', fail);
        }),
    ),
  );
  const total = CALLS_PER_SECOND * CONSOLE_SECONDS;
  const pending: Promise<void>[] = [];
  const start = performance.now();
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / CALLS_PER_SECOND;
    while (performance.now() < due) await new Promise((r) => setTimeout(r, 1));
    const t = performance.now();
    pending.push(
      fetch(`${node.url}/api/dispatch/calls`, {
        method: 'POST',
        headers: taker.headers,
        body: JSON.stringify(callBody(i, `${tag}${Date.now()}`)),
      }).then(async (res) => {
        const json = (await res.json()) as { incident: { id: string } };
        sentAt.set(json.incident.id, t);
      }),
    );
  }
  await Promise.all(pending);
  const deadline = Date.now() + 15_000;
  while (arrivals.length < total * consoles && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 50));
  for (const s of sockets) s.terminate();
  return arrivals.filter((a) => sentAt.has(a.id)).map((a) => a.at - sentAt.get(a.id)!);
}

async function httpIntakeRows(): Promise<BenchRow[]> {
  if (!pgUrl) {
    console.log('HAVEN_TEST_DATABASE_URL unset: HTTP call-intake figures (PostgreSQL) skipped.');
    return [];
  }
  process.env.HAVEN_TEST_DATABASE_URL = pgUrl;
  const fresh = await freshDatabase('postgres');
  const node = await startHaven({ databaseUrl: fresh.databaseUrl, dataDir: fresh.dataDir, keepData: true });
  try {
    const rows = await intakeRows(node);
    const one = await consoleLatency(node, 1, 'one');
    const many = await consoleLatency(node, CONSOLES, 'many');
    const params = {
      consoles: CONSOLES,
      callsPerSecond: CALLS_PER_SECOND,
      seconds: CONSOLE_SECONDS,
      delivered: many.length,
      expected: CONSOLES * CALLS_PER_SECOND * CONSOLE_SECONDS,
      baseline: 'same calls, one console',
      measuredFrom: 'call request sent',
    };
    for (const p of [50, 99]) {
      const v = percentile(many, p);
      const b = percentile(one, p);
      rows.push({
        metric: `call_to_console_p${p}`,
        value: round2(v),
        unit: 'ms',
        baseline: round2(b),
        ratio: b / v,
        db: 'postgres',
        params,
      });
    }
    return rows;
  } finally {
    await node.stop();
    await fresh.drop();
  }
}

/**
 * Address lookup at call intake: the demo county's named streets (zh and en), 5,000 earlier
 * premises and 200 area names; typed roads, crossings, premise prefixes and misses. Baseline:
 * the same matching without the prepared index (every name normalised again per query).
 */
function geocodeRows(): BenchRow[] {
  const { roadNames } = generateNamedSyntheticNetwork({ bbox: COUNTY, spacingMetres: 200, seed: 20240601 });
  const points = randomPoints(5200, 11);
  const places: Place[] = [
    ...roadNames.map((r) => roadPlace(r.names, r.coords)),
    ...points.slice(0, 5000).map((p, i) => ({
      kind: 'premise' as const,
      label: `${['翠竹', '桂园', '莲塘', '梅林', '松岗'][i % 5]}花园 ${i} 栋`,
      names: [`${['翠竹', '桂园', '莲塘', '梅林', '松岗'][i % 5]}花园 ${i} 栋`],
      ...p,
      precision: 0.95,
    })),
    ...points.slice(5000).map((p, i) => ({
      kind: 'jurisdiction' as const,
      label: `第${i + 1}网格 Grid ${i + 1}`,
      names: [`第${i + 1}网格`, `Grid ${i + 1}`],
      ...p,
      precision: 0.9,
    })),
  ];
  const gazetteer = new Gazetteer(places);
  const queries = Array.from({ length: 400 }, (_, i) => {
    const a = (i % 120) + 1;
    const b = ((i * 7) % 100) + 1;
    return [
      `经${a}路`,
      `Wei ${b} Road`,
      `经${a}路与纬${b}路交叉口`,
      `Jing ${a} Rd & Wei ${b} Rd`,
      `桂园花园 ${i * 11}`,
      'qqq zzz',
    ][i % 6]!;
  });
  for (const q of queries.slice(0, WARMUP)) gazetteer.search(q);
  const indexed = timeEach(queries, (q) => gazetteer.search(q));
  const naive = timeEach(queries.slice(0, 40), (q) => new Gazetteer(places).search(q));
  const params = {
    places: places.length,
    roads: roadNames.length,
    queries: queries.length,
    baselineQueries: 40,
  };
  const p = (xs: number[], q: number) => percentile(xs, q);
  return [
    row('geocode_p50_ms', p(indexed.wall, 50), 'ms', params, p(naive.wall, 50)),
    row('geocode_p99_ms', p(indexed.wall, 99), 'ms', params, p(naive.wall, 99)),
  ];
}

async function main(): Promise<void> {
  if (process.env.HAVEN_BENCH_GEOCODE_ONLY) {
    for (const r of geocodeRows())
      console.log(`${r.metric} = ${r.value} ${r.unit} (baseline ${r.baseline}, ratio ${r.ratio})`);
    return;
  }
  // HAVEN_BENCH_HTTP_ONLY=1 runs only the HTTP figures and prints them (a quick check of the API
  // path; bench/results/dispatch.json is written by full runs only).
  if (process.env.HAVEN_BENCH_HTTP_ONLY) {
    for (const r of await httpIntakeRows())
      console.log(`${r.metric} = ${r.value} ${r.unit} (baseline ${r.baseline})`);
    return;
  }
  const { router, rows: graphRows } = countyRouter();
  const rows = [
    ...graphRows,
    ...dispatchRows(router),
    ...millionNodeRows(),
    ...osmRows(),
    ...geocodeRows(),
    ...(await httpIntakeRows()),
  ];
  writeResults('dispatch', rows);
}

await main();
