// Community grid benchmarks on PostgreSQL: Open311 POST intake through a real node against raw
// INSERTs, queue and dashboard query latency (HTTP and raw SQL) over as many stored requests as a
// ~1 minute bulk load allows (up to 1M), and the import rate of the real Boston 311 file.
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { parse } from 'csv-parse';
import pg from 'pg';
import { openServices } from '../src/app/node.ts';
import { loadConfig } from '../src/core/config/config.ts';
import { systemActor } from '../src/core/identity/actor.ts';
import { createApiKey } from '../src/core/identity/api-key.service.ts';
import { definePermissions } from '../src/core/identity/permissions.ts';
import { createJurisdiction } from '../src/core/jurisdictions/jurisdiction.service.ts';
import {
  BOSTON_311_SPEC,
  gridDeps,
  gridPermissions,
  importRequestsCsv,
  mapCsvRow,
  openCsv,
} from '../src/modules/grid/index.ts';
import { freshDatabase } from '../test/support/databases.ts';
import { type HavenProcess, startHaven } from '../test/support/haven-process.ts';
import { sharedDataPath } from '../test/support/shared-data.ts';
import { type BenchRow, percentile, writeResults } from './support/results.ts';

const POSTS = Number(process.env.HAVEN_BENCH_GRID_POSTS ?? 1000);
const CONCURRENCY = 8;
const TARGET_ROWS = Number(process.env.HAVEN_BENCH_GRID_ROWS ?? 1_000_000);
const LOAD_BUDGET_MS = Number(process.env.HAVEN_BENCH_GRID_LOAD_MS ?? 60_000);
const QUERY_REPS = Number(process.env.HAVEN_BENCH_GRID_QUERY_REPS ?? 60);
const PHASES = new Set((process.env.HAVEN_BENCH_GRID_PHASES ?? 'intake,queries,import').split(','));
const pgUrl = process.env.HAVEN_BENCH_DATABASE_URL ?? process.env.HAVEN_TEST_DATABASE_URL ?? null;

async function pool(n: number, concurrency: number, work: (i: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) await work(next++);
    }),
  );
}

async function signIn(url: string, username: string, password: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in ${username}: ${res.status}`);
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

/** A point inside the demo county, spread over all townships and villages. */
const point = (i: number) => ({
  lat: 22.505 + ((i * 7919) % 2300) / 10_000,
  lon: 113.805 + ((i * 104_729) % 2900) / 10_000,
});

async function intake(node: HavenProcess, client: pg.Pool, key: string): Promise<BenchRow[]> {
  const t0 = performance.now();
  await pool(POSTS, CONCURRENCY, async (i) => {
    const p = point(i);
    const body = new URLSearchParams({
      api_key: key,
      service_code: 'streetlight',
      lat: String(p.lat),
      long: String(p.lon),
      description: `Bench light ${i}`,
      email: `r${i}@example.org`,
    });
    const res = await fetch(`${node.url}/open311/v2/requests.json`, {
      method: 'POST',
      // Behind a load balancer (HAVEN_TRUST_PROXY) each client has its own rate limit.
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-forwarded-for': `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
      },
      body,
    });
    if (res.status !== 200) throw new Error(`POST ${res.status} ${await res.text()}`);
  });
  const api = POSTS / ((performance.now() - t0) / 1000);
  const path = (
    await client.query<{ path: string }>(
      `SELECT path::text AS path FROM jurisdictions WHERE level = 'grid' LIMIT 1`,
    )
  ).rows[0]!.path;
  const t1 = performance.now();
  await pool(POSTS, CONCURRENCY, async (i) => {
    const p = point(i);
    await client.query(
      `INSERT INTO grid_requests (id, public_id, service_code, jurisdiction_path, lat, lon, description, state,
         sla_start, submitted_at, updated_at, source, reporter_email)
       VALUES (gen_random_uuid(), $1, 'streetlight', $2::ltree, $3, $4, $5, 'submitted', now(), now(), now(), 'open311', $6)`,
      [`RAW${i}`, path, p.lat, p.lon, `Bench light ${i}`, `r${i}@example.org`],
    );
  });
  const raw = POSTS / ((performance.now() - t1) / 1000);
  const params = {
    requests: POSTS,
    concurrency: CONCURRENCY,
    body: 'application/x-www-form-urlencoded',
    includes: 'api key, routing, deadline, audit, outbox event, timeline',
  };
  return [
    {
      metric: 'open311_post_throughput',
      value: Math.round(api),
      unit: 'requests/s',
      baseline: Math.round(raw),
      ratio: api / raw,
      db: 'postgres',
      params: { ...params, baselineIs: 'raw single-row INSERT, same concurrency' },
    },
  ];
}

