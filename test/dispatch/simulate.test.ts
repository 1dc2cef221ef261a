import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchContext } from '../../src/modules/dispatch/context.ts';
import { runSimulation } from '../../src/modules/dispatch/index.ts';
import type { TestNode } from '../support/test-node.ts';
import { startDispatchNode } from './support.ts';

describe('haven simulate drives calls and units through the services', () => {
  let node: TestNode;
  beforeAll(async () => {
    node = await startDispatchNode('pglite');
  });
  afterAll(async () => node?.close());

  it('takes calls, dispatches recommended units, drives them on roads and closes incidents', async () => {
    const ctx = await dispatchContext(node.services);
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), 45_000);
    const report = await runSimulation(ctx, {
      callsPerMinute: 90,
      minutes: 0.1,
      speed: 120,
      seed: 5,
      signal: abort.signal,
    });
    clearTimeout(timer);
    expect(report.calls).toBeGreaterThan(3);
    expect(report.dispatched).toBeGreaterThan(0);
    expect(report.arrivals).toBeGreaterThan(0);
    expect(report.fixes).toBeGreaterThan(0);
    const db = node.services.database.db;
    const closed = await sql<{ n: number }>`SELECT count(*)::int AS n FROM dispatch_incidents
      WHERE disposition = 'report_taken'`.execute(db);
    expect(closed.rows[0]!.n).toBeGreaterThan(0);
    const tracks = await sql<{ n: number }>`SELECT count(*)::int AS n FROM dispatch_unit_positions`.execute(
      db,
    );
    expect(tracks.rows[0]!.n).toBeGreaterThan(0);
    const double = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM (SELECT unit_id FROM dispatch_assignments
      WHERE status IN ('dispatched', 'en_route', 'on_scene', 'transporting') GROUP BY unit_id HAVING count(*) > 1) d`.execute(
      db,
    );
    expect(double.rows[0]!.n).toBe(0);
  });
});
