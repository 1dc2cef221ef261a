import { type RawBuilder, sql } from 'kysely';
import { inActorScope } from '../../core/db/sql-values.ts';
import type { Actor } from '../../core/identity/actor.ts';

/** The one jurisdiction filter of grid rows: `alias.jurisdiction_path` inside the actor's subtrees. */
export function inScope(actor: Actor, alias = 'r'): RawBuilder<boolean> {
  return inActorScope(sql.ref(`${alias}.jurisdiction_path`), actor);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a string is a UUID (request ids) rather than a public id (`GR100001`). */
export function isUuid(id: string): boolean {
  return UUID.test(id);
}

/** Matches a request row by its id or its public id. */
export function requestIdMatch(id: string, alias = 'r'): RawBuilder<boolean> {
  return isUuid(id)
    ? sql<boolean>`${sql.ref(`${alias}.id`)} = ${id}::uuid`
    : sql<boolean>`${sql.ref(`${alias}.public_id`)} = ${id}`;
}
