import { sql } from 'kysely';
import { transact } from '../core/db/transaction.ts';
import { systemActor } from '../core/identity/actor.ts';
import { createUser } from '../core/identity/user.service.ts';
import { insertJurisdiction } from '../core/jurisdictions/jurisdiction.service.ts';
import type { CoreServices, HavenModule } from '../core/module.ts';
import { DEMO_PASSWORD, demoCounty, demoUsers } from './demo-county.ts';

/** Whether the database holds no jurisdictions yet (a fresh install). */
export async function isEmpty(services: CoreServices): Promise<boolean> {
  const res = await sql`SELECT 1 FROM jurisdictions LIMIT 1`.execute(services.database.db);
  return res.rows.length === 0;
}

/** Loads the demo county, one user per role, and every module's demo data. */
export async function seedDemo(services: CoreServices, modules: readonly HavenModule[]): Promise<void> {
  const actor = systemActor('demo');
  const ids = new Map<string, string>();
  await transact(services.database, actor, async (tx) => {
    for (const j of demoCounty()) {
      const parentId = j.parentCode ? ids.get(j.parentCode)! : null;
      const { parentCode: _ignored, ...rest } = j;
      const created = await insertJurisdiction(tx, { ...rest, parentId });
      ids.set(j.code, created.id);
    }
  });
  for (const u of demoUsers) {
    await createUser(services.database, actor, {
      username: u.username,
      displayName: u.displayName,
      password: DEMO_PASSWORD,
      roles: [u.role],
      jurisdictionIds: [ids.get(u.jurisdictionCode)!],
    });
  }
  await services.jurisdictions.reload();
  for (const m of modules) await m.seedDemo?.(services);
}

/**
 * Empties every table but the migrations' bookkeeping and the audit log (append-only by
 * design: the reset itself is recorded), then loads the demo again.
 */
export async function resetDemo(services: CoreServices, modules: readonly HavenModule[]): Promise<void> {
  const tables = await sql<{ name: string }>`SELECT tablename AS name FROM pg_tables
    WHERE schemaname = current_schema() AND tablename NOT IN ('schema_migrations', 'audit_log')`.execute(
    services.database.db,
  );
  const list = tables.rows.map((t) => `"${t.name}"`).join(', ');
  await transact(services.database, systemActor('demo'), async (tx) => {
    if (list) await sql.raw(`TRUNCATE ${list} CASCADE`).execute(tx.db);
    tx.audit({ action: 'demo.reset', targetType: 'database' });
  });
  await seedDemo(services, modules);
}
