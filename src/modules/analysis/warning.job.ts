// Early warning, run on a timer by every node: a prospective space-time permutation scan over
// recent days, and a per-cell hour-of-week baseline with an EWMA chart over recent hours. Each
// alert is stored once (unique per method, centre and window start), and only the node whose insert
// wins raises the event, in the same transaction.
import { cellToLatLng, cellToParent } from 'h3-js';
import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import type { Database } from '../../core/db/database.ts';
import { transact } from '../../core/db/transaction.ts';
import { forbidden } from '../../core/errors.ts';
import { type Actor, can, systemActor } from '../../core/identity/actor.ts';
import type { CoreServices } from '../../core/module.ts';
import type { CellHourEvent } from './domain/ewma-baseline.ts';
import { ewmaDetect } from './domain/ewma-detection.ts';
import { spaceTimePermutationScan } from './domain/space-time-scan.ts';
import type { WarningRaised } from './events.ts';
import { ANALYSIS_WARNINGS_READ } from './permissions.ts';
import { analysisScope } from './scope.ts';

/** Scan parameters (defaults suit daily counts of a city). */
export interface WarningScanOptions {
  now: Date;
  studyDays?: number;
  maxWindowDays?: number;
  resolution?: number;
  replicates?: number;
  /** Raise only clusters whose recurrence interval is at least this many days. */
  minRecurrenceDays?: number;
}

const DAY_MS = 86_400_000;

/** Runs one scan and raises new warnings; returns the warnings raised by this call. */
export async function runWarningScan(
  services: CoreServices,
  o: WarningScanOptions,
): Promise<WarningRaised[]> {
  const studyDays = o.studyDays ?? 56;
  const res = o.resolution ?? 8;
  const today = Math.floor(o.now.getTime() / DAY_MS);
  const since = new Date((today - studyDays + 1) * DAY_MS);
  const rows = await sql<{ h3: string; day: number; n: string }>`
    SELECT h3, floor(extract(epoch FROM occurred_at) / 86400)::int AS day, count(*) AS n
    FROM analysis_incidents WHERE occurred_at >= ${since} AND occurred_at < ${new Date((today + 1) * DAY_MS)}
    GROUP BY 1, 2`.execute(services.database.db);
  const cases = rows.rows.flatMap((r) => {
    const cell = cellToParent(r.h3, res);
    return Array.from({ length: Number(r.n) }, () => ({ cell, day: Number(r.day) }));
  });
  const result = spaceTimePermutationScan(cases, {
    today,
    studyDays,
    maxWindowDays: o.maxWindowDays ?? 7,
    maxRadiusK: 1,
    replicates: o.replicates ?? 199,
    runsPerDay: 1,
    seed: today,
    maxClusters: 5,
  });
  const wanted = result.clusters.filter((c) => c.recurrenceDays >= (o.minRecurrenceDays ?? 100));
  return raiseWarnings(
    services,
    wanted.map((c) => ({
      method: 'space_time_scan',
      centre: c.centre,
      cells: c.cells,
      windowStart: c.start,
      windowEnd: c.end,
      observed: c.observed,
      expected: c.expected,
      p: c.p,
      recurrenceDays: c.recurrenceDays,
    })),
  );
}

type Candidate = Omit<WarningRaised, 'id' | 'lon' | 'lat' | 'jurisdictionPath'>;

/** Stores new alerts and raises their events in one transaction; alerts already stored are skipped. */
async function raiseWarnings(services: CoreServices, wanted: Candidate[]): Promise<WarningRaised[]> {
  if (wanted.length === 0) return [];
  return transact(services.database, systemActor('analysis:warnings'), async (tx) => {
    const raised: WarningRaised[] = [];
    for (const c of wanted) {
      const [lat, lon] = cellToLatLng(c.centre);
      const path = services.jurisdictions.locate(lon, lat)?.path ?? null;
      const id = uuidv7();
      // An EWMA alarm run is one alert: a run seen again with a start an hour or so apart (the
      // chart restarts each run) is the same alert.
      const ins = await sql<{ id: string }>`INSERT INTO analysis_warnings
          (id, method, h3, window_start, window_end, observed, expected, p_value, recurrence_days, jurisdiction_path)
        SELECT ${id}, ${c.method}, ${c.centre}, ${c.windowStart}::timestamptz, ${c.windowEnd}::timestamptz,
               ${c.observed}, ${c.expected}, ${c.p}, ${c.recurrenceDays}, ${path}::ltree
        WHERE ${c.method} <> 'ewma_hour_of_week' OR NOT EXISTS (SELECT 1 FROM analysis_warnings w
          WHERE w.method = ${c.method} AND w.h3 = ${c.centre}
            AND w.window_start > ${c.windowStart}::timestamptz - interval '24 hours'
            AND w.window_start < ${c.windowStart}::timestamptz + interval '24 hours')
        ON CONFLICT (method, h3, window_start) DO NOTHING RETURNING id`.execute(tx.db);
      if (ins.rows.length === 0) continue;
      const w: WarningRaised = { id, ...c, lon, lat, jurisdictionPath: path };
      tx.emit('analysis.warning.raised', w, { jurisdictionPath: path, permission: ANALYSIS_WARNINGS_READ });
      tx.audit({
        action: 'analysis.warning.raised',
        targetType: 'analysis_warning',
        targetId: id,
        jurisdictionPath: path,
        details: { method: c.method },
      });
      raised.push(w);
    }
    return raised;
  });
}

