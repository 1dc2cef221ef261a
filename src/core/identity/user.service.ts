import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import type { Database } from '../db/database.ts';
import { pgArray } from '../db/sql-values.ts';
import { type Tx, transact } from '../db/transaction.ts';
import { conflict, invalid, notFound } from '../errors.ts';
import type { Actor } from './actor.ts';
import { hashPassword } from './passwords.ts';
import { type Role, roles } from './permissions.ts';
import { forgetSessions } from './session.service.ts';
import { randomToken } from './tokens.ts';

/** A user as the admin screens see it. */
export interface UserSummary {
  id: string;
  username: string;
  displayName: string;
  roles: string[];
  jurisdictionIds: string[];
  disabled: boolean;
  createdAt: string;
}

export interface NewUser {
  username: string;
  displayName: string;
  password: string;
  roles: string[];
  jurisdictionIds: string[];
}

function checkRoles(list: string[]): Role[] {
  const bad = list.filter((r) => !(roles as readonly string[]).includes(r));
  if (bad.length > 0) throw invalid('users.unknown_role', `Unknown roles: ${bad.join(', ')}`);
  if (list.length === 0) throw invalid('users.no_role', 'A user needs at least one role');
  return list as Role[];
}

async function bindJurisdictions(tx: Tx, userId: string, ids: string[]): Promise<void> {
  const unique = [...new Set(ids)];
  const known = await sql<{
    n: string;
  }>`SELECT count(*) AS n FROM jurisdictions WHERE id = ANY(${pgArray(unique)}::uuid[])`.execute(tx.db);
  if (Number(known.rows[0]?.n) !== unique.length) {
    throw invalid('users.unknown_jurisdiction', 'Unknown jurisdiction in jurisdictionIds');
  }
  await sql`DELETE FROM user_jurisdictions WHERE user_id = ${userId}`.execute(tx.db);
  for (const j of unique) {
    await sql`INSERT INTO user_jurisdictions (user_id, jurisdiction_id) VALUES (${userId}, ${j})`.execute(
      tx.db,
    );
  }
}

async function setRoles(tx: Tx, userId: string, list: Role[]): Promise<void> {
  await sql`DELETE FROM user_roles WHERE user_id = ${userId}`.execute(tx.db);
  for (const r of new Set(list)) {
    await sql`INSERT INTO user_roles (user_id, role) VALUES (${userId}, ${r})`.execute(tx.db);
  }
}

/** Creates a user (password hashed with argon2id) bound to roles and jurisdiction subtrees. */
export async function createUser(database: Database, actor: Actor, input: NewUser): Promise<UserSummary> {
  const roleList = checkRoles(input.roles);
  if (input.password.length < 8) invalidPassword();
  const hash = await hashPassword(input.password);
  const id = uuidv7();
  await transact(database, actor, async (tx) => {
    const taken = await sql`SELECT 1 FROM users WHERE lower(username) = lower(${input.username})`.execute(
      tx.db,
    );
    if (taken.rows.length > 0)
      throw conflict('users.username_taken', `User name "${input.username}" is taken`);
    await sql`INSERT INTO users (id, username, display_name, password_hash)
      VALUES (${id}, ${input.username}, ${input.displayName}, ${hash})`.execute(tx.db);
    await setRoles(tx, id, roleList);
    await bindJurisdictions(tx, id, input.jurisdictionIds);
    tx.audit({ action: 'user.created', targetType: 'user', targetId: id, details: { roles: roleList } });
    tx.emit(
      'user.created',
      { id, username: input.username },
      { jurisdictionPath: null, permission: 'users.manage' },
    );
  });
  return getUser(database, id);
}

function invalidPassword(): never {
  throw invalid('users.weak_password', 'A password needs at least 8 characters');
}