/** Bulk-loads synthetic requests over the demo grid cells in chunks until the budget or target. */
async function bulkLoad(client: pg.Pool): Promise<{ rows: number; seconds: number }> {
  const chunk = 100_000;
  const t0 = performance.now();
  let rows = 0;
  while (rows < TARGET_ROWS && performance.now() - t0 < LOAD_BUDGET_MS) {
    const n = Math.min(chunk, TARGET_ROWS - rows);
    await client.query(
      `WITH cells AS (SELECT array_agg(path ORDER BY path) AS p FROM jurisdictions WHERE level = 'grid'),
            depts AS (SELECT array_agg(id ORDER BY code) AS d FROM grid_departments),
            types AS (SELECT ARRAY['streetlight','garbage','water_leak','noise','public_order','hazard','pothole','dispute'] AS t)
       INSERT INTO grid_requests (id, public_id, service_code, jurisdiction_path, h3_cell, lat, lon, description, state,
         department_id, sla_start, submitted_at, updated_at, deadline, resolved_at, closed_at, closed_on_time, rating, source)
       SELECT gen_random_uuid(), 'S' || g, types.t[1 + g % 8], cells.p[1 + (g * 7) % array_length(cells.p, 1)], NULL,
         22.5 + random() * 0.24, 113.8 + random() * 0.3, 'synthetic', st,
         CASE WHEN g % 10 = 0 THEN NULL ELSE depts.d[1 + g % array_length(depts.d, 1)] END,
         sub, sub, sub, sub + interval '3 days',
         CASE WHEN st IN ('resolved', 'closed') THEN sub + (random() * interval '5 days') END,
         CASE WHEN st = 'closed' THEN sub + interval '6 days' END,
         CASE WHEN st IN ('resolved', 'closed') THEN random() < 0.7 END,
         CASE WHEN st = 'closed' AND g % 3 = 0 THEN 1 + (g % 5) END, 'import'
       FROM generate_series($1::int, $2::int) g, cells, depts, types,
         LATERAL (SELECT now() - (g % 365) * interval '1 day' - (g % 1440) * interval '1 minute' AS sub,
           (ARRAY['submitted','accepted','in_progress','resolved','closed','closed','closed','closed','closed','closed'])[1 + g % 10] AS st) x`,
      [rows + 1, rows + n],
    );
    rows += n;
    console.log(`grid bench: loaded ${rows} synthetic requests`);
  }
  const seconds = (performance.now() - t0) / 1000;
  await client.query('ANALYZE grid_requests');
  return { rows, seconds };
}

async function timeIt(reps: number, run: () => Promise<void>): Promise<number[]> {
  await run(); // warm-up
  const out: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t = performance.now();
    await run();
    out.push(performance.now() - t);
  }
  return out;
}

