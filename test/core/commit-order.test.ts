import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealAudit } from '../../src/core/audit/seal-audit.ts';
import { verifyAudit } from '../../src/core/audit/verify-audit.ts';
import type { HavenEvent } from '../../src/core/events/event-map.ts';
import { startTestNode, type TestNode } from '../support/test-node.ts';

// Writers take outbox and audit ids without queueing on each other, so ids commit out of order;
// these tests hold a writer open on a second connection and check that readers wait for it.
describe.skipIf(!process.env.HAVEN_TEST_DATABASE_URL)('ids committed out of order (PostgreSQL)', () => {
  let node: TestNode;
  let slow: pg.Client;
  const seen: HavenEvent[] = [];
  beforeAll(async () => {
    node = await startTestNode('postgres');
    node.services.relay.subscribe((e) => seen.push(e));
    slow = new pg.Client({ connectionString: node.fresh.databaseUrl! });
    await slow.connect();
  });
  afterAll(async () => {
    await slow?.end();
    await node?.close();
  });

  async function writeThroughApi(tag: string): Promise<void> {
    const admin = await node.signIn('admin');
    const j = await sql<{ id: string }>`SELECT id FROM jurisdictions WHERE code = '990101'`.execute(
      node.services.database.db,
    );
    const res = await admin.request({
      method: 'PATCH',
      url: `/api/jurisdictions/${j.rows[0]!.id}`,
      payload: { nameEn: tag },
    });
    expect(res.statusCode).toBe(200);
  }

  async function newestEventId(): Promise<bigint> {
    const r = await sql<{ id: string }>`SELECT max(id)::text AS id FROM events`.execute(
      node.services.database.db,
    );
    return BigInt(r.rows[0]!.id);
  }

  it('the relay holds back a later event until an earlier id commits, then delivers both in order', async () => {
    await slow.query('BEGIN');
    const early = await slow.query<{ id: string }>(
      `INSERT INTO events (type, payload) VALUES ('test.slow', '{}') RETURNING id::text AS id`,
    );
    const earlyId = BigInt(early.rows[0]!.id);
    await writeThroughApi('after the slow writer');
    expect(await newestEventId()).toBeGreaterThan(earlyId);
    await node.services.relay.wake();
    await new Promise((r) => setTimeout(r, 500));
    expect(seen.filter((e) => BigInt(e.id) >= earlyId)).toEqual([]);
    await slow.query('COMMIT');
    await node.services.relay.wake();
    await node.services.relay.wake();
    // Module jobs write events too; the two of this test come in id order, none missing.
    const later = seen.filter((e) => BigInt(e.id) >= earlyId).map((e) => e.type as string);
    expect(later.filter((t) => t === 'test.slow' || t === 'jurisdiction.updated')).toEqual([
      'test.slow',
      'jurisdiction.updated',
    ]);
    const ids = seen.map((e) => BigInt(e.id));
    expect([...ids].sort((a, b) => (a < b ? -1 : 1))).toEqual(ids);
  });

  it('an id lost to a rollback does not stop delivery', async () => {
    await node.services.relay.wake();
    await slow.query('BEGIN');
    await slow.query(`INSERT INTO events (type, payload) VALUES ('test.rolled-back', '{}')`);
    await slow.query('ROLLBACK');
    const before = seen.length;
    await writeThroughApi('after a rollback');
    // The gap is waited out briefly (it might have been a writer still committing), then passed.
    const delivered = () => seen.slice(before).filter((e) => e.type === 'jurisdiction.updated');
    for (let i = 0; delivered().length === 0 && i < 50; i++) {
      await node.services.relay.wake();
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(delivered()).toHaveLength(1);
  });

  it('the audit chain waits for a late row and then links it in id order', async () => {
    await sealAudit(node.services.database);
    await slow.query('BEGIN');
    const early = await slow.query<{ id: string }>(
      `INSERT INTO audit_log (actor_kind, actor_name, action, target_type) VALUES ('system', 'slow', 'test.slow', 'test')
       RETURNING id::text AS id`,
    );
    await writeThroughApi('audited after the slow writer');
    await sealAudit(node.services.database);
    const past = await sql<{ n: string }>`SELECT count(*)::text AS n FROM audit_log
      WHERE id > ${early.rows[0]!.id} AND hash IS NOT NULL`.execute(node.services.database.db);
    expect(past.rows[0]!.n).toBe('0');
    await slow.query('COMMIT');
    // This call or the node's own sealer (whichever holds the seal lock) links it shortly.
    const sealedHash = async () => {
      await sealAudit(node.services.database);
      const row = await sql<{
        hash: string | null;
      }>`SELECT hash FROM audit_log WHERE id = ${early.rows[0]!.id}`.execute(node.services.database.db);
      return row.rows[0]!.hash;
    };
    let hash = await sealedHash();
    for (let i = 0; hash === null && i < 50; i++) {
      await new Promise((r) => setTimeout(r, 100));
      hash = await sealedHash();
    }
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(await verifyAudit(node.services.database)).toMatchObject({ ok: true, firstBroken: null });
  });

  it('sealing is the only change the audit log accepts', async () => {
    const db = node.services.database.db;
    await sealAudit(node.services.database);
    await expect(sql`UPDATE audit_log SET hash = repeat('0', 64) WHERE id = 1`.execute(db)).rejects.toThrow(
      /append-only/,
    );
    await sql`INSERT INTO audit_log (actor_kind, actor_name, action, target_type) VALUES ('system', 't', 't', 't')`.execute(
      db,
    );
    await expect(
      sql`UPDATE audit_log SET action = 'x', hash = repeat('0', 64), prev_hash = repeat('0', 64) WHERE hash IS NULL`.execute(
        db,
      ),
    ).rejects.toThrow(/append-only/);
  });
});
