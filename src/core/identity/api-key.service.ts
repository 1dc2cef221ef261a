import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import type { Database } from '../db/database.ts';
import { pgArray } from '../db/sql-values.ts';
import { transact } from '../db/transaction.ts';
import { invalid } from '../errors.ts';
import type { Actor } from './actor.ts';
import { isKnownPermission } from './permissions.ts';
import { randomToken, safeEqual, tokenHash } from './tokens.ts';

export interface ApiKeyInfo {
  id: string;
  name: string;
  prefix: string;
  permissions: string[];
  jurisdictionIds: string[];
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** Creates an integration key; the secret is returned once and stored only as a hash. */
export async function createApiKey(
  database: Database,
  actor: Actor,
  input: { name: string; permissions: string[]; jurisdictionIds: string[] },
): Promise<{ key: string; info: ApiKeyInfo }> {
  const unknown = input.permissions.filter((p) => !isKnownPermission(p));
  if (unknown.length > 0)
    throw invalid('auth.unknown_permission', `Unknown permissions: ${unknown.join(', ')}`);
  const id = uuidv7();
  const prefix = randomToken(6);
  const secret = randomToken(32);
  await transact(database, actor, async (tx) => {
    const known = await sql<{ n: string }>`SELECT count(*) AS n FROM jurisdictions
      WHERE id = ANY(${pgArray(input.jurisdictionIds)}::uuid[])`.execute(tx.db);
    if (Number(known.rows[0]?.n) !== new Set(input.jurisdictionIds).size) {
      throw invalid('auth.unknown_jurisdiction', 'An API key may only be scoped to existing jurisdictions');
    }
    await sql`INSERT INTO api_keys (id, name, prefix, key_hash, permissions, jurisdiction_ids, created_by)
      VALUES (${id}, ${input.name}, ${prefix}, ${tokenHash(secret)}, ${pgArray(input.permissions)}::text[],
        ${pgArray(input.jurisdictionIds)}::uuid[], ${actor.id})`.execute(tx.db);
    tx.audit({
      action: 'api_key.created',
      targetType: 'api_key',
      targetId: id,
      details: { name: input.name },
    });
  });
  const [info] = await queryKeys(database, id);
  return { key: `hk_${prefix}_${secret}`, info: info! };
}

/** All keys, without secrets. */
export function listApiKeys(database: Database): Promise<ApiKeyInfo[]> {
  return queryKeys(database, null);
}

async function queryKeys(database: Database, id: string | null): Promise<ApiKeyInfo[]> {
  const res = await sql<{
    id: string;
    name: string;
    prefix: string;
    permissions: string[];
    jurisdiction_ids: string[];
    created_at: Date;
    last_used_at: Date | null;
    revoked_at: Date | null;
  }>`SELECT id, name, prefix, permissions, jurisdiction_ids, created_at, last_used_at, revoked_at
     FROM api_keys WHERE (${id}::uuid IS NULL OR id = ${id}::uuid) ORDER BY created_at`.execute(database.db);
  return res.rows.map((r) => ({
    id: r.id,
    name: r.name,
    prefix: r.prefix,
    permissions: r.permissions,
    jurisdictionIds: r.jurisdiction_ids,
    createdAt: r.created_at.toISOString(),
    lastUsedAt: r.last_used_at?.toISOString() ?? null,
    revokedAt: r.revoked_at?.toISOString() ?? null,
  }));
}

/** Revokes a key. */
export async function revokeApiKey(database: Database, actor: Actor, id: string): Promise<void> {
  await transact(database, actor, async (tx) => {
    await sql`UPDATE api_keys SET revoked_at = now() WHERE id = ${id} AND revoked_at IS NULL`.execute(tx.db);
    tx.audit({ action: 'api_key.revoked', targetType: 'api_key', targetId: id });
  });
}

/** The actor of a presented key (`hk_<prefix>_<secret>`), or null when unknown or revoked. */
export async function resolveApiKey(
  database: Database,
  presented: string,
  requestId: string | null,
): Promise<Actor | null> {
  const m = /^hk_([A-Za-z0-9_-]{8})_([A-Za-z0-9_-]{43})$/.exec(presented);
  if (!m) return null;
  const res = await sql<{
    id: string;
    name: string;
    key_hash: string;
    permissions: string[];
    paths: string[] | null;
  }>`
    SELECT k.id, k.name, k.key_hash, k.permissions,
      (SELECT array_agg(j.path::text) FROM jurisdictions j WHERE j.id = ANY(k.jurisdiction_ids)) AS paths
    FROM api_keys k WHERE k.prefix = ${m[1]} AND k.revoked_at IS NULL`.execute(database.db);
  const k = res.rows[0];
  if (!k || !safeEqual(k.key_hash, tokenHash(m[2]!))) return null;
  await sql`UPDATE api_keys SET last_used_at = now() WHERE id = ${k.id}
    AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`.execute(database.db);
  return {
    kind: 'api_key',
    id: k.id,
    name: `api_key:${k.name}`,
    roles: [],
    permissions: new Set(k.permissions),
    scopes: k.paths ?? [],
    requestId,
  };
}
