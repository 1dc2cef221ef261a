import { sql } from 'kysely';
import { type Tx, transact } from '../../core/db/transaction.ts';
import { systemActor } from '../../core/identity/actor.ts';
import { applyInTx, REOPEN_WINDOW_MS } from './actions.service.ts';
import { calendarAt, loadType, type RequestType } from './catalogue.ts';
import type { GridDeps } from './deps.ts';
import { dueSlaActions } from './domain/escalation.ts';
import { GRID } from './permissions.ts';
import { REQUEST_COLUMNS, type RequestRow, toRecord } from './request-row.ts';
import { nextActionAt, planFor } from './sla.ts';
import { addTimeline } from './timeline.ts';

/** Rows handled per transaction by the sweeps. */
const BATCH = 100;

/** What one sweep did. */
export interface SweepReport {
  reminders: number;
  escalations: number;
  autoClosed: number;
}

async function remindAndEscalate(
  tx: Tx,
  row: RequestRow,
  type: RequestType,
  now: Date,
): Promise<[number, number]> {
  const record = toRecord(row);
  const plan = planFor(record, type, await calendarAt(tx.db, row.jurisdiction_path), now);
  const progress = { reminded: row.reminded ?? [], escalationLevel: row.escalation_level };
  if (!plan) {
    await sql`UPDATE grid_requests SET next_action_at = NULL WHERE id = ${row.id}`.execute(tx.db);
    return [0, 0];
  }
  const due = dueSlaActions(
    plan,
    { remindedFractions: progress.reminded, escalationLevel: progress.escalationLevel },
    now,
  );
  const base = {
    id: row.id,
    publicId: row.public_id,
    serviceCode: row.service_code,
    state: row.state,
    departmentId: row.department_id,
    jurisdictionPath: row.jurisdiction_path,
  };
  const scope = { jurisdictionPath: row.jurisdiction_path, permission: GRID.read };
  const reminded = [...progress.reminded];
  for (const r of due.reminders) {
    reminded.push(r.fraction);
    await addTimeline(tx, {
      requestId: row.id,
      at: now,
      kind: 'reminder',
      public: false,
      details: { fraction: r.fraction, due: r.at.toISOString(), deadline: plan.deadline.toISOString() },
    });
    tx.emit(
      'grid.request.reminder',
      { ...base, fraction: r.fraction, deadline: plan.deadline.toISOString() },
      scope,
    );
  }
  let level = progress.escalationLevel;
  let escalatedTo = row.escalated_to;
  if (due.escalation) {
    level = due.escalation.level;
    escalatedTo = due.escalation.jurisdictionPath;
    await addTimeline(tx, {
      requestId: row.id,
      at: now,
      kind: 'escalated',
      public: false,
      details: {
        level,
        to: escalatedTo,
        due: due.escalation.at.toISOString(),
        deadline: plan.deadline.toISOString(),
      },
    });
    tx.audit({
      action: 'grid.request.escalated',
      targetType: 'grid_request',
      targetId: row.id,
      jurisdictionPath: row.jurisdiction_path,
      details: { level, to: escalatedTo },
    });
    tx.emit(
      'grid.request.escalated',
      { ...base, level, escalatedTo, deadline: plan.deadline.toISOString() },
      { jurisdictionPath: row.jurisdiction_path, permission: GRID.read },
    );
  }
  const next = nextActionAt(plan, { reminded, escalationLevel: level }, row.state);
  await sql`UPDATE grid_requests SET reminded = ${JSON.stringify(reminded)}::jsonb, escalation_level = ${level},
      escalated_to = ${escalatedTo}::ltree, next_action_at = ${next}, deadline = ${plan.deadline}
    WHERE id = ${row.id}`.execute(tx.db);
  return [due.reminders.length, due.escalation ? 1 : 0];
}

/**
 * Sends the reminders and escalations that are due at `now`. Safe with several nodes: each
 * batch locks its rows with SKIP LOCKED, and progress is stored with the row, so nothing is
 * sent twice. Time comes only from `now`, so tests drive it with a controllable clock.
 */
export async function sweepDeadlines(
  deps: GridDeps,
  now: Date,
): Promise<{ reminders: number; escalations: number }> {
  const actor = systemActor('grid:sla');
  let reminders = 0;
  let escalations = 0;
  // Bounded: a row is never due again at the same `now`, but a bug must not spin a node.
  for (let round = 0; round < 1000; round++) {
    const handled = await transact(deps.database, actor, async (tx) => {
      const res = await sql<RequestRow>`SELECT ${sql.raw(REQUEST_COLUMNS)} FROM grid_requests r
        WHERE r.next_action_at <= ${now} ORDER BY r.next_action_at LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`.execute(
        tx.db,
      );
      const types = new Map<string, RequestType>();
      for (const row of res.rows) {
        let type = types.get(row.service_code);
        if (!type) {
          type = (await loadType(tx.db, row.service_code))!;
          types.set(row.service_code, type);
        }
        const [r, e] = await remindAndEscalate(tx, row, type, now);
        reminders += r;
        escalations += e;
      }
      return res.rows.length;
    });
    if (handled < BATCH) break;
  }
  return { reminders, escalations };
}

/** Closes resolved requests whose reopen window has passed. */
export async function autoClose(deps: GridDeps, now: Date): Promise<number> {
  const actor = systemActor('grid:auto-close');
  const cutoff = new Date(+now - REOPEN_WINDOW_MS);
  let closed = 0;
  for (let round = 0; round < 1000; round++) {
    const n = await transact(deps.database, actor, async (tx) => {
      const res = await sql<RequestRow>`SELECT ${sql.raw(REQUEST_COLUMNS)} FROM grid_requests r
        WHERE r.state = 'resolved' AND r.resolved_at < ${cutoff}
        ORDER BY r.resolved_at LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`.execute(tx.db);
      for (const row of res.rows) {
        await applyInTx(
          tx,
          row,
          { type: 'close', note: 'Closed automatically after the reopen window.' },
          now,
          {
            trusted: true,
          },
        );
      }
      return res.rows.length;
    });
    closed += n;
    if (n < BATCH) break;
  }
  return closed;
}

/**
 * Retention rule: erases reporter contact details of requests closed before `cutoff` (the core's
 * hourly retention job runs it in an audited transaction). Returns the number of requests purged.
 */
export async function purgeReporterContacts(tx: Tx, cutoff: Date): Promise<number> {
  const res = await sql<{ id: string }>`UPDATE grid_requests SET reporter_first_name = NULL,
      reporter_last_name = NULL, reporter_email = NULL, reporter_phone = NULL, reporter_device_id = NULL,
      reporter_account_id = NULL, personal_purged_at = now()
    WHERE personal_purged_at IS NULL AND closed_at < ${cutoff}
      AND state IN ('closed', 'duplicate') RETURNING id`.execute(tx.db);
  return res.rows.length;
}

/** Forgets failed token lookups older than a day. */
async function forgetOldFailures(deps: GridDeps, now: Date): Promise<void> {
  await sql`DELETE FROM grid_lookup_failures WHERE window_start < ${new Date(+now - 86_400_000)}`.execute(
    deps.database.db,
  );
}

/** One pass of every time-driven job at `now`. */
export async function runGridJobs(deps: GridDeps, now: Date): Promise<SweepReport> {
  const { reminders, escalations } = await sweepDeadlines(deps, now);
  const autoClosed = await autoClose(deps, now);
  await forgetOldFailures(deps, now);
  return { reminders, escalations, autoClosed };
}