async function queries(node: HavenProcess, client: pg.Pool, stored: number): Promise<BenchRow[]> {
  const centre = await signIn(node.url, 'centre', 'haven-demo');
  const supervisor = await signIn(node.url, 'supervisor', 'haven-demo');
  const get = (cookie: string, url: string) => async () => {
    const res = await fetch(`${node.url}${url}`, { headers: { cookie } });
    if (res.status !== 200) throw new Error(`${url}: ${res.status}`);
    await res.arrayBuffer();
  };
  const township = '990101.990101001';
  const open = `('submitted', 'accepted', 'in_progress', 'waiting_reporter', 'returned')`;
  const cases: { metric: string; api: () => Promise<void>; raw: () => Promise<void>; scope: string }[] = [
    {
      metric: 'queue_open_by_deadline_p99',
      scope: 'township centre',
      api: get(centre, '/api/grid/requests?status=open&pageSize=50'),
      raw: async () => {
        await client.query(
          `SELECT id FROM grid_requests WHERE jurisdiction_path <@ $1::ltree AND state IN ${open}
          ORDER BY escalation_level DESC, deadline NULLS LAST LIMIT 51`,
          [township],
        );
      },
    },
    {
      metric: 'queue_overdue_p99',
      scope: 'county supervisor',
      api: get(supervisor, '/api/grid/requests?overdue=true&pageSize=50'),
      raw: async () => {
        await client.query(`SELECT id FROM grid_requests WHERE jurisdiction_path <@ '990101'::ltree AND state IN ${open}
          AND state <> 'waiting_reporter' AND deadline < now() ORDER BY escalation_level DESC, deadline LIMIT 51`);
      },
    },
    {
      metric: 'queue_all_newest_p99',
      scope: 'township centre',
      api: get(centre, '/api/grid/requests?status=all&sort=newest&pageSize=50'),
      raw: async () => {
        await client.query(
          `SELECT id FROM grid_requests WHERE jurisdiction_path <@ $1::ltree
          ORDER BY submitted_at DESC, id DESC LIMIT 51`,
          [township],
        );
      },
    },
    {
      metric: 'dashboard_by_department_90d_p99',
      scope: 'county supervisor',
      api: get(supervisor, '/api/grid/dashboard?by=department'),
      raw: async () => {
        await client.query(`SELECT department_id, count(*), count(*) FILTER (WHERE state IN ${open}),
            count(*) FILTER (WHERE closed_on_time), avg(rating)
          FROM grid_requests WHERE jurisdiction_path <@ '990101'::ltree AND submitted_at >= now() - interval '90 days'
          GROUP BY 1`);
      },
    },
    {
      metric: 'dashboard_by_cell_90d_p99',
      scope: 'township centre',
      api: get(centre, '/api/grid/dashboard?by=cell'),
      raw: async () => {
        await client.query(
          `SELECT jurisdiction_path, count(*), count(*) FILTER (WHERE state IN ${open}),
            count(*) FILTER (WHERE closed_on_time), avg(rating)
          FROM grid_requests WHERE jurisdiction_path <@ $1::ltree AND submitted_at >= now() - interval '90 days'
          GROUP BY 1`,
          [township],
        );
      },
    },
  ];
  const rows: BenchRow[] = [];
  for (const c of cases) {
    const api = await timeIt(QUERY_REPS, c.api);
    const raw = await timeIt(QUERY_REPS, c.raw);
    const p99 = percentile(api, 99);
    const b99 = percentile(raw, 99);
    rows.push({
      metric: c.metric,
      value: Math.round(p99 * 10) / 10,
      unit: 'ms',
      baseline: Math.round(b99 * 10) / 10,
      ratio: p99 / b99,
      db: 'postgres',
      params: {
        storedRequests: stored,
        reps: QUERY_REPS,
        scope: c.scope,
        p50: Math.round(percentile(api, 50) * 10) / 10,
        baselineIs: 'raw SQL of the same filter, no HTTP',
      },
    });
  }
  return rows;
}

