// Platform core benchmarks: audited write throughput through the HTTP API against raw INSERTs,
// and event delivery latency to 200 WebSocket clients on one node and across two nodes.
import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import WebSocket from 'ws';
import { openDatabase } from '../src/core/db/database.ts';
import { freshDatabase } from '../test/support/databases.ts';
import { type HavenProcess, startHaven } from '../test/support/haven-process.ts';
import { type BenchRow, percentile, writeResults } from './support/results.ts';

const WRITES = Number(process.env.HAVEN_BENCH_WRITES ?? 2000);
const CONCURRENCY = 8;
const CLIENTS = 200;
const EVENTS = 200;
const pgUrl = process.env.HAVEN_BENCH_DATABASE_URL ?? process.env.HAVEN_TEST_DATABASE_URL ?? null;

async function signIn(url: string, username: string, password: string) {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
  return { cookie, csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
}

async function villageId(url: string, cookie: string): Promise<string> {
  const res = await fetch(`${url}/api/jurisdictions?level=village&geometry=false`, { headers: { cookie } });
  return ((await res.json()) as { features: { id: string }[] }).features[0]!.id;
}

async function pool(n: number, concurrency: number, work: (i: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) await work(next++);
    }),
  );
}

/** Creates WRITES grid cells through the API (audit row + outbox event each), then raw INSERTs. */
async function writeThroughput(node: HavenProcess, kind: 'pglite' | 'postgres'): Promise<BenchRow[]> {
  const admin = await signIn(node.url, 'admin', node.adminPassword);
  const parent = await villageId(node.url, admin.cookie);
  const t0 = performance.now();
  await pool(WRITES, CONCURRENCY, async (i) => {
    const res = await fetch(`${node.url}/api/jurisdictions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: admin.cookie, 'x-csrf-token': admin.csrf },
      body: JSON.stringify({
        parentId: parent,
        level: 'grid',
        code: `B${i}`,
        nameZh: `格${i}`,
        nameEn: `Cell ${i}`,
        geometry: null,
      }),
    });
    if (res.status !== 201) throw new Error(`create failed: ${res.status} ${await res.text()}`);
  });
  const apiRate = WRITES / ((performance.now() - t0) / 1000);
  await node.stop();
  // Raw INSERT of the same rows into the same database, same concurrency, no HTTP/audit/outbox.
  const db = await openDatabase({ databaseUrl: node.databaseUrl, dataDir: node.dataDir });
  const parentPath = (
    await sql<{ p: string }>`SELECT path::text AS p FROM jurisdictions WHERE id = ${parent}`.execute(db.db)
  ).rows[0]!.p;
  const t1 = performance.now();
  await pool(WRITES, CONCURRENCY, async (i) => {
    await sql`INSERT INTO jurisdictions (id, parent_id, path, level, code, name_zh, name_en)
      VALUES (${uuidv7()}, ${parent}, ${`${parentPath}.R${i}`}::ltree, 'grid', ${`R${i}`}, ${`格${i}`}, ${`Cell ${i}`})`.execute(
      db.db,
    );
  });
  const rawRate = WRITES / ((performance.now() - t1) / 1000);
  await db.close();
  return [
    {
      metric: 'audited_api_create_rate',
      value: Math.round(apiRate),
      unit: 'writes/s',
      baseline: Math.round(rawRate),
      ratio: apiRate / rawRate,
      db: kind,
      params: {
        writes: WRITES,
        concurrency: CONCURRENCY,
        baseline: 'raw single-row INSERT, same rows, same database',
      },
    },
  ];
}

function connectClients(url: string, cookie: string, n: number, onEvent: (id: string, at: number) => void) {
  return Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise<WebSocket>((ok, fail) => {
          const ws = new WebSocket(`${url.replace('http', 'ws')}/api/events`, { headers: { cookie } });
          ws.on('message', (data) => {
            const msg = JSON.parse(String(data));
            if (msg.kind === 'hello') ok(ws);
            else onEvent(msg.id, performance.now());
          });
          ws.on('error', fail);
        }),
    ),
  );
}

/** Latency from the write request being sent to each of 200 clients receiving the event. */
async function deliveryLatency(
  writer: HavenProcess,
  reader: HavenProcess,
  label: string,
  kind: 'pglite' | 'postgres',
) {
  const admin = await signIn(writer.url, 'admin', writer.adminPassword);
  const watcher = await signIn(reader.url, 'supervisor', 'haven-demo');
  const target = await villageId(writer.url, admin.cookie);
  const received: { id: string; at: number }[] = [];
  const sockets = await connectClients(reader.url, watcher.cookie, CLIENTS, (id, at) =>
    received.push({ id, at }),
  );
  const latencies: number[] = [];
  for (let i = 0; i < EVENTS; i++) {
    const before = received.length;
    const t = performance.now();
    const res = await fetch(`${writer.url}/api/jurisdictions/${target}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', cookie: admin.cookie, 'x-csrf-token': admin.csrf },
      body: JSON.stringify({ nameEn: `Renamed ${i}` }),
    });
    if (res.status !== 200) throw new Error(`patch failed ${res.status}`);
    const deadline = Date.now() + 10_000;
    while (received.length < before + CLIENTS && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 1));
    for (const r of received.slice(before)) latencies.push(r.at - t);
    await new Promise((r) => setTimeout(r, 20)); // ~40 events/s
  }
  for (const s of sockets) s.terminate();
  const expected = CLIENTS * EVENTS;
  return [
    { p: 50, v: percentile(latencies, 50) },
    { p: 99, v: percentile(latencies, 99) },
  ].map(
    (x): BenchRow => ({
      metric: `event_delivery_p${x.p}_${label}`,
      value: Math.round(x.v * 100) / 100,
      unit: 'ms',
      baseline: null,
      ratio: null,
      db: kind,
      params: {
        clients: CLIENTS,
        events: EVENTS,
        delivered: latencies.length,
        expected,
        measuredFrom: 'write request sent',
      },
    }),
  );
}

const rows: BenchRow[] = [];
{
  const fresh = await freshDatabase('pglite');
  const node = await startHaven({ dataDir: fresh.dataDir, keepData: true });
  rows.push(...(await deliveryLatency(node, node, 'one_node', 'pglite')));
  rows.push(...(await writeThroughput(node, 'pglite')));
  await fresh.drop();
}
if (pgUrl) {
  process.env.HAVEN_TEST_DATABASE_URL = pgUrl;
  const fresh = await freshDatabase('postgres');
  const a = await startHaven({ databaseUrl: fresh.databaseUrl, dataDir: fresh.dataDir, keepData: true });
  const b = await startHaven({ databaseUrl: fresh.databaseUrl, dataDir: fresh.dataDir, keepData: true });
  rows.push(...(await deliveryLatency(a, a, 'one_node', 'postgres')));
  rows.push(...(await deliveryLatency(a, b, 'two_nodes', 'postgres')));
  await b.stop();
  rows.push(...(await writeThroughput(a, 'postgres')));
  await fresh.drop();
} else {
  console.log('HAVEN_TEST_DATABASE_URL unset: PostgreSQL figures skipped.');
}
writeResults('core', rows);
