import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { ltree } from '@electric-sql/pglite/contrib/ltree';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import {
  Kysely,
  PostgresDialect,
  type PostgresPool,
  type PostgresPoolClient,
  type RawBuilder,
  sql,
} from 'kysely';
import pg from 'pg';

/** Which engine holds the record: embedded PGlite, or a PostgreSQL server. */
export type DatabaseKind = 'pglite' | 'postgres';

/** A connected database: Kysely for queries, LISTEN for the event relay. */
export interface Database {
  kind: DatabaseKind;
  // biome-ignore lint/suspicious/noExplicitAny: modules narrow it with `withTables<T>()`
  db: Kysely<any>;
  /** Runs a script of several statements (migrations). */
  exec(sql: string): Promise<void>;
  /** Subscribes to NOTIFY on a channel; returns the unsubscribe function. */
  listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

// int8 and numeric come back as strings on both drivers, so ids never lose precision.
pg.types.setTypeParser(20, (v) => v);
pg.types.setTypeParser(1700, (v) => v);

/** Opens PGlite under `dataDir` (or in memory when `dataDir` is 'memory://'). */
export async function openPglite(dataDir: string): Promise<Database> {
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
  const lite = await PGlite.create(dataDir, {
    extensions: { ltree, pg_trgm },
    parsers: { 20: (v: string) => v, 1700: (v: string) => v },
  });
  const db = new Kysely({ dialect: new PostgresDialect({ pool: pglitePool(lite) }) });
  return {
    kind: 'pglite',
    db,
    exec: async (sql) => {
      await lite.exec(sql);
    },
    listen: async (channel, onNotify) => {
      const unsubscribe = await lite.listen(channel, onNotify);
      return async () => unsubscribe();
    },
    close: async () => {
      await db.destroy();
      await lite.close();
    },
  };
}

/** Connects to a PostgreSQL server through a pool; LISTEN uses one dedicated connection. */
export async function openPostgres(url: string, poolSize = 10): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // An idle connection dropped by the server (restart, failover) is replaced on next use; without
  // a handler the pool's 'error' event would crash the process.
  pool.on('error', () => undefined);
  const probe = await pool.connect();
  probe.release();
  const db = new Kysely({ dialect: new PostgresDialect({ pool: preparingPool(pool) }) });
  let listener: pg.Client | null = null;
  const handlers = new Map<string, Set<(payload: string) => void>>();
  async function ensureListener(): Promise<pg.Client> {
    if (listener) return listener;
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    client.on('notification', (msg) => {
      for (const h of handlers.get(msg.channel) ?? []) h(msg.payload ?? '');
    });
    // A lost listener connection is re-established by the relay's periodic poll; just forget it.
    client.on('error', () => {
      if (listener === client) listener = null;
    });
    listener = client;
    return client;
  }
  return {
    kind: 'postgres',
    db,
    exec: async (sql) => {
      await pool.query(sql);
    },
    listen: async (channel, onNotify) => {
      const client = await ensureListener();
      let set = handlers.get(channel);
      if (!set) {
        set = new Set();
        handlers.set(channel, set);
        await client.query(`LISTEN "${channel.replace(/"/g, '')}"`);
      }
      set.add(onNotify);
      return async () => {
        set.delete(onNotify);
      };
    },
    close: async () => {
      await listener?.end().catch(() => undefined);
      await db.destroy();
    },
  };
}

const PREPARED_MARK = '/*prepared*/';

/**
 * Marks a hot statement to be prepared once per server connection and executed by name after
 * that: PostgreSQL then parses it once, and after five runs keeps a generic plan when that
 * costs no more than planning each time. Worth it for large statements run many times a second
 * (the outbox flush of every transaction, call intake), whose planning costs more than their
 * execution. Only for statements whose plan does not depend on the values: a generic plan is
 * chosen without them. PGlite runs marked statements as any other.
 */
export function prepared<T>(query: RawBuilder<T>): RawBuilder<T> {
  return sql<T>`${sql.raw(PREPARED_MARK)} ${query}`;
}

/**
 * Kysely's pool, with statements marked by `prepared` sent as named statements. The name is a
 * digest of the text, so each text is prepared once per connection; marked texts are a fixed
 * few, which bounds what each connection keeps.
 */
function preparingPool(pool: pg.Pool): PostgresPool {
  return {
    connect: async () => {
      const client = await pool.connect();
      return {
        query: ((text: string, values: unknown[]) =>
          text.startsWith(PREPARED_MARK)
            ? client.query({ name: createHash('sha1').update(text).digest('base64url'), text, values })
            : client.query(text, values)) as unknown as PostgresPoolClient['query'],
        release: () => client.release(),
      };
    },
    end: () => pool.end(),
  };
}

/** Opens the database the configuration names. */
export function openDatabase(opts: { databaseUrl: string | null; dataDir: string }): Promise<Database> {
  return opts.databaseUrl ? openPostgres(opts.databaseUrl) : openPglite(`${opts.dataDir}/pg`);
}

/**
 * PGlite is one connection; this pool hands it to one Kysely connection at a time, so a
 * transaction's statements are never interleaved with another caller's.
 */
function pglitePool(lite: PGlite): PostgresPool {
  let tail: Promise<void> = Promise.resolve();
  const client: PostgresPoolClient = {
    // biome-ignore lint/suspicious/noExplicitAny: Kysely's pool client signature
    query: (async (sql: string, params: readonly unknown[]): Promise<any> => {
      const command = /^\s*(\w+)/.exec(sql)?.[1]?.toUpperCase();
      // Parameterless statements go through the simple protocol so scripts of several
      // statements (migrations) run as they do on a server.
      const res =
        params.length === 0 ? (await lite.exec(sql)).at(-1) : await lite.query(sql, params as unknown[]);
      return { rows: res?.rows ?? [], rowCount: res?.affectedRows ?? 0, command };
    }) as PostgresPoolClient['query'],
    release: () => undefined,
  };
  return {
    connect: () => {
      let release!: () => void;
      const turn = new Promise<void>((r) => {
        release = r;
      });
      const ready = tail.then(() => ({ ...client, release }));
      tail = tail.then(() => turn);
      return ready;
    },
    end: async () => undefined,
  };
}