/**
 * EWMA weight of the newest hour in the job: a memory of about ten hours. Chosen with
 * `haven analysis evaluate` on Chicago 2019 (4 injected cases a day over 5 days in one res-8
 * cell): λ = 0.2 found 2 of 6, λ = 0.1 found 6 of 6 (mean delay 1.7 days) at 1.1 false alarms a
 * month; λ = 0.05 raised 3.3 false alarms a month.
 */
export const EWMA_LAMBDA = 0.1;

/** EWMA options of the job (defaults: 56-day baseline, 7 charted days, res 8, λ = EWMA_LAMBDA). */
export interface EwmaWarningOptions {
  now: Date;
  baselineDays?: number;
  chartDays?: number;
  resolution?: number;
  lambda?: number;
  threshold?: number;
  minEvents?: number;
  /** Raise only alerts whose recurrence interval is at least this many days. Default 30. */
  minRecurrenceDays?: number;
  /** Raise only alarm runs that began within this many hours before now. Default 48. */
  recentHours?: number;
}

/**
 * Charts every cell's hourly counts (UTC hours) against its hour-of-week baseline with a Poisson
 * EWMA and raises alarm runs that began recently; returns the warnings raised by this call.
 */
export async function runEwmaWarnings(
  services: CoreServices,
  o: EwmaWarningOptions,
): Promise<WarningRaised[]> {
  const chartDays = o.chartDays ?? 7;
  const baselineDays = o.baselineDays ?? 56;
  const res = o.resolution ?? 8;
  const nowHour = Math.floor(o.now.getTime() / 3_600_000);
  const today = Math.floor(nowHour / 24);
  const since = new Date((today - chartDays - baselineDays + 1) * DAY_MS);
  const rows = await sql<{ h3: string; hour: number; n: string }>`
    SELECT h3, floor(extract(epoch FROM occurred_at) / 3600)::int AS hour, count(*) AS n
    FROM analysis_incidents WHERE occurred_at >= ${since} AND occurred_at < ${new Date(nowHour * 3_600_000)}
    GROUP BY 1, 2`.execute(services.database.db);
  const events: CellHourEvent[] = [];
  for (const r of rows.rows) {
    const cell = cellToParent(r.h3, res);
    const h = Number(r.hour);
    for (let i = 0; i < Number(r.n); i++) events.push({ cell, day: Math.floor(h / 24), hour: h % 24 });
  }
  const alerts = ewmaDetect(events, {
    today,
    chartDays,
    baselineDays,
    hoursToday: nowHour % 24,
    ewma: { lambda: o.lambda ?? EWMA_LAMBDA, threshold: o.threshold, minEvents: o.minEvents },
  });
  const recent = nowHour - (o.recentHours ?? 48);
  const wanted = alerts.filter(
    (a) => a.recurrenceDays >= (o.minRecurrenceDays ?? 30) && a.day * 24 + a.hour >= recent,
  );
  return raiseWarnings(
    services,
    wanted.map((a) => {
      const start = new Date((a.day * 24 + a.hour) * 3_600_000);
      return {
        method: 'ewma_hour_of_week',
        centre: a.cell,
        cells: [a.cell],
        windowStart: start.toISOString(),
        windowEnd: new Date(start.getTime() + 3_600_000).toISOString(),
        observed: a.observed,
        expected: a.expected,
        p: a.p,
        recurrenceDays: a.recurrenceDays,
      };
    }),
  );
}

/** One run of the early-warning job: the scan, then the EWMA charts. */
export async function runWarningJob(services: CoreServices, now: Date): Promise<WarningRaised[]> {
  const scan = await runWarningScan(services, { now });
  const ewma = await runEwmaWarnings(services, { now });
  return [...scan, ...ewma];
}

/** Recent warnings visible to the actor, newest first. */
export async function listWarnings(database: Database, actor: Actor) {
  if (!can(actor, ANALYSIS_WARNINGS_READ)) throw forbidden();
  const r = await sql<Record<string, unknown>>`SELECT id, method, h3, window_start::text AS "windowStart",
      window_end::text AS "windowEnd", observed, expected, p_value AS p, recurrence_days AS "recurrenceDays",
      jurisdiction_path::text AS "jurisdictionPath", raised_at AS "raisedAt"
    FROM analysis_warnings WHERE ${analysisScope(actor)} ORDER BY raised_at DESC LIMIT 200`.execute(
    database.db,
  );
  return r.rows;
}

/** Starts the hourly early-warning timer on this node; returns its stop function. */
export function startWarningTimer(services: CoreServices, everyMs = 3_600_000): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    runWarningJob(services, new Date())
      .catch((err: unknown) => services.log.error(err, 'analysis early-warning job failed'))
      .finally(() => {
        running = false;
      });
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
