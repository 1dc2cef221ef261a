// The one place analysed rows are filtered by jurisdiction. Rows outside every served
// jurisdiction (null path, e.g. imported history of another city) are visible only to actors
// whose scope covers a whole root jurisdiction, never to actors scoped to part of the tree.
import { type RawBuilder, sql } from 'kysely';
import { inActorScope } from '../../core/db/sql-values.ts';
import type { Actor } from '../../core/identity/actor.ts';

/** Whether the actor sees rows without a jurisdiction. */
export function seesUnassigned(actor: Actor): boolean {
  return actor.kind === 'system' || actor.scopes.some((s) => s === '' || !s.includes('.'));
}

/** SQL condition: the row at `column` is visible to the actor. */
export function analysisScope(actor: Actor, column = 'jurisdiction_path'): RawBuilder<boolean> {
  const col = sql.ref(column);
  return seesUnassigned(actor)
    ? sql<boolean>`(${inActorScope(col, actor)} OR ${col} IS NULL)`
    : inActorScope(col, actor);
}
