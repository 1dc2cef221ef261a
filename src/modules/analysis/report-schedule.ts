// Scheduled situation reports: schedules (a jurisdiction subscribed to weekly or monthly reports),
// the job that produces each ended period's report once across nodes (claim row, then produce,
// then store and emit), and the archive they land in (HTML and PDF as produced).
import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import type { Database } from '../../core/db/database.ts';
import { transact } from '../../core/db/transaction.ts';
import { conflict, forbidden, invalid, notFound } from '../../core/errors.ts';
import { type Actor, can, inScope, systemActor } from '../../core/identity/actor.ts';
import type { CoreServices } from '../../core/module.ts';
import { isValidTimeZone, offsetMinutesAt } from '../../core/time/zoned-time.ts';
import { formatDay } from './domain/civil-date.ts';
import { lastCompletedPeriod } from './domain/report-periods.ts';
import { ANALYSIS_READ } from './permissions.ts';
import { renderReportHtml, situationReportData } from './report.service.ts';
import { type ReportPdfOptions, renderReportPdf } from './report-pdf.ts';
import { analysisScope, seesUnassigned } from './scope.ts';

/** Payload of `analysis.report.archived`: a scheduled report is in the archive. */
export interface ReportArchived {
  id: string;
  scheduleId: string;
  period: 'week' | 'month';
  periodStart: string;
  periodEnd: string;
  jurisdictionPath: string | null;
  lang: 'en' | 'zh-CN';
  total: number;
}

declare module '../../core/events/event-map.ts' {
  interface HavenEventMap {
    'analysis.report.archived': ReportArchived;
  }
}

/** What a schedule asks for. */
export interface ScheduleInput {
  period: 'week' | 'month';
  /** ltree path of the jurisdiction; absent = everything (only for actors scoped to a root). */
  jurisdiction?: string;
  tz?: string;
  lang?: 'en' | 'zh-CN';
}

const PATH = /^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$/;
const DAY_MS = 86_400_000;

function requireRead(actor: Actor): void {
  if (!can(actor, ANALYSIS_READ)) throw forbidden();
}

/** Subscribes a jurisdiction (in the actor's scope) to weekly or monthly reports. */
export async function createSchedule(database: Database, actor: Actor, input: ScheduleInput) {
  requireRead(actor);
  const tz = input.tz ?? 'UTC';
  if (!isValidTimeZone(tz)) throw invalid('analysis.report.tz', `Unknown time zone ${tz}`);
  const path = input.jurisdiction ?? null;
  if (path === null && !seesUnassigned(actor))
    throw invalid('analysis.report.jurisdiction', 'Choose a jurisdiction in your scope');
  if (path !== null) {
    if (!PATH.test(path)) throw invalid('analysis.report.jurisdiction', 'jurisdiction must be a path');
    if (!inScope(actor, path)) throw notFound('jurisdiction');
  }
  return transact(database, actor, async (tx) => {
    if (path !== null) {
      const j = await sql`SELECT 1 FROM jurisdictions WHERE path = ${path}::ltree`.execute(tx.db);
      if (j.rows.length === 0) throw notFound('jurisdiction');
    }
    const id = uuidv7();
    const r = await sql<{ id: string }>`INSERT INTO analysis_report_schedules
        (id, period, jurisdiction_path, tz, lang, created_by)
      VALUES (${id}, ${input.period}, ${path}::ltree, ${tz}, ${input.lang ?? 'zh-CN'}, ${actor.name})
      ON CONFLICT DO NOTHING RETURNING id`.execute(tx.db);
    if (r.rows.length === 0)
      throw conflict('analysis.report.schedule_exists', 'This report is already scheduled');
    tx.audit({
      action: 'analysis.report.scheduled',
      targetType: 'analysis_report_schedule',
      targetId: id,
      jurisdictionPath: path,
      details: { period: input.period, tz, lang: input.lang ?? 'zh-CN' },
    });
    return { id, period: input.period, jurisdictionPath: path, tz, lang: input.lang ?? 'zh-CN' };
  });
}