/** Changes a user's name, roles, jurisdictions, disabled flag or password. */
export async function updateUser(
  database: Database,
  actor: Actor,
  id: string,
  patch: Partial<{
    displayName: string;
    roles: string[];
    jurisdictionIds: string[];
    disabled: boolean;
    password: string;
  }>,
): Promise<UserSummary> {
  const roleList = patch.roles ? checkRoles(patch.roles) : null;
  if (patch.password !== undefined && patch.password.length < 8) invalidPassword();
  const hash = patch.password !== undefined ? await hashPassword(patch.password) : null;
  await transact(database, actor, async (tx) => {
    const row = await sql<{
      username: string;
    }>`SELECT username FROM users WHERE id = ${id} FOR UPDATE`.execute(tx.db);
    const username = row.rows[0]?.username;
    if (username === undefined) throw notFound('User');
    if (patch.displayName !== undefined) {
      await sql`UPDATE users SET display_name = ${patch.displayName}, updated_at = now() WHERE id = ${id}`.execute(
        tx.db,
      );
    }
    if (patch.disabled !== undefined) {
      await sql`UPDATE users SET disabled = ${patch.disabled}, updated_at = now() WHERE id = ${id}`.execute(
        tx.db,
      );
      if (patch.disabled) await sql`DELETE FROM sessions WHERE user_id = ${id}`.execute(tx.db);
    }
    if (hash) {
      await sql`UPDATE users SET password_hash = ${hash}, failed_attempts = 0, locked_until = NULL,
        updated_at = now() WHERE id = ${id}`.execute(tx.db);
      await sql`DELETE FROM sessions WHERE user_id = ${id}`.execute(tx.db);
    }
    if (roleList) await setRoles(tx, id, roleList);
    if (patch.jurisdictionIds) await bindJurisdictions(tx, id, patch.jurisdictionIds);
    // Roles, scopes or access changed: sessions cached on this node must be re-read.
    forgetSessions();
    const changed = Object.keys(patch).filter((k) => k !== 'password');
    tx.audit({
      action: 'user.updated',
      targetType: 'user',
      targetId: id,
      details: { changed, passwordReset: hash !== null },
    });
    tx.emit('user.updated', { id, username }, { jurisdictionPath: null, permission: 'users.manage' });
  });
  return getUser(database, id);
}

/** Lists users (admin). */
export async function listUsers(database: Database): Promise<UserSummary[]> {
  return (await queryUsers(database, null)).sort((a, b) => a.username.localeCompare(b.username));
}

/** One user (admin). */
export async function getUser(database: Database, id: string): Promise<UserSummary> {
  const [u] = await queryUsers(database, id);
  if (!u) throw notFound('User');
  return u;
}

async function queryUsers(database: Database, id: string | null): Promise<UserSummary[]> {
  const res = await sql<{
    id: string;
    username: string;
    display_name: string;
    disabled: boolean;
    created_at: Date;
    roles: string[] | null;
    jurisdiction_ids: string[] | null;
  }>`SELECT u.id, u.username, u.display_name, u.disabled, u.created_at,
      (SELECT array_agg(role ORDER BY role) FROM user_roles r WHERE r.user_id = u.id) AS roles,
      (SELECT array_agg(jurisdiction_id::text) FROM user_jurisdictions j WHERE j.user_id = u.id) AS jurisdiction_ids
    FROM users u WHERE (${id}::uuid IS NULL OR u.id = ${id}::uuid)`.execute(database.db);
  return res.rows.map((r) => ({
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    roles: r.roles ?? [],
    jurisdictionIds: r.jurisdiction_ids ?? [],
    disabled: r.disabled,
    createdAt: r.created_at.toISOString(),
  }));
}

/**
 * Creates the first admin when no user holds the admin role, bound to every root jurisdiction.
 * Returns the password when it was generated, so the caller can print it once.
 */
export async function ensureFirstAdmin(
  database: Database,
  actor: Actor,
  password: string | null,
): Promise<{ created: boolean; generatedPassword: string | null }> {
  const any = await sql`SELECT 1 FROM user_roles WHERE role = 'admin' LIMIT 1`.execute(database.db);
  if (any.rows.length > 0) return { created: false, generatedPassword: null };
  const roots = await sql<{ id: string }>`SELECT id FROM jurisdictions WHERE parent_id IS NULL`.execute(
    database.db,
  );
  const generated = password ? null : randomToken(12);
  await createUser(database, actor, {
    username: 'admin',
    displayName: 'Administrator',
    password: password ?? generated!,
    roles: ['admin'],
    jurisdictionIds: roots.rows.map((r) => r.id),
  });
  return { created: true, generatedPassword: generated };
}
