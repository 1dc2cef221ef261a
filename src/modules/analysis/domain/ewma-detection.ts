// Early warning by per-cell hour-of-week baseline and Poisson EWMA, as the scheduled job runs it
// (`ewmaDetect`: a baseline period, then a chart period ending today) and as the evaluation
// replays it day by day with injected synthetic clusters (`replayEwma`).
import { gridDisk } from 'h3-js';
import {
  type CellHourEvent,
  type EwmaOptions,
  ewmaAlarms,
  hourOfWeek,
  hourOfWeekBaseline,
} from './ewma-baseline.ts';
import { createRng, randomInt } from './rng.ts';
import { type InjectedCluster, injectClusters } from './scan-evaluation.ts';
import { normalUpperTail } from './stats.ts';

/** Periods and chart settings of one detection. */
export interface EwmaDetectOptions {
  /** Day number the chart ends on (inclusive). */
  today: number;
  /** Days charted, ending today. Default 7. */
  chartDays?: number;
  /** Days the baseline is fitted on, just before the chart. Default 56. */
  baselineDays?: number;
  /** Hours of `today` that have passed (the chart stops there). Default 24. */
  hoursToday?: number;
  ewma?: EwmaOptions;
}

/** One EWMA alert: where and when a run of alarms began, with its significance. */
export interface EwmaDetection {
  cell: string;
  day: number;
  hour: number;
  z: number;
  /** One-sided normal p-value of z for one cell-hour. */
  p: number;
  /**
   * Expected days between alerts this strong anywhere in the monitored area by chance:
   * 1 / (p · monitored cells · 24 charted hours a day) (a conservative Bonferroni-style bound).
   */
  recurrenceDays: number;
  /** Events in the cell in the 24 hours ending with the alarm hour, and their expectation. */
  observed: number;
  expected: number;
}

/** Runs the charts of every cell and returns the alarm runs that start in the chart period. */
export function ewmaDetect(events: readonly CellHourEvent[], o: EwmaDetectOptions): EwmaDetection[] {
  const chartDays = o.chartDays ?? 7;
  const baselineDays = o.baselineDays ?? 56;
  const chartFrom = o.today - chartDays + 1;
  const baseline = hourOfWeekBaseline(events, chartFrom - baselineDays, chartFrom - 1);
  const hoursToday = o.hoursToday ?? 24;
  const charted = events.filter((e) => e.day < o.today || e.hour < hoursToday);
  const monitored = new Set<string>();
  for (const e of events) if (e.day >= chartFrom - baselineDays && e.day < chartFrom) monitored.add(e.cell);
  const alarms = ewmaAlarms(charted, baseline, chartFrom, o.today, o.ewma).filter(
    (a) => a.day < o.today || a.hour < hoursToday,
  );
  return alarms.map((a) => {
    const p = Math.max(normalUpperTail(a.z), 1e-300);
    const end = a.day * 24 + a.hour;
    let observed = 0;
    for (const e of charted) {
      const t = e.day * 24 + e.hour;
      if (e.cell === a.cell && t > end - 24 && t <= end) observed++;
    }
    let expected = 0;
    for (let t = end - 23; t <= end; t++)
      expected += baseline.expected(a.cell, hourOfWeek(Math.floor(t / 24), ((t % 24) + 24) % 24));
    return {
      cell: a.cell,
      day: a.day,
      hour: a.hour,
      z: a.z,
      p,
      recurrenceDays: 1 / (p * Math.max(1, monitored.size) * 24),
      observed,
      expected,
    };
  });
}

/** Options of a day-by-day EWMA replay. */
export interface EwmaReplayOptions {
  fromDay: number;
  toDay: number;
  chartDays?: number;
  baselineDays?: number;
  ewma?: EwmaOptions;
  /** An alert counts as an alarm when its recurrence interval reaches this many days. */
  alarmRecurrenceDays: number;
  injections?: InjectedCluster[];
  seed?: number;
}

/** An alarm of the replay and the injection it detects (index) or null. */
export interface EwmaReplayAlarm extends EwmaDetection {
  injection: number | null;
}

/** What an EWMA replay found (same shape as the scan replay's report). */
export interface EwmaReplayReport {
  days: number;
  alarms: EwmaReplayAlarm[];
  injections: {
    injection: InjectedCluster;
    injectedCases: number;
    detectedDay: number | null;
    delayDays: number | null;
  }[];
  falseAlarms: number;
  falseAlarmDays: number;
  falseAlarmsPerMonth: number;
  detected: number;
  meanDelayDays: number | null;
}

/** Adds injected clusters to hourly events (each injected case at a seeded random hour). */
export function injectHourlyClusters(
  events: readonly CellHourEvent[],
  injections: readonly InjectedCluster[],
  seed = 1,
): { events: CellHourEvent[]; injected: number[] } {
  const { cases, injected } = injectClusters([], injections, seed);
  const rng = createRng(seed + 7919);
  return {
    events: [...events, ...cases.map((c) => ({ cell: c.cell, day: c.day, hour: randomInt(rng, 24) }))],
    injected,
  };
}

/**
 * Replays an hourly event series day by day through `ewmaDetect` (as if the job ran at the end
 * of each day), with optional injected clusters; reports detection delay and false alarms.
 */
export function replayEwma(events: readonly CellHourEvent[], o: EwmaReplayOptions): EwmaReplayReport {
  const injections = o.injections ?? [];
  const { events: series, injected } = injectHourlyClusters(events, injections, o.seed ?? 1);
  const chartDays = o.chartDays ?? 7;
  const baselineDays = o.baselineDays ?? 56;
  const disks = injections.map((inj) => new Set(gridDisk(inj.centre, inj.radiusK)));
  const sorted = [...series].sort((a, b) => a.day - b.day);
  const alarms: EwmaReplayAlarm[] = [];
  const seen = new Set<string>();
  for (let day = o.fromDay; day <= o.toDay; day++) {
    const first = day - chartDays - baselineDays + 1;
    const window = sorted.filter((e) => e.day >= first && e.day <= day);
    for (const a of ewmaDetect(window, { today: day, chartDays, baselineDays, ewma: o.ewma })) {
      if (a.recurrenceDays < o.alarmRecurrenceDays) continue;
      // The job raises an alarm run once (unique cell and start hour), whichever day sees it first.
      const key = `${a.cell}@${a.day * 24 + a.hour}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const i = injections.findIndex(
        (inj, k) =>
          disks[k]!.has(a.cell) &&
          a.day >= inj.startDay &&
          a.day < inj.startDay + inj.durationDays + chartDays,
      );
      alarms.push({ ...a, injection: i < 0 ? null : i });
    }
  }
  const days = o.toDay - o.fromDay + 1;
  const outcomes = injections.map((injection, i) => {
    const hit = alarms.filter((a) => a.injection === i).sort((a, b) => a.day - b.day)[0];
    const detectedDay = hit ? hit.day : null;
    return {
      injection,
      injectedCases: injected[i]!,
      detectedDay,
      delayDays: detectedDay === null ? null : detectedDay - injection.startDay,
    };
  });
  const unmatched = alarms.filter((a) => a.injection === null);
  const delays = outcomes.flatMap((x) => (x.delayDays === null ? [] : [x.delayDays]));
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