/** Schedules visible to the actor. */
export async function listSchedules(database: Database, actor: Actor) {
  requireRead(actor);
  const r = await sql<
    Record<string, unknown>
  >`SELECT id, period, jurisdiction_path::text AS "jurisdictionPath",
      tz, lang, created_by AS "createdBy", created_at AS "createdAt"
    FROM analysis_report_schedules WHERE ${analysisScope(actor)} ORDER BY created_at`.execute(database.db);
  return r.rows;
}

/** Ends a schedule (its archived reports stay). */
export async function deleteSchedule(database: Database, actor: Actor, id: string): Promise<void> {
  requireRead(actor);
  await transact(database, actor, async (tx) => {
    const r = await sql<{ path: string | null }>`DELETE FROM analysis_report_schedules
      WHERE id = ${id} AND ${analysisScope(actor)} RETURNING jurisdiction_path::text AS path`.execute(tx.db);
    if (r.rows.length === 0) throw notFound('report schedule');
    tx.audit({
      action: 'analysis.report.unscheduled',
      targetType: 'analysis_report_schedule',
      targetId: id,
      jurisdictionPath: r.rows[0]!.path,
    });
  });
}

/** Archived reports visible to the actor, newest period first. */
export async function listArchivedReports(database: Database, actor: Actor) {
  requireRead(actor);
  const r = await sql<Record<string, unknown>>`SELECT id, schedule_id AS "scheduleId", period,
      period_start::text AS "periodStart", period_end::text AS "periodEnd",
      jurisdiction_path::text AS "jurisdictionPath", tz, lang, total, generated_at AS "generatedAt"
    FROM analysis_reports WHERE status = 'ready' AND ${analysisScope(actor)}
    ORDER BY period_end DESC, generated_at DESC LIMIT 500`.execute(database.db);
  return r.rows;
}

/** One archived report's bytes in a format, if the actor sees it. */
export async function archivedReport(
  database: Database,
  actor: Actor,
  id: string,
  format: 'html' | 'pdf',
): Promise<{ body: Buffer | string; contentType: string; fileName: string }> {
  requireRead(actor);
  const r = await sql<{
    html: string;
    pdf: Uint8Array;
    period: string;
    end: string;
  }>`SELECT html, pdf, period,
      period_end::text AS end FROM analysis_reports
    WHERE id = ${id} AND status = 'ready' AND ${analysisScope(actor)}`.execute(database.db);
  const row = r.rows[0];
  if (!row) throw notFound('report');
  const fileName = `haven-situation-${row.period}-${row.end}.${format}`;
  return format === 'pdf'
    ? { body: Buffer.from(row.pdf), contentType: 'application/pdf', fileName }
    : { body: row.html, contentType: 'text/html; charset=utf-8', fileName };
}

/** Options of one run of the report job. */
export interface ReportJobOptions {
  now: Date;
  /** A claim older than this is taken over (its node died). Default 30 minutes. */
  staleMs?: number;
  pdf?: ReportPdfOptions;
}

interface ScheduleRow {
  id: string;
  period: 'week' | 'month';
  path: string | null;
  tz: string;
  lang: 'en' | 'zh-CN';
}

/** Claims the report of a schedule and period; true when this caller is to produce it. */
async function claim(database: Database, s: ScheduleRow, start: string, end: string, o: ReportJobOptions) {
  const stale = new Date(o.now.getTime() - (o.staleMs ?? 30 * 60_000));
  return transact(database, systemActor('analysis:reports'), async (tx) => {
    const r = await sql<{ id: string }>`INSERT INTO analysis_reports
        (id, schedule_id, period, period_start, period_end, jurisdiction_path, tz, lang, status, claimed_at)
      VALUES (${uuidv7()}, ${s.id}, ${s.period}, ${start}::date, ${end}::date, ${s.path}::ltree, ${s.tz},
              ${s.lang}, 'generating', ${o.now})
      ON CONFLICT (schedule_id, period_end) DO UPDATE SET claimed_at = EXCLUDED.claimed_at
        WHERE analysis_reports.status = 'generating' AND analysis_reports.claimed_at < ${stale}
      RETURNING id`.execute(tx.db);
    return r.rows[0]?.id ?? null;
  });
}

