import { readdirSync } from 'node:fs';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/core/db/database.ts';
import { migrate, migrationsDir } from '../../src/core/db/migrate.ts';
import { dbKinds, freshDatabase } from '../support/databases.ts';

describe.each(dbKinds)('migrations on %s', (kind) => {
  it('apply from empty in order, once, and concurrent runs do not race', async () => {
    const fresh = await freshDatabase(kind);
    const files = readdirSync(migrationsDir)
      .filter((f) => f.endsWith('.sql'))
      .sort();
    const a = await openDatabase(fresh);
    const b = kind === 'postgres' ? await openDatabase(fresh) : a;
    try {
      const [ra, rb] = await Promise.all([migrate(a), migrate(b)]);
      expect([...ra, ...rb].sort()).toEqual(files);
      expect(await migrate(a)).toEqual([]);
      const applied = await sql<{ name: string }>`SELECT name FROM schema_migrations ORDER BY name`.execute(
        a.db,
      );
      expect(applied.rows.map((r) => r.name)).toEqual(files);
      const ext = await sql<{ extname: string }>`SELECT extname FROM pg_extension ORDER BY extname`.execute(
        a.db,
      );
      expect(ext.rows.map((r) => r.extname)).toEqual(expect.arrayContaining(['ltree', 'pg_trgm']));
    } finally {
      if (b !== a) await b.close();
      await a.close();
      await fresh.drop();
    }
  });
});
