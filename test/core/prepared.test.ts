import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase, prepared } from '../../src/core/db/database.ts';
import { dbKinds, type FreshDatabase, freshDatabase } from '../support/databases.ts';

describe.each(dbKinds)('prepared statements (%s)', (kind) => {
  let fresh: FreshDatabase;
  let database: Database;
  afterAll(async () => {
    await database?.close();
    await fresh?.drop();
  });

  it('a marked statement gives the same rows as unmarked, and a server keeps it prepared per connection', async () => {
    fresh = await freshDatabase(kind);
    database = await openDatabase(fresh);
    const query = (n: number) =>
      sql<{
        n: number;
        doubled: number;
      }>`SELECT g AS n, g * 2 AS doubled FROM generate_series(1, ${n}::int) g`;
    await database.db.connection().execute(async (conn) => {
      for (const n of [3, 5, 3]) {
        const marked = await prepared(query(n)).execute(conn);
        const plain = await query(n).execute(conn);
        expect(marked.rows).toEqual(plain.rows);
        expect(marked.rows.map((r) => r.doubled)).toEqual(plain.rows.map((r) => r.n * 2));
      }
      if (kind === 'postgres') {
        // Three runs of one text on one connection: prepared once, under one name.
        const kept = await sql<{ name: string; statement: string }>`
          SELECT name, statement FROM pg_prepared_statements`.execute(conn);
        expect(kept.rows).toHaveLength(1);
        expect(kept.rows[0]!.statement).toContain('generate_series');
      }
    });
  });

  it('a failing marked statement is reported and leaves the connection usable', async () => {
    await database.db.connection().execute(async (conn) => {
      await expect(prepared(sql`SELECT 1 / ${0}::int AS x`).execute(conn)).rejects.toThrow(
        /division by zero/,
      );
      const again = await prepared(sql<{ x: number }>`SELECT 6 / ${3}::int AS x`).execute(conn);
      expect(again.rows[0]!.x).toBe(2);
    });
  });
});
