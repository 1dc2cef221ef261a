import { sql } from 'kysely';
import { pgArray } from '../../core/db/sql-values.ts';
import { type Tx, transact } from '../../core/db/transaction.ts';
import { systemActor } from '../../core/identity/actor.ts';
import type { RetentionRule } from '../../core/privacy/retention.ts';
import type { DispatchContext } from './context.ts';
import { PRIORITIES, soonestWarnSeconds } from './domain/timer-thresholds.ts';
import { P } from './permissions.ts';
import { incidentNumber, incidentTimers, queryIncidents } from './views.ts';

const TIMER_LOCK = sql`pg_try_advisory_xact_lock(4202, 1)`;

/**
 * Raises each overdue timer once across all nodes: a node takes the sweep lock (others skip the
 * tick) and an alert row keyed by (incident, timer, unit, level, start) is inserted before its
 * event, so even two sweeps racing past the lock would emit it once. One INSERT per sweep.
 */
export async function sweepTimers(ctx: DispatchContext, now = Date.now()): Promise<number> {
  return transact(ctx.database, systemActor('dispatch-timers'), async (tx) => {
    const lock = await sql<{ ok: boolean }>`SELECT ${TIMER_LOCK} AS ok`.execute(tx.db);
    if (!lock.rows[0]?.ok) return 0;
    // Only incidents old enough for some timer to be due: the sweep then reads the few that can
    // be overdue rather than every open incident, every few seconds.
    const soonest = soonestWarnSeconds(ctx.catalogue.thresholds);
    const cutoffs = PRIORITIES.map((p) => new Date(now - soonest[p] * 1000).toISOString());
    const rows = await queryIncidents(
      tx.db,
      sql`i.status NOT IN ('closed', 'cancelled')
        AND i.received_at <= (${pgArray(cutoffs)}::timestamptz[])[i.priority]`,
    );
    const due = rows.flatMap((inc) =>
      incidentTimers(inc, now, ctx.catalogue.thresholds)
        .filter((t) => t.running && t.level !== 'ok')
        .map((t) => ({ inc, t, key: `${inc.id}|${t.timer}|${t.unitId ?? '-'}|${t.level}` })),
    );
    if (due.length === 0) return 0;
    const json = JSON.stringify(
      due.map(({ inc, t }) => ({
        incident_id: inc.id,
        timer: t.timer,
        unit_key: t.unitId ?? '-',
        level: t.level,
        started_at: new Date(t.startedAt).toISOString(),
      })),
    );
    const inserted = await sql<{ incident_id: string; timer: string; unit_key: string; level: string }>`
      INSERT INTO dispatch_timer_alerts (incident_id, timer, unit_key, level, started_at)
      SELECT incident_id, timer, unit_key, level, started_at FROM jsonb_to_recordset(${json}::jsonb)
        AS v(incident_id uuid, timer text, unit_key text, level text, started_at timestamptz)
      ON CONFLICT DO NOTHING RETURNING incident_id, timer, unit_key, level`.execute(tx.db);
    const fresh = new Set(inserted.rows.map((r) => `${r.incident_id}|${r.timer}|${r.unit_key}|${r.level}`));
    const raised = due.filter((d) => fresh.has(d.key));
    const missed = raised.filter(({ t }) => t.timer === 'safety_check_in' && t.level === 'alert' && t.unitId);
    const signs = await callSigns(
      tx.db,
      missed.map(({ t }) => t.unitId!),
    );
    for (const { inc, t } of raised) {
      const scope = { jurisdictionPath: inc.path, permission: P.incidentsRead };
      tx.emit(
        'dispatch.timer.overdue',
        {
          incidentId: inc.id,
          number: incidentNumber(inc.number),
          timer: t.timer,
          unitId: t.unitId,
          level: t.level as 'warn' | 'alert',
          elapsedSeconds: Math.round(t.elapsedSeconds),
          priority: inc.priority,
        },
        scope,
      );
      if (t.timer === 'safety_check_in' && t.level === 'alert' && t.unitId) {
        tx.emit(
          'dispatch.unit.check_in_missed',
          {
            incidentId: inc.id,
            unitId: t.unitId,
            callSign: signs.get(t.unitId) ?? t.unitId,
            dueSince: new Date(t.warnAt).toISOString(),
            elapsedSeconds: Math.round(t.elapsedSeconds),
          },
          scope,
        );
      }
    }
    if (raised.length > 0) {
      tx.audit({
        action: 'dispatch.timers.raise',
        targetType: 'incident_timers',
        details: { raised: raised.length },
      });
    }
    return raised.length;
  });
}

async function callSigns(db: Tx['db'], ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const res = await sql<{ id: string; call_sign: string }>`
    SELECT id, call_sign FROM dispatch_units WHERE id = ANY(${pgArray([...new Set(ids)])}::uuid[])`.execute(
    db,
  );
  return new Map(res.rows.map((r) => [r.id, r.call_sign]));
}

/**
 * Retention of callers' names and numbers: erased once the call is older than the retention
 * period and its incident is over (the core's hourly job runs it, audited, on one node).
 */
export const callerRetention: RetentionRule = {
  name: 'dispatch_calls',
  async purge(tx, cutoff) {
    const res = await sql<{ id: string }>`
      UPDATE dispatch_calls c SET caller_name = NULL, caller_phone = NULL, personal_purged_at = now()
      WHERE c.personal_purged_at IS NULL AND c.received_at < ${cutoff}
        AND (c.caller_name IS NOT NULL OR c.caller_phone IS NOT NULL)
        AND (c.incident_id IS NULL OR EXISTS (SELECT 1 FROM dispatch_incidents i
          WHERE i.id = c.incident_id AND i.status IN ('closed', 'cancelled')))
      RETURNING c.id`.execute(tx.db);
    return res.rows.length;
  },
};

/** Starts the timer sweep (every few seconds); returns the stop function. */
export function startJobs(
  ctx: DispatchContext,
  log: { error(obj: unknown, msg?: string): void },
  sweepMs = 5000,
): () => Promise<void> {
  let busy: Promise<unknown> | null = null;
  let stopped = false;
  const run = (job: () => Promise<unknown>, name: string) => {
    if (busy || stopped) return;
    busy = job()
      .catch((err: unknown) => {
        if (!stopped) log.error(err, `dispatch ${name} failed`);
      })
      .finally(() => {
        busy = null;
      });
  };
  const sweep = setInterval(() => run(() => sweepTimers(ctx), 'timer sweep'), sweepMs);
  sweep.unref();
  return async () => {
    stopped = true;
    clearInterval(sweep);
    await busy;
  };
}
