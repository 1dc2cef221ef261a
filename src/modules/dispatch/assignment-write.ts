import { sql } from 'kysely';
import type { Tx } from '../../core/db/transaction.ts';
import type { DispatchContext } from './context.ts';
import type { TimelineTarget } from './incident-write.ts';
import { writeTimeline } from './incident-write.ts';
import { P } from './permissions.ts';
import { assignmentView, queryAssignments, queryUnits, unitView } from './views.ts';

/** Emits the current state of an assignment and of its unit. */
export async function publishAssignment(tx: Tx, ctx: DispatchContext, assignmentId: string): Promise<void> {
  const [a] = await queryAssignments(tx.db, sql`a.id = ${assignmentId}`);
  if (!a) return;
  tx.emit('dispatch.assignment.changed', assignmentView(a), {
    jurisdictionPath: a.path,
    permission: P.unitsRead,
  });
  await publishUnit(tx, ctx, a.unit_id);
}

/** Emits the current state of a unit. */
export async function publishUnit(tx: Tx, ctx: DispatchContext, unitId: string): Promise<void> {
  const [u] = await queryUnits(tx.db, sql`u.id = ${unitId}`, sql``);
  if (!u) return;
  tx.emit('dispatch.unit.updated', unitView(u, Date.now(), ctx.timeZone), {
    jurisdictionPath: u.path,
    permission: P.unitsRead,
  });
}

/**
 * Ends one active assignment (released before the job is done, or cleared after it) and frees the
 * unit; the caller holds the incident's row lock and rederives its status afterwards.
 */
export async function endAssignment(
  tx: Tx,
  ctx: DispatchContext,
  inc: TimelineTarget,
  a: { id: string; unit_id: string; call_sign: string },
  how: 'released' | 'cleared',
  reason: string | null,
  freeStatus: 'available' | 'at_station' = 'available',
): Promise<void> {
  const stamp = how === 'released' ? 'released_at' : 'cleared_at';
  await sql`UPDATE dispatch_assignments SET status = ${how}, ${sql.ref(stamp)} = now(),
      release_reason = ${reason}
    WHERE id = ${a.id}`.execute(tx.db);
  await sql`UPDATE dispatch_units SET status = ${freeStatus}, current_incident_id = NULL, updated_at = now()
    WHERE id = ${a.unit_id} AND current_incident_id = ${inc.id}`.execute(tx.db);
  await writeTimeline(tx, inc, {
    kind: how === 'released' ? 'released' : 'unit_status',
    text:
      how === 'released' ? `${a.call_sign} released${reason ? `: ${reason}` : ''}` : `${a.call_sign} cleared`,
    unitId: a.unit_id,
    details: { assignmentId: a.id, reason, status: how },
  });
  await publishAssignment(tx, ctx, a.id);
}
