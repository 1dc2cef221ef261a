// Evaluation of the early-warning detectors on imported incidents: the scan and the EWMA are
// replayed day by day (as the job would have run at the end of each day), once on the real series
// (stationary: every alarm is counted as a false alarm, though on real data some may be real
// clusters) and once with synthetic clusters injected in populated cells, reporting detection
// rate, delay and false alarms per month.
import { cellToParent } from 'h3-js';
import { sql } from 'kysely';
import type { Database } from '../../core/db/database.ts';
import { invalid } from '../../core/errors.ts';
import { formatDay, parseDay } from './domain/civil-date.ts';
import type { CellHourEvent } from './domain/ewma-baseline.ts';
import { type EwmaReplayReport, replayEwma } from './domain/ewma-detection.ts';
import { createRng, randomInt } from './domain/rng.ts';
import { type InjectedCluster, type ReplayReport, replayScan } from './domain/scan-evaluation.ts';
import { EWMA_LAMBDA } from './warning.job.ts';

/** What to replay and how. Days are UTC days, as the job uses. */
export interface EvaluationOptions {
  /** First and last replayed day (YYYY-MM-DD). */
  from: string;
  to: string;
  /** Narrow to a jurisdiction path, or to a bounding box [west, south, east, north]. */
  jurisdiction?: string;
  bbox?: [number, number, number, number];
  methods?: ('scan' | 'ewma')[];
  resolution?: number;
  /** Scan: study period, longest window, replicates, alarm threshold (recurrence days). */
  studyDays?: number;
  maxWindowDays?: number;
  replicates?: number;
  scanRecurrenceDays?: number;
  /** EWMA: baseline and chart periods, alarm threshold (recurrence days). */
  baselineDays?: number;
  chartDays?: number;
  ewmaRecurrenceDays?: number;
  /** EWMA weight of the newest hour (default EWMA_LAMBDA) and alarm threshold in standard deviations. */
  ewmaLambda?: number;
  ewmaThreshold?: number;
  /** Injected clusters: how many, their size, length, radius (H3 rings) and seed. */
  injections?: number;
  casesPerDay?: number;
  durationDays?: number;
  radiusK?: number;
  seed?: number;
}

/** A detector's outcome, condensed for JSON. */
export interface MethodEvaluation {
  alarmThresholdRecurrenceDays: number;
  stationary: { alarms: number; alarmDays: number; falseAlarmsPerMonth: number };
  injected: {
    clusters: {
      centre: string;
      start: string;
      durationDays: number;
      injectedCases: number;
      detected: string | null;
      delayDays: number | null;
    }[];
    detectionRate: number;
    meanDelayDays: number | null;
    falseAlarms: number;
    falseAlarmsPerMonth: number;
  };
  seconds: number;
}

/** The evaluation's JSON report. */
export interface EvaluationReport {
  from: string;
  to: string;
  days: number;
  area: { jurisdiction: string | null; bbox: number[] | null };
  incidents: number;
  cells: number;
  resolution: number;
  scan?: MethodEvaluation;
  ewma?: MethodEvaluation;
}

const DAY_S = 86_400;

async function loadEvents(
  database: Database,
  o: EvaluationOptions,
  fromDay: number,
  toDay: number,
  res: number,
) {
  const where = [
    sql`occurred_at >= ${new Date(fromDay * DAY_S * 1000)}`,
    sql`occurred_at < ${new Date((toDay + 1) * DAY_S * 1000)}`,
  ];
  if (o.jurisdiction) where.push(sql`jurisdiction_path <@ ${o.jurisdiction}::ltree`);
  if (o.bbox) {
    const [w, s, e, n] = o.bbox;
    where.push(sql`lon BETWEEN ${w} AND ${e} AND lat BETWEEN ${s} AND ${n}`);
  }
  const r = await sql<{ h3: string; hour: number; n: string }>`
    SELECT h3, floor(extract(epoch FROM occurred_at) / 3600)::int AS hour, count(*) AS n
    FROM analysis_incidents WHERE ${sql.join(where, sql` AND `)} GROUP BY 1, 2`.execute(database.db);
  const events: CellHourEvent[] = [];
  for (const row of r.rows) {
    const cell = cellToParent(row.h3, res);
    const h = Number(row.hour);
    for (let i = 0; i < Number(row.n); i++) events.push({ cell, day: Math.floor(h / 24), hour: h % 24 });
  }
  return events;
}

