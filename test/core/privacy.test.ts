import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openServices } from '../../src/app/node.ts';
import { loadConfig } from '../../src/core/config/config.ts';
import { HavenError } from '../../src/core/errors.ts';
import { systemActor } from '../../src/core/identity/actor.ts';
import type { CoreServices } from '../../src/core/module.ts';
import { readPersonal } from '../../src/core/privacy/personal-read.ts';
import { purgeExpired } from '../../src/core/privacy/retention.ts';
import { dbKinds, type FreshDatabase, freshDatabase } from '../support/databases.ts';

describe.each(dbKinds)('privacy on %s', (kind) => {
  let fresh: FreshDatabase;
  let services: CoreServices;
  beforeAll(async () => {
    fresh = await freshDatabase(kind);
    const env = {
      HAVEN_DATA_DIR: fresh.dataDir,
      ...(fresh.databaseUrl ? { HAVEN_DATABASE_URL: fresh.databaseUrl } : {}),
    };
    services = await openServices(loadConfig(env), {
      info: () => undefined,
      warn: () => undefined,
      error: () => undefined,
    });
    const db = services.database.db;
    await sql`CREATE TABLE test_records (id int PRIMARY KEY, closed_at timestamptz, caller_name text, kind text)`.execute(
      db,
    );
    await sql`INSERT INTO test_records VALUES
      (1, now() - interval '400 days', 'Old Caller', 'fire'),
      (2, now() - interval '10 days', 'Recent Caller', 'fire'),
      (3, NULL, 'Open Case Caller', 'theft')`.execute(db);
  });
  afterAll(async () => {
    await services?.database.close();
    await fresh?.drop();
  });

  it('purges personal fields of records closed before the retention period, keeps the rest and the aggregates', async () => {
    const rule = {
      name: 'test_records',
      purge: async (tx: Parameters<Parameters<typeof readPersonal>[3]>[0], cutoff: Date) => {
        const res = await sql`UPDATE test_records SET caller_name = NULL
          WHERE closed_at < ${cutoff} AND caller_name IS NOT NULL`.execute(tx.db);
        return Number(res.numAffectedRows ?? 0);
      },
    };
    const purged = await purgeExpired(services.database, [rule], 365);
    expect(purged).toEqual({ test_records: 1 });
    const rows = await sql<{
      id: number;
      caller_name: string | null;
    }>`SELECT id, caller_name FROM test_records ORDER BY id`.execute(services.database.db);
    expect(rows.rows).toEqual([
      { id: 1, caller_name: null },
      { id: 2, caller_name: 'Recent Caller' },
      { id: 3, caller_name: 'Open Case Caller' },
    ]);
    const kinds = await sql<{
      n: string;
    }>`SELECT count(*) AS n FROM test_records WHERE kind = 'fire'`.execute(services.database.db);
    expect(Number(kinds.rows[0]!.n)).toBe(2);
    const audit = await sql<{
      details: { rows: number };
    }>`SELECT details FROM audit_log WHERE action = 'retention.purged'`.execute(services.database.db);
    expect(audit.rows.map((r) => r.details.rows)).toEqual([1]);
  });

  it('reads personal fields only with a stated purpose, and audits the read', async () => {
    const actor = { ...systemActor('reader'), kind: 'user' as const, id: 'u-1', name: 'dispatcher-7' };
    const target = { type: 'test_record', id: '2', jurisdictionPath: null };
    await expect(
      readPersonal(services.database, actor, { ...target, purpose: undefined }, async () => 'x'),
    ).rejects.toBeInstanceOf(HavenError);
    const name = await readPersonal(
      services.database,
      actor,
      { ...target, purpose: 'callback' },
      async (tx) => {
        const r = await sql<{
          caller_name: string;
        }>`SELECT caller_name FROM test_records WHERE id = 2`.execute(tx.db);
        return r.rows[0]!.caller_name;
      },
    );
    expect(name).toBe('Recent Caller');
    const audit = await sql<{ actor_name: string; purpose: string; target_id: string }>`
      SELECT actor_name, purpose, target_id FROM audit_log WHERE action = 'personal_data.read'`.execute(
      services.database.db,
    );
    expect(audit.rows).toEqual([{ actor_name: 'dispatcher-7', purpose: 'callback', target_id: '2' }]);
  });
});
