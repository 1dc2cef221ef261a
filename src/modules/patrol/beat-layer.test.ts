// The beats in force as the 'patrol.beats' area layer: loaded at start, refreshed on every node
// when beats are published, answering by point and time.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbKinds } from '../../../test/support/databases.ts';
import { TEST_ADMIN_PASSWORD } from '../../../test/support/haven-process.ts';
import { startTestNode, type TestClient, type TestNode } from '../../../test/support/test-node.ts';
import { type RunningNode, startNode } from '../../app/node.ts';
import { loadConfig } from '../../core/config/config.ts';
import type { CoreServices } from '../../core/module.ts';
import { BeatLayer } from './beat-layer.ts';
import { patrolModule } from './patrol.module.ts';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

async function until<T>(read: () => T | Promise<T>, ok: (v: T) => boolean, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function finishedDesign(planner: TestClient, county: string, seed: number) {
  const started = await planner.request({
    method: 'POST',
    url: '/api/patrol/designs',
    payload: {
      name: `Layer ${seed}`,
      jurisdictionId: county,
      beats: 6,
      resolution: 7,
      timeLimitSeconds: 10,
      seed,
      workload: { source: 'synthetic' },
    },
  });
  expect(started.statusCode).toBe(202);
  const id = started.json().id as string;
  const d = await until(
    async () => (await planner.request({ method: 'GET', url: `/api/patrol/designs/${id}` })).json(),
    (x) => x.runState !== 'running',
    40_000,
  );
  expect(d.runState).toBe('done');
  return d as { id: string; beats: { id: string }[] };
}

/** A point well inside a whole (unclipped) atom, and the code of the beat that atom is in. */
async function pointOfBeat(planner: TestClient, design: { id: string; beats: { id: string }[] }) {
  const atoms = (
    await planner.request({ method: 'GET', url: `/api/patrol/designs/${design.id}/atoms` })
  ).json().features as {
    geometry: { type: string; coordinates: number[][][] };
    properties: { beat: number };
  }[];
  const whole = atoms.find((a) => a.geometry.type === 'Polygon')!;
  const ring = whole.geometry.coordinates[0]!.slice(0, -1);
  const lon = ring.reduce((s, p) => s + p[0]!, 0) / ring.length;
  const lat = ring.reduce((s, p) => s + p[1]!, 0) / ring.length;
  return { lon, lat, code: design.beats[whole.properties.beat]!.id };
}

async function designOfBeat(services: CoreServices, beatId: string): Promise<string> {
  const r = await sql<{
    design_id: string;
  }>`SELECT design_id FROM patrol_beats WHERE id = ${beatId}::uuid`.execute(services.database.db);
  return r.rows[0]!.design_id;
}

describe.each(dbKinds)('patrol beats layer on %s', (kind) => {
  let node: TestNode;
  let second: RunningNode | null = null;
  let planner: TestClient;
  let county: string;

  beforeAll(async () => {
    node = await startTestNode(kind, { modules: [patrolModule] });
    planner = await node.signIn('supervisor');
    const res = await sql<{ id: string }>`SELECT id FROM jurisdictions WHERE code = '990101'`.execute(
      node.services.database.db,
    );
    county = res.rows[0]!.id;
    if (node.fresh.databaseUrl) {
      // A second node on the same PostgreSQL, started before anything is published.
      second = await startNode(
        loadConfig({
          HAVEN_PORT: '0',
          HAVEN_DATA_DIR: node.fresh.dataDir,
          HAVEN_DATABASE_URL: node.fresh.databaseUrl,
          HAVEN_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD,
          HAVEN_LOG_LEVEL: 'silent',
        }),
        [patrolModule],
        silent,
      );
    }
  }, 60_000);
  afterAll(async () => {
    await second?.stop();
    await node?.close();
  });

  it('locates points in the beats in force at a time, refreshed on publish (on every node)', async () => {
    const a = await finishedDesign(planner, county, 1);
    const b = await finishedDesign(planner, county, 2);
    const pa = await pointOfBeat(planner, a);
    const areas = node.services.areas;
    const june = new Date('2026-06-01T00:00:00Z');
    expect(areas.locate('patrol.beats', pa.lon, pa.lat, june)).toBeNull();

    const pub = await planner.request({
      method: 'POST',
      url: `/api/patrol/designs/${a.id}/publish`,
      payload: { effectiveFrom: '2026-01-01T00:00:00Z' },
    });
    expect(pub.statusCode).toBe(200);
    const hit = await until(
      () => areas.locate('patrol.beats', pa.lon, pa.lat, june),
      (h) => h !== null,
    );
    expect(hit?.code).toBe(pa.code);
    expect(await designOfBeat(node.services, hit!.id)).toBe(a.id);
    // Before the effective date no beat was in force; outside the county none is.
    expect(areas.locate('patrol.beats', pa.lon, pa.lat, new Date('2025-12-01T00:00:00Z'))).toBeNull();
    expect(areas.locate('patrol.beats', 120, 30, june)).toBeNull();

    // A later design takes over from its own date; the earlier one still answers for the past.
    await planner.request({
      method: 'POST',
      url: `/api/patrol/designs/${b.id}/publish`,
      payload: { effectiveFrom: '2026-03-01T00:00:00Z' },
    });
    const later = await until(
      () => areas.locate('patrol.beats', pa.lon, pa.lat, june),
      (h) => h !== null && h.id !== hit!.id,
    );
    expect(await designOfBeat(node.services, later!.id)).toBe(b.id);
    const feb = areas.locate('patrol.beats', pa.lon, pa.lat, new Date('2026-02-01T00:00:00Z'));
    expect(feb?.id).toBe(hit!.id);

    // A fresh layer built from the database agrees with the refreshed one.
    const fresh = new BeatLayer(node.services.database);
    await fresh.reload();
    expect(fresh.size).toBe(12);
    expect(fresh.locate(pa.lon, pa.lat, june)).toEqual(later);

    if (second) {
      const seen = await until(
        () => second!.services.areas.locate('patrol.beats', pa.lon, pa.lat, june),
        (h) => h?.id === later!.id,
      );
      expect(seen).toEqual(later);
      expect(
        second.services.areas.locate('patrol.beats', pa.lon, pa.lat, new Date('2026-02-01T00:00:00Z')),
      ).toEqual(hit);
    }
  }, 90_000);
});