/** Injected clusters spread over the replay, centred on seeded random cells that have incidents. */
function plan(
  events: CellHourEvent[],
  o: EvaluationOptions,
  fromDay: number,
  toDay: number,
): InjectedCluster[] {
  const n = o.injections ?? 3;
  const duration = o.durationDays ?? 5;
  const cells = [...new Set(events.map((e) => e.cell))].sort();
  if (cells.length === 0 || n === 0) return [];
  const rng = createRng(o.seed ?? 1);
  const len = toDay - fromDay + 1;
  return Array.from({ length: n }, (_, i) => {
    const mid = fromDay + Math.floor(((i + 1) * len) / (n + 1));
    const startDay = Math.max(fromDay, Math.min(toDay - duration + 1, mid - Math.floor(duration / 2)));
    return {
      centre: cells[randomInt(rng, cells.length)]!,
      radiusK: o.radiusK ?? 0,
      startDay,
      durationDays: duration,
      casesPerDay: o.casesPerDay ?? 4,
    };
  });
}

function condense(
  threshold: number,
  stationary: ReplayReport | EwmaReplayReport,
  injected: ReplayReport | EwmaReplayReport,
  seconds: number,
): MethodEvaluation {
  return {
    alarmThresholdRecurrenceDays: threshold,
    stationary: {
      alarms: stationary.falseAlarms,
      alarmDays: stationary.falseAlarmDays,
      falseAlarmsPerMonth: stationary.falseAlarmsPerMonth,
    },
    injected: {
      clusters: injected.injections.map((x) => ({
        centre: x.injection.centre,
        start: formatDay(x.injection.startDay),
        durationDays: x.injection.durationDays,
        injectedCases: x.injectedCases,
        detected: x.detectedDay === null ? null : formatDay(x.detectedDay),
        delayDays: x.delayDays,
      })),
      detectionRate: injected.injections.length ? injected.detected / injected.injections.length : 0,
      meanDelayDays: injected.meanDelayDays,
      falseAlarms: injected.falseAlarms,
      falseAlarmsPerMonth: injected.falseAlarmsPerMonth,
    },
    seconds,
  };
}

/** Replays imported incidents through the detectors and reports detection and false alarms. */
export async function evaluateWarnings(database: Database, o: EvaluationOptions): Promise<EvaluationReport> {
  const DATE = /^\d{4}-\d{2}-\d{2}$/;
  if (!DATE.test(o.from) || !DATE.test(o.to) || o.from > o.to)
    throw invalid('analysis.evaluate.period', 'from and to must be YYYY-MM-DD, from not after to');
  const fromDay = parseDay(o.from);
  const toDay = parseDay(o.to);
  const res = o.resolution ?? 8;
  const methods = o.methods ?? ['scan', 'ewma'];
  const studyDays = o.studyDays ?? 56;
  const baselineDays = o.baselineDays ?? 56;
  const chartDays = o.chartDays ?? 7;
  const lookback = Math.max(studyDays, baselineDays + chartDays);
  const events = await loadEvents(database, o, fromDay - lookback + 1, toDay, res);
  const injections = plan(
    events.filter((e) => e.day >= fromDay),
    o,
    fromDay,
    toDay,
  );
  const report: EvaluationReport = {
    from: o.from,
    to: o.to,
    days: toDay - fromDay + 1,
    area: { jurisdiction: o.jurisdiction ?? null, bbox: o.bbox ?? null },
    incidents: events.length,
    cells: new Set(events.map((e) => e.cell)).size,
    resolution: res,
  };
  const seed = o.seed ?? 1;
  if (methods.includes('scan')) {
    const t0 = performance.now();
    const threshold = o.scanRecurrenceDays ?? 100;
    const base = {
      fromDay,
      toDay,
      alarmRecurrenceDays: threshold,
      seed,
      scan: {
        studyDays,
        maxWindowDays: o.maxWindowDays ?? 7,
        maxRadiusK: 1,
        replicates: o.replicates ?? 99,
        runsPerDay: 1,
        seed,
        maxClusters: 5,
      },
    };
    const cases = events.map((e) => ({ cell: e.cell, day: e.day }));
    const stationary = replayScan(cases, base);
    const injected = replayScan(cases, { ...base, injections });
    report.scan = condense(threshold, stationary, injected, (performance.now() - t0) / 1000);
  }
  if (methods.includes('ewma')) {
    const t0 = performance.now();
    const threshold = o.ewmaRecurrenceDays ?? 30;
    const base = {
      fromDay,
      toDay,
      baselineDays,
      chartDays,
      alarmRecurrenceDays: threshold,
      seed,
      ewma: { lambda: o.ewmaLambda ?? EWMA_LAMBDA, threshold: o.ewmaThreshold },
    };
    const stationary = replayEwma(events, base);
    const injected = replayEwma(events, { ...base, injections });
    report.ewma = condense(threshold, stationary, injected, (performance.now() - t0) / 1000);
  }
  return report;
}
