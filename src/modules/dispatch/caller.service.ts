import { sql } from 'kysely';
import { HavenError } from '../../core/errors.ts';
import type { Actor } from '../../core/identity/actor.ts';
import { readPersonal } from '../../core/privacy/personal-read.ts';
import type { DispatchContext } from './context.ts';
import { rowScope } from './scope.ts';

/** Reads a caller's name and number for a stated purpose (audited, in the same transaction). */
export async function readCaller(
  ctx: DispatchContext,
  actor: Actor,
  callId: string,
  purpose: string | undefined,
): Promise<{ callerName: string | null; callerPhone: string | null; purged: boolean }> {
  const found = await sql<{ path: string }>`SELECT c.jurisdiction_path::text AS path FROM dispatch_calls c
    WHERE c.id = ${callId} AND ${rowScope('c.jurisdiction_path', actor)}`.execute(ctx.database.db);
  const path = found.rows[0]?.path;
  if (path === undefined) throw new HavenError('dispatch.call_not_found', 404, 'Call not found');
  return readPersonal(
    ctx.database,
    actor,
    { type: 'call', id: callId, jurisdictionPath: path, purpose },
    async (tx) => {
      const res = await sql<{ caller_name: string | null; caller_phone: string | null; purged: boolean }>`
      SELECT caller_name, caller_phone, personal_purged_at IS NOT NULL AS purged
      FROM dispatch_calls WHERE id = ${callId}`.execute(tx.db);
      const row = res.rows[0]!;
      return { callerName: row.caller_name, callerPhone: row.caller_phone, purged: row.purged };
    },
  );
}
