import { gridDisk } from 'h3-js';
import { createRng, randomInt, randomPoisson } from './rng.ts';
import {
  type ScanCase,
  type ScanCluster,
  type SpaceTimeScanOptions,
  spaceTimePermutationScan,
} from './space-time-scan.ts';

/** A synthetic cluster added to a real series: extra cases in a disk for some days. */
export interface InjectedCluster {
  centre: string;
  radiusK: number;
  /** Day number of the first injected day. */
  startDay: number;
  durationDays: number;
  /** Mean extra cases per day (Poisson), spread uniformly over the disk's cells. */
  casesPerDay: number;
}

/** Options of a day-by-day replay of the prospective scan. */
export interface ReplayOptions {
  /** First and last analysis day (inclusive). */
  fromDay: number;
  toDay: number;
  scan: Omit<SpaceTimeScanOptions, 'today'>;
  /** A cluster raises an alarm when its recurrence interval reaches this many days. */
  alarmRecurrenceDays: number;
  injections?: InjectedCluster[];
  /** Seed of the injected cases. */
  seed?: number;
}

/** One alarm of the replay, with the injection it detects (index) or null. */
export interface ReplayAlarm extends ScanCluster {
  day: number;
  injection: number | null;
}

/** Outcome for one injected cluster. */
export interface InjectionOutcome {
  injection: InjectedCluster;
  injectedCases: number;
  detectedDay: number | null;
  /** Days from the first injected day to the first alarm touching it (0 = same day). */
  delayDays: number | null;
}

/** What a replay found. */
export interface ReplayReport {
  days: number;
  alarms: ReplayAlarm[];
  injections: InjectionOutcome[];
  /** Alarms not attributable to any injected cluster (on real data some may be real clusters). */
  falseAlarms: number;
  /** Days with at least one such alarm. */
  falseAlarmDays: number;
  /** falseAlarms per 30.4375 days of replay. */
  falseAlarmsPerMonth: number;
  detected: number;
  meanDelayDays: number | null;
}

/** Adds the synthetic cases of the injected clusters (seeded) to a series. */
export function injectClusters(
  cases: readonly ScanCase[],
  injections: readonly InjectedCluster[],
  seed = 1,
): { cases: ScanCase[]; injected: number[] } {
  const rng = createRng(seed);
  const out = [...cases];
  const injected = injections.map((inj) => {
    const cells = gridDisk(inj.centre, inj.radiusK);
    let n = 0;
    for (let d = 0; d < inj.durationDays; d++) {
      const k = randomPoisson(rng, inj.casesPerDay);
      for (let i = 0; i < k; i++)
        out.push({ cell: cells[randomInt(rng, cells.length)]!, day: inj.startDay + d });
      n += k;
    }
    return n;
  });
  return { cases: out, injected };
}

/** Index of the injection an alarm on `day` detects: overlapping cells while still inside the window. */
function matchInjection(
  alarm: ScanCluster,
  day: number,
  injections: readonly InjectedCluster[],
  maxWindow: number,
) {
  const i = injections.findIndex((inj) => {
    const active = day >= inj.startDay && day < inj.startDay + inj.durationDays + maxWindow - 1;
    if (!active) return false;
    const cells = new Set(gridDisk(inj.centre, inj.radiusK));
    return alarm.cells.some((c) => cells.has(c));
  });
  return i < 0 ? null : i;
}

function summarise(
  alarms: ReplayAlarm[],
  injections: readonly InjectedCluster[],
  injected: number[],
  days: number,
) {
  const outcomes = injections.map((injection, i): InjectionOutcome => {
    const first = alarms.find((a) => a.injection === i);
    const detectedDay = first ? first.day : null;
    const delayDays = detectedDay === null ? null : detectedDay - injection.startDay;
    return { injection, injectedCases: injected[i]!, detectedDay, delayDays };
  });
  const unmatched = alarms.filter((a) => a.injection === null);
  const delays = outcomes.flatMap((o) => (o.delayDays === null ? [] : [o.delayDays]));
  return {
    days,
    alarms,
    injections: outcomes,
    falseAlarms: unmatched.length,
    falseAlarmDays: new Set(unmatched.map((a) => a.day)).size,
    falseAlarmsPerMonth: days > 0 ? unmatched.length / (days / 30.4375) : 0,
    detected: delays.length,
    meanDelayDays: delays.length ? delays.reduce((s, d) => s + d, 0) / delays.length : null,
  };
}

/**
 * Replays a real event series day by day through the prospective scan, with optional
 * injected synthetic clusters, and reports detection delay and false alarms per month.
 */
export function replayScan(cases: readonly ScanCase[], options: ReplayOptions): ReplayReport {
  const injections = options.injections ?? [];
  const { cases: series, injected } = injectClusters(cases, injections, options.seed ?? 1);
  const sorted = [...series].sort((a, b) => a.day - b.day);
  const alarms: ReplayAlarm[] = [];
  for (let day = options.fromDay; day <= options.toDay; day++) {
    const first = day - options.scan.studyDays + 1;
    const window = sorted.slice(lowerBound(sorted, first), lowerBound(sorted, day + 1));
    const result = spaceTimePermutationScan(window, {
      ...options.scan,
      today: day,
      seed: (options.scan.seed ?? 1) + day,
    });
    for (const c of result.clusters) {
      if (c.recurrenceDays < options.alarmRecurrenceDays) continue;
      alarms.push({ ...c, day, injection: matchInjection(c, day, injections, options.scan.maxWindowDays) });
    }
  }
  return summarise(alarms, injections, injected, options.toDay - options.fromDay + 1);
}

function lowerBound(sorted: readonly ScanCase[], day: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]!.day < day) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
