import { type RawBuilder, sql } from 'kysely';
import type { Actor } from '../identity/actor.ts';

/**
 * A PostgreSQL array literal ('{"a","b"}') for a parameter cast in SQL (`${pgArray(x)}::uuid[]`).
 * The two drivers serialise JS arrays differently; a literal string behaves the same on both.
 */
export function pgArray(values: readonly (string | number)[] | null): string | null {
  if (values === null) return null;
  const items = values.map((v) => (typeof v === 'number' ? String(v) : `"${v.replace(/(["\\])/g, '\\$1')}"`));
  return `{${items.join(',')}}`;
}

/**
 * The one jurisdiction filter: true for rows whose ltree `column` lies inside one of the actor's
 * subtrees (everything for the system actor; nothing for an actor without scopes).
 */
export function inActorScope(column: RawBuilder<unknown> | string, actor: Actor): RawBuilder<boolean> {
  const col = typeof column === 'string' ? sql.ref(column) : column;
  const scopes = actor.kind === 'system' ? [''] : actor.scopes;
  return sql<boolean>`(${col} <@ ANY(${pgArray(scopes)}::ltree[]))`;
}
