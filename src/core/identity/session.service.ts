import { sql } from 'kysely';
import type { Database } from '../db/database.ts';
import { transact } from '../db/transaction.ts';
import { HavenError } from '../errors.ts';
import { type Actor, publicActor } from './actor.ts';
import { loadUser, type UserRecord } from './actor-loader.ts';
import { verifyAgainstDummy, verifyPassword } from './passwords.ts';
import { randomToken, tokenHash } from './tokens.ts';

/** Sign-in policy: lockout after repeated failures, absolute and idle session lifetimes. */
export const sessionPolicy = {
  maxFailedAttempts: 5,
  lockoutMinutes: 15,
  sessionHours: 12,
  idleMinutes: 120,
};

export interface SignedIn {
  token: string;
  csrfToken: string;
  expiresAt: Date;
  user: UserRecord;
}

/**
 * Checks a user name and password. Failures count toward a temporary lockout; the answer for
 * an unknown user is the same as for a wrong password.
 */
export async function signIn(
  database: Database,
  input: { username: string; password: string; userAgent: string | null; requestId: string | null },
): Promise<SignedIn> {
  const found = await sql<{
    id: string;
    password_hash: string;
    disabled: boolean;
    locked_until: Date | null;
  }>`SELECT id, password_hash, disabled, locked_until FROM users WHERE lower(username) = lower(${input.username})`.execute(
    database.db,
  );
  const row = found.rows[0];
  const anon = { ...publicActor(input.requestId), name: input.username.slice(0, 100) };
  if (!row) {
    await verifyAgainstDummy(input.password);
    await transact(database, anon, async (tx) =>
      tx.audit({ action: 'auth.sign_in_failed', targetType: 'user', details: { reason: 'unknown_user' } }),
    );
    throw new HavenError('auth.invalid_credentials', 401, 'Wrong user name or password');
  }
  if (row.locked_until && row.locked_until > new Date()) {
    const retryAfter = Math.ceil((row.locked_until.getTime() - Date.now()) / 1000);
    throw new HavenError('auth.locked', 429, `Too many failed sign-ins; try again in ${retryAfter} s`, {
      retryAfter,
    });
  }
  const ok = await verifyPassword(row.password_hash, input.password);
  if (!ok || row.disabled) {
    await transact(database, { ...anon, id: row.id }, async (tx) => {
      await sql`UPDATE users SET failed_attempts = failed_attempts + 1,
          locked_until = CASE WHEN failed_attempts + 1 >= ${sessionPolicy.maxFailedAttempts}
            THEN now() + make_interval(mins => ${sessionPolicy.lockoutMinutes}) ELSE locked_until END
        WHERE id = ${row.id}`.execute(tx.db);
      tx.audit({ action: 'auth.sign_in_failed', targetType: 'user', targetId: row.id });
    });
    throw new HavenError('auth.invalid_credentials', 401, 'Wrong user name or password');
  }
  const token = randomToken();
  const csrfToken = randomToken();
  const expiresAt = new Date(Date.now() + sessionPolicy.sessionHours * 3600_000);
  await transact(database, { ...anon, kind: 'user', id: row.id }, async (tx) => {
    await sql`UPDATE users SET failed_attempts = 0, locked_until = NULL WHERE id = ${row.id}`.execute(tx.db);
    await sql`INSERT INTO sessions (token_hash, user_id, csrf_token, expires_at, user_agent)
      VALUES (${tokenHash(token)}, ${row.id}, ${csrfToken}, ${expiresAt}, ${input.userAgent?.slice(0, 300) ?? null})`.execute(
      tx.db,
    );
    tx.audit({ action: 'auth.signed_in', targetType: 'user', targetId: row.id });
  });
  const user = await loadUser(database, row.id);
  if (!user) throw new HavenError('auth.invalid_credentials', 401, 'Wrong user name or password');
  return { token, csrfToken, expiresAt, user };
}

type LiveSession = { user: UserRecord; csrfToken: string };

// A few seconds of per-node caching spares every request two queries. Sign-out clears it here at
// once; a user disabled or signed out on another node loses access within SESSION_CACHE_MS.
const SESSION_CACHE_MS = 5000;
const sessionCache = new Map<string, { at: number; session: LiveSession }>();

/** Forgets cached sessions (all, or one token's) on this node. */
export function forgetSessions(token?: string): void {
  if (token === undefined) sessionCache.clear();
  else sessionCache.delete(tokenHash(token));
}

/** A live session: its user and CSRF token; null when unknown, expired, idle too long or disabled. */
export async function resolveSession(database: Database, token: string): Promise<LiveSession | null> {
  const key = tokenHash(token);
  const hit = sessionCache.get(key);
  if (hit && Date.now() - hit.at < SESSION_CACHE_MS) return hit.session;
  const session = await loadSession(database, token);
  if (sessionCache.size > 10_000) sessionCache.clear();
  if (session) sessionCache.set(key, { at: Date.now(), session });
  else sessionCache.delete(key);
  return session;
}

async function loadSession(database: Database, token: string): Promise<LiveSession | null> {
  const res = await sql<{ user_id: string; csrf_token: string; idle: boolean }>`
    SELECT user_id, csrf_token,
      last_seen_at < now() - make_interval(mins => ${sessionPolicy.idleMinutes}) AS idle
    FROM sessions WHERE token_hash = ${tokenHash(token)} AND expires_at > now()`.execute(database.db);
  const s = res.rows[0];
  if (!s || s.idle) return null;
  const user = await loadUser(database, s.user_id);
  if (!user || user.disabled) return null;
  // Only touch the row once a minute: a busy console must not write on every request.
  await sql`UPDATE sessions SET last_seen_at = now()
    WHERE token_hash = ${tokenHash(token)} AND last_seen_at < now() - interval '1 minute'`.execute(
    database.db,
  );
  return { user, csrfToken: s.csrf_token };
}

/** Ends a session. */
export async function signOut(database: Database, actor: Actor, token: string): Promise<void> {
  forgetSessions(token);
  await transact(database, actor, async (tx) => {
    await sql`DELETE FROM sessions WHERE token_hash = ${tokenHash(token)}`.execute(tx.db);
    tx.audit({ action: 'auth.signed_out', targetType: 'user', targetId: actor.id });
  });
}
