// Early warning: a prospective space-time permutation scan over recent incidents, run on a timer
// by every node; each cluster is stored once (unique per method, centre and window start), and
// only the node whose insert wins raises the event, in the same transaction.
import { cellToLatLng, cellToParent } from 'h3-js';
import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import type { Database } from '../../core/db/database.ts';
import { transact } from '../../core/db/transaction.ts';
import { forbidden } from '../../core/errors.ts';
import { type Actor, can, systemActor } from '../../core/identity/actor.ts';
import type { CoreServices } from '../../core/module.ts';
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
  if (wanted.length === 0) return [];
  return transact(services.database, systemActor('analysis:warnings'), async (tx) => {
    const raised: WarningRaised[] = [];
    for (const c of wanted) {
      const [lat, lon] = cellToLatLng(c.centre);
      const path = services.jurisdictions.locate(lon, lat)?.path ?? null;
      const id = uuidv7();
      const ins = await sql<{ id: string }>`INSERT INTO analysis_warnings
          (id, method, h3, window_start, window_end, observed, expected, p_value, recurrence_days, jurisdiction_path)
        VALUES (${id}, 'space_time_scan', ${c.centre}, ${c.start}::date, ${c.end}::date, ${c.observed}, ${c.expected},
                ${c.p}, ${c.recurrenceDays}, ${path}::ltree)
        ON CONFLICT (method, h3, window_start) DO NOTHING RETURNING id`.execute(tx.db);
      if (ins.rows.length === 0) continue;
      const w: WarningRaised = {
        id,
        method: 'space_time_scan',
        centre: c.centre,
        cells: c.cells,
        windowStart: c.start,
        windowEnd: c.end,
        observed: c.observed,
        expected: c.expected,
        p: c.p,
        recurrenceDays: c.recurrenceDays,
        lon,
        lat,
        jurisdictionPath: path,
      };
      tx.emit('analysis.warning.raised', w, { jurisdictionPath: path, permission: ANALYSIS_WARNINGS_READ });
      tx.audit({
        action: 'analysis.warning.raised',
        targetType: 'analysis_warning',
        targetId: id,
        jurisdictionPath: path,
      });
      raised.push(w);
    }
    return raised;
  });
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

/** Starts the hourly scan timer on this node; returns its stop function. */
export function startWarningTimer(services: CoreServices, everyMs = 3_600_000): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    runWarningScan(services, { now: new Date() })
      .catch((err: unknown) => services.log.error(err, 'analysis warning scan failed'))
      .finally(() => {
        running = false;
      });
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
