import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { freshDatabase } from '../support/databases.ts';
import { type HavenProcess, startHaven } from '../support/haven-process.ts';

interface Live {
  ids: string[];
  types: string[];
  close(): void;
}

async function signInCookie(url: string, username: string, password = 'haven-demo') {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
  return { cookie, csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
}

function subscribe(url: string, cookie: string, after?: string): Promise<Live> {
  const ws = new WebSocket(`${url.replace('http', 'ws')}/api/events${after ? `?after=${after}` : ''}`, {
    headers: { cookie },
  });
  const live: Live = { ids: [], types: [], close: () => ws.terminate() };
  return new Promise((ok, fail) => {
    ws.on('message', (data) => {
      const msg = JSON.parse(String(data));
      if (msg.kind === 'hello') ok(live);
      else {
        live.ids.push(msg.id);
        live.types.push(msg.type);
      }
    });
    ws.on('error', fail);
  });
}

async function renameMany(
  url: string,
  admin: { cookie: string; csrf: string },
  id: string,
  n: number,
  tag: string,
) {
  for (let i = 0; i < n; i++) {
    const res = await fetch(`${url}/api/jurisdictions/${id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', cookie: admin.cookie, 'x-csrf-token': admin.csrf },
      body: JSON.stringify({ nameEn: `${tag} ${i}` }),
    });
    expect(res.status).toBe(200);
  }
}

async function until(check: () => boolean, ms = 15_000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function firstGridId(url: string, cookie: string): Promise<string> {
  const res = await fetch(`${url}/api/jurisdictions?level=grid&geometry=false`, { headers: { cookie } });
  return ((await res.json()) as { features: { id: string }[] }).features[0]!.id;
}

describe('live events on one node (PGlite)', () => {
  let node: HavenProcess;
  beforeAll(async () => {
    node = await startHaven();
  });
  afterAll(async () => node?.stop());

  it('a client disconnected mid-stream resumes with no event missing or duplicated', async () => {
    const admin = await signInCookie(node.url, 'admin', node.adminPassword);
    const grid = await firstGridId(node.url, admin.cookie);
    const watcher = await signInCookie(node.url, 'supervisor');
    const reference = await subscribe(node.url, watcher.cookie);
    const first = await subscribe(node.url, watcher.cookie);
    const writing = renameMany(node.url, admin, grid, 30, 'A');
    await until(() => first.ids.length >= 5);
    first.close();
    const seenBeforeDrop = [...first.ids];
    await writing;
    const resumed = await subscribe(node.url, watcher.cookie, seenBeforeDrop.at(-1));
    await renameMany(node.url, admin, grid, 5, 'B');
    await until(() => reference.ids.length >= 35 && seenBeforeDrop.length + resumed.ids.length >= 35);
    const combined = [...seenBeforeDrop, ...resumed.ids];
    expect(combined).toEqual(reference.ids);
    expect(new Set(combined).size).toBe(combined.length);
    expect(reference.types.every((t) => t === 'jurisdiction.updated')).toBe(true);
    reference.close();
    resumed.close();
  });
});

describe.skipIf(!process.env.HAVEN_TEST_DATABASE_URL)('two nodes on one PostgreSQL', () => {
  let a: HavenProcess;
  let b: HavenProcess;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const fresh = await freshDatabase('postgres');
    drop = fresh.drop;
    // Started at the same time: one migrates (advisory lock), the other waits, both serve.
    [a, b] = await Promise.all([
      startHaven({ databaseUrl: fresh.databaseUrl, dataDir: fresh.dataDir, keepData: true }),
      startHaven({ databaseUrl: fresh.databaseUrl, dataDir: fresh.dataDir, keepData: true }),
    ]);
  });
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await drop?.();
  });

  it('both serve after starting concurrently, with one set of migrations and one demo', async () => {
    for (const n of [a, b]) expect((await fetch(`${n.url}/ready`)).status).toBe(200);
    const admin = await signInCookie(a.url, 'admin', a.adminPassword);
    const res = await fetch(`${b.url}/api/jurisdictions?geometry=false`, {
      headers: { cookie: admin.cookie },
    });
    expect(((await res.json()) as { features: unknown[] }).features).toHaveLength(124);
  });

  it('an event written through node A reaches a WebSocket client of node B', async () => {
    const admin = await signInCookie(a.url, 'admin', a.adminPassword);
    const grid = await firstGridId(a.url, admin.cookie);
    const onB = await subscribe(b.url, (await signInCookie(b.url, 'supervisor')).cookie);
    await renameMany(a.url, admin, grid, 3, 'cross-node');
    await until(() => onB.ids.length >= 3);
    expect(onB.types.slice(0, 3)).toEqual([
      'jurisdiction.updated',
      'jurisdiction.updated',
      'jurisdiction.updated',
    ]);
    onB.close();
  });
});