/** Produces, stores and announces one claimed report. */
async function produce(
  services: CoreServices,
  s: ScheduleRow,
  id: string,
  start: string,
  end: string,
  o: ReportJobOptions,
) {
  const actor = systemActor('analysis:reports');
  const data = await situationReportData(
    services.database,
    actor,
    { period: s.period, asOf: end, tz: s.tz, lang: s.lang, ...(s.path ? { jurisdiction: s.path } : {}) },
    o.now,
  );
  const html = renderReportHtml(data);
  const pdf = await renderReportPdf(data, { warn: (m) => services.log.warn(m), ...o.pdf });
  return transact(services.database, actor, async (tx) => {
    const r = await sql`UPDATE analysis_reports SET status = 'ready', generated_at = ${o.now},
        total = ${data.total}, html = ${html}, pdf = ${pdf}
      WHERE id = ${id} AND status = 'generating' RETURNING id`.execute(tx.db);
    if (r.rows.length === 0) return null;
    const payload: ReportArchived = {
      id,
      scheduleId: s.id,
      period: s.period,
      periodStart: start,
      periodEnd: end,
      jurisdictionPath: s.path,
      lang: s.lang,
      total: data.total,
    };
    tx.emit('analysis.report.archived', payload, { jurisdictionPath: s.path, permission: ANALYSIS_READ });
    tx.audit({
      action: 'analysis.report.archived',
      targetType: 'analysis_report',
      targetId: id,
      jurisdictionPath: s.path,
    });
    return payload;
  });
}

/**
 * Produces the report of the last ended period of every schedule that has none yet; safe with
 * several nodes (each report is claimed by one). Returns the reports this call archived.
 */
export async function runScheduledReports(
  services: CoreServices,
  o: ReportJobOptions,
): Promise<ReportArchived[]> {
  const schedules = await sql<ScheduleRow>`SELECT id, period, jurisdiction_path::text AS path, tz, lang
    FROM analysis_report_schedules ORDER BY created_at`.execute(services.database.db);
  const done: ReportArchived[] = [];
  for (const s of schedules.rows) {
    const localMs = o.now.getTime() + offsetMinutesAt(o.now.getTime(), s.tz) * 60_000;
    const due = lastCompletedPeriod(s.period, Math.floor(localMs / DAY_MS));
    const [start, end] = [formatDay(due.startDay), formatDay(due.endDay)];
    const id = await claim(services.database, s, start, end, o);
    if (!id) continue;
    try {
      const archived = await produce(services, s, id, start, end, o);
      if (archived) done.push(archived);
    } catch (err) {
      // Free the claim so that the next run (on any node) tries again.
      await transact(services.database, systemActor('analysis:reports'), (tx) =>
        sql`DELETE FROM analysis_reports WHERE id = ${id} AND status = 'generating'`.execute(tx.db),
      );
      services.log.error(err, `situation report ${s.period} ${end} of ${s.path ?? 'all'} failed`);
    }
  }
  return done;
}

/** Runs the report job every `everyMs` (default 15 minutes) on this node; returns its stop function. */
export function startReportTimer(services: CoreServices, everyMs = 15 * 60_000): () => void {
  let running = false;
  const run = () => {
    if (running) return;
    running = true;
    runScheduledReports(services, { now: new Date() })
      .catch((err: unknown) => services.log.error(err, 'scheduled situation reports failed'))
      .finally(() => {
        running = false;
      });
  };
  const timer = setInterval(run, everyMs);
  timer.unref();
  const first = setTimeout(run, 30_000);
  first.unref();
  return () => {
    clearInterval(timer);
    clearTimeout(first);
  };
}
