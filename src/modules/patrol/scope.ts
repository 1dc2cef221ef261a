// The one place patrol rows are filtered by jurisdiction.
import type { RawBuilder } from 'kysely';
import { inActorScope } from '../../core/db/sql-values.ts';
import type { Actor } from '../../core/identity/actor.ts';

/** SQL condition: the patrol row (its `jurisdiction_path`) is visible to the actor. */
export function patrolScope(actor: Actor, column = 'jurisdiction_path'): RawBuilder<boolean> {
  return inActorScope(column, actor);
}
