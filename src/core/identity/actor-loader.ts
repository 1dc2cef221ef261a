import { sql } from 'kysely';
import type { Database } from '../db/database.ts';
import type { Actor } from './actor.ts';
import { permissionsOf } from './permissions.ts';

export interface UserRecord {
  id: string;
  username: string;
  displayName: string;
  locale: 'zh-CN' | 'en' | null;
  disabled: boolean;
  roles: string[];
  jurisdictions: { id: string; path: string; level: string; nameZh: string; nameEn: string }[];
}

/** Loads a user with roles and jurisdiction bindings; null when absent. */
export async function loadUser(database: Database, userId: string): Promise<UserRecord | null> {
  const res = await sql<{
    id: string;
    username: string;
    display_name: string;
    locale: 'zh-CN' | 'en' | null;
    disabled: boolean;
    roles: string[] | null;
    jurisdictions: UserRecord['jurisdictions'] | null;
  }>`
    SELECT u.id, u.username, u.display_name, u.locale, u.disabled,
      (SELECT array_agg(role ORDER BY role) FROM user_roles r WHERE r.user_id = u.id) AS roles,
      (SELECT json_agg(json_build_object('id', j.id, 'path', j.path::text, 'level', j.level,
          'nameZh', j.name_zh, 'nameEn', j.name_en) ORDER BY j.path)
       FROM user_jurisdictions uj JOIN jurisdictions j ON j.id = uj.jurisdiction_id
       WHERE uj.user_id = u.id) AS jurisdictions
    FROM users u WHERE u.id = ${userId}`.execute(database.db);
  const r = res.rows[0];
  if (!r) return null;
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    locale: r.locale,
    disabled: r.disabled,
    roles: r.roles ?? [],
    jurisdictions: r.jurisdictions ?? [],
  };
}

/** The actor a signed-in user acts as. */
export function userActor(
  user: UserRecord,
  requestId: string | null,
  consoleId: string | null = null,
): Actor {
  return {
    kind: 'user',
    id: user.id,
    name: user.username,
    roles: user.roles,
    permissions: permissionsOf(user.roles),
    scopes: user.jurisdictions.map((j) => j.path),
    requestId,
    console: consoleId,
  };
}