/** Imports the whole Boston 2015 file; baseline: parsing and mapping it without a database. */
async function bostonImport(url: string, dataDir: string): Promise<BenchRow[]> {
  const file = sharedDataPath('311/boston/boston_311_2015_partial.csv.gz');
  if (!file) {
    console.log('Boston 311 file absent: import figure skipped.');
    return [];
  }
  const t0 = performance.now();
  let parsed = 0;
  const parser = createReadStream(file)
    .pipe(createGunzip())
    .pipe(parse({ columns: true, bom: true, relax_column_count: true }));
  for await (const row of parser as AsyncIterable<Record<string, string>>) {
    mapCsvRow(row, BOSTON_311_SPEC);
    parsed++;
  }
  const parseRate = parsed / ((performance.now() - t0) / 1000);
  const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
  const services = await openServices(
    loadConfig({ HAVEN_DATABASE_URL: url, HAVEN_DATA_DIR: dataDir, HAVEN_LOG_LEVEL: 'silent' }),
    quiet,
  );
  try {
    await createJurisdiction(services.database, systemActor('bench'), {
      parentId: null,
      level: 'county',
      code: 'BOS',
      nameZh: '波士顿',
      nameEn: 'Boston',
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [-71.2, 42.2],
            [-70.95, 42.2],
            [-70.95, 42.45],
            [-71.2, 42.45],
            [-71.2, 42.2],
          ],
        ],
      },
    });
    await services.jurisdictions.reload();
    const report = await importRequestsCsv(gridDeps(services), systemActor('bench'), openCsv(file), {
      spec: BOSTON_311_SPEC,
      fallbackJurisdiction: 'BOS',
      createTypes: true,
      idPrefix: 'BOS-',
    });
    return [
      {
        metric: 'boston_311_import_rate',
        value: Math.round(report.rowsPerSecond),
        unit: 'rows/s',
        baseline: Math.round(parseRate),
        ratio: report.rowsPerSecond / parseRate,
        db: 'postgres',
        params: {
          rows: report.summary.total,
          inserted: report.inserted,
          rejected: report.summary.rejected,
          byReason: report.summary.byReason,
          seconds: Math.round(report.seconds * 10) / 10,
          baselineIs: 'gunzip + CSV parse + row mapping, no database',
        },
      },
    ];
  } finally {
    await services.database.close();
  }
}

const out: BenchRow[] = [];
if (!pgUrl) {
  console.log(
    'HAVEN_TEST_DATABASE_URL (or HAVEN_BENCH_DATABASE_URL) unset: the grid benchmark needs PostgreSQL.',
  );
} else {
  process.env.HAVEN_TEST_DATABASE_URL = pgUrl;
  definePermissions(gridPermissions);
  const fresh = await freshDatabase('postgres');
  const node = await startHaven({
    databaseUrl: fresh.databaseUrl,
    dataDir: fresh.dataDir,
    keepData: true,
    env: { HAVEN_TRUST_PROXY: 'true' },
  });
  const client = new pg.Pool({ connectionString: fresh.databaseUrl!, max: CONCURRENCY });
  try {
    const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
    const services = await openServices(
      loadConfig({
        HAVEN_DATABASE_URL: fresh.databaseUrl!,
        HAVEN_DATA_DIR: fresh.dataDir,
        HAVEN_LOG_LEVEL: 'silent',
      }),
      quiet,
    );
    const county = (await client.query<{ id: string }>(`SELECT id FROM jurisdictions WHERE code = '990101'`))
      .rows[0]!.id;
    const { key } = await createApiKey(services.database, systemActor('bench'), {
      name: 'bench',
      permissions: ['grid.open311.submit'],
      jurisdictionIds: [county],
    });
    await services.database.close();
    if (PHASES.has('intake')) out.push(...(await intake(node, client, key)));
    const loaded = PHASES.has('queries') ? await bulkLoad(client) : { rows: 0, seconds: 0 };
    const stored = Number(
      (await client.query<{ n: string }>('SELECT count(*) AS n FROM grid_requests')).rows[0]!.n,
    );
    if (PHASES.has('queries'))
      out.push({
        metric: 'synthetic_bulk_load',
        value: loaded.rows,
        unit: 'rows',
        baseline: null,
        ratio: null,
        db: 'postgres',
        params: {
          seconds: Math.round(loaded.seconds),
          target: TARGET_ROWS,
          budgetMs: LOAD_BUDGET_MS,
          storedTotal: stored,
        },
      });
    if (PHASES.has('queries')) out.push(...(await queries(node, client, stored)));
    await node.stop();
    if (PHASES.has('import')) out.push(...(await bostonImport(fresh.databaseUrl!, fresh.dataDir)));
  } finally {
    await client.end();
    await node.stop();
    await fresh.drop();
  }
}
writeResults('grid', out);
