import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealAudit } from '../../src/core/audit/seal-audit.ts';
import { verifyAudit } from '../../src/core/audit/verify-audit.ts';
import { dbKinds } from '../support/databases.ts';
import { repoRoot } from '../support/shared-data.ts';
import { startTestNode, type TestNode } from '../support/test-node.ts';

describe.each(dbKinds)('audit log on %s', (kind) => {
  let node: TestNode;
  beforeAll(async () => {
    node = await startTestNode(kind);
  });
  afterAll(async () => node?.close());

  it('records every write with actor, action, target and request id', async () => {
    const admin = await node.signIn('admin');
    const res = await admin.request({
      method: 'POST',
      url: '/api/admin/users',
      payload: {
        username: 'audited',
        displayName: 'A',
        password: 'long-enough-1',
        roles: ['analyst'],
        jurisdictionIds: [],
      },
      headers: { 'x-request-id': 'req-audit-1' },
    });
    expect(res.statusCode).toBe(201);
    const row = await sql<{ actor_name: string; action: string; target_id: string; request_id: string }>`
      SELECT actor_name, action, target_id, request_id FROM audit_log WHERE action = 'user.created'
      ORDER BY id DESC LIMIT 1`.execute(node.services.database.db);
    expect(row.rows[0]).toEqual({
      actor_name: 'admin',
      action: 'user.created',
      target_id: res.json().id,
      request_id: 'req-audit-1',
    });
  });

  it('refuses UPDATE and DELETE', async () => {
    const db = node.services.database.db;
    await expect(sql`UPDATE audit_log SET action = 'x'`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM audit_log`.execute(db)).rejects.toThrow(/append-only/);
  });

  it('verifies an intact chain, and reports the first row changed behind its back', async () => {
    const db = node.services.database.db;
    await sealAudit(node.services.database);
    const ok = await verifyAudit(node.services.database);
    expect(ok.ok).toBe(true);
    expect(ok.rows).toBeGreaterThan(10);
    const target = await sql<{ id: string }>`SELECT id FROM audit_log ORDER BY id OFFSET 5 LIMIT 1`.execute(
      db,
    );
    const id = target.rows[0]!.id;
    // A superuser disables the trigger and edits a row, as an insider attack would.
    await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update`.execute(db);
    await sql`UPDATE audit_log SET actor_name = 'someone-else' WHERE id = ${id}`.execute(db);
    await sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update`.execute(db);
    const broken = await verifyAudit(node.services.database);
    expect(broken.ok).toBe(false);
    expect(broken.firstBroken).toEqual({ id, reason: 'hash_mismatch' });
  });

  it.skipIf(kind !== 'postgres')('`haven audit verify` reports the broken link and exits non-zero', () => {
    const run = spawnSync(process.execPath, [resolve(repoRoot, 'bin/haven.js'), 'audit', 'verify'], {
      env: { ...process.env, HAVEN_DATABASE_URL: node.fresh.databaseUrl!, HAVEN_LOG_LEVEL: 'silent' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.stdout).toMatch(/BROKEN at row \d+ \(hash_mismatch\)/);
    expect(run.status).toBe(2);
  });
});
