import { jurisdictionAncestors } from './jurisdiction.ts';
import type { Priority } from './timer-thresholds.ts';
import type { IncidentMilestones } from './timers.ts';

/** Intervals reported per jurisdiction; `call_to_on_scene` is the total response time. */
export const RESPONSE_MEASURES = [
  'call_to_dispatch',
  'dispatch_to_en_route',
  'en_route_to_on_scene',
  'call_to_on_scene',
  'on_scene_duration',
] as const;
/** One reported interval. */
export type ResponseMeasure = (typeof RESPONSE_MEASURES)[number];

/** An incident as the summary needs it. */
export interface ResponseTimeRecord {
  readonly jurisdiction: string;
  readonly priority: Priority;
  readonly milestones: IncidentMilestones;
}

/** Count, median and 90th percentile (seconds) of one interval. */
export interface MeasureSummary {
  readonly count: number;
  readonly median: number;
  readonly p90: number;
}

/** The summary of one jurisdiction (and priority, when grouped by priority). */
export interface JurisdictionResponseSummary {
  readonly jurisdiction: string;
  readonly priority: Priority | null;
  readonly incidents: number;
  readonly measures: Readonly<Record<ResponseMeasure, MeasureSummary | null>>;
}

/** Grouping options. */
export interface ResponseSummaryOptions {
  /** Also count each incident in every ancestor jurisdiction (township figures roll up to the county). */
  readonly rollUp?: boolean;
  readonly byPriority?: boolean;
  /** Cancelled incidents are left out unless asked for. */
  readonly includeCancelled?: boolean;
}

/** Seconds of each interval for one incident; null where a milestone is missing or the order is broken. */
export function responseIntervals(m: IncidentMilestones): Record<ResponseMeasure, number | null> {
  const span = (a: number | null, b: number | null) =>
    a !== null && b !== null && b >= a ? (b - a) / 1000 : null;
  return {
    call_to_dispatch: span(m.receivedAt, m.firstDispatchedAt),
    dispatch_to_en_route: span(m.firstDispatchedAt, m.firstEnRouteAt),
    en_route_to_on_scene: span(m.firstEnRouteAt, m.firstOnSceneAt),
    call_to_on_scene: span(m.receivedAt, m.firstOnSceneAt),
    on_scene_duration: span(m.firstOnSceneAt, m.clearedAt ?? m.closedAt),
  };
}

/**
 * Quantile of ascending `sorted` values by linear interpolation between order statistics
 * (R type 7, numpy's default), so figures can be checked against those tools.
 */
export function quantile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (h - lo);
}

/** Median and 90th percentile of every interval per jurisdiction (optionally per priority), sorted by key. */
export function summarizeResponseTimes(
  records: readonly ResponseTimeRecord[],
  opts: ResponseSummaryOptions = {},
): JurisdictionResponseSummary[] {
  const groups = new Map<
    string,
    { jurisdiction: string; priority: Priority | null; values: Record<ResponseMeasure, number[]>; n: number }
  >();
  for (const r of records) {
    if (r.milestones.cancelledAt !== null && !opts.includeCancelled) continue;
    const intervals = responseIntervals(r.milestones);
    const places = opts.rollUp ? jurisdictionAncestors(r.jurisdiction) : [r.jurisdiction];
    for (const jurisdiction of places) {
      const priority = opts.byPriority ? r.priority : null;
      const key = `${jurisdiction}\u0000${priority ?? ''}`;
      let g = groups.get(key);
      if (!g) {
        const values = Object.fromEntries(RESPONSE_MEASURES.map((m) => [m, [] as number[]])) as Record<
          ResponseMeasure,
          number[]
        >;
        g = { jurisdiction, priority, values, n: 0 };
        groups.set(key, g);
      }
      g.n++;
      for (const m of RESPONSE_MEASURES) {
        const v = intervals[m];
        if (v !== null) g.values[m].push(v);
      }
    }
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, g]) => ({
      jurisdiction: g.jurisdiction,
      priority: g.priority,
      incidents: g.n,
      measures: Object.fromEntries(
        RESPONSE_MEASURES.map((m) => {
          const v = g.values[m].sort((a, b) => a - b);
          return [m, v.length ? { count: v.length, median: quantile(v, 0.5), p90: quantile(v, 0.9) } : null];
        }),
      ) as Record<ResponseMeasure, MeasureSummary | null>,
    }));
}
