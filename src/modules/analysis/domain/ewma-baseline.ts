import { weekdayOf } from './civil-date.ts';

/** An event reduced to what the baseline needs: cell, local day number and local hour. */
export interface CellHourEvent {
  cell: string;
  day: number;
  hour: number;
}

/** Hour of the week, 0 = Monday 00:00–00:59 … 167 = Sunday 23:00–23:59. */
export function hourOfWeek(day: number, hour: number): number {
  return weekdayOf(day) * 24 + hour;
}

/**
 * Expected events per cell and hour of the week under independence of place and
 * time-of-week: λ(c, h) = N_c · N_h / (N · weeks). Pooling the weekly shape over all cells
 * keeps the baseline stable for cells with few events.
 */
export interface HourOfWeekBaseline {
  weeks: number;
  expected(cell: string, hourOfWeek: number): number;
}

/** Fits the baseline on the events of days fromDay…toDay (inclusive). */
export function hourOfWeekBaseline(
  events: Iterable<CellHourEvent>,
  fromDay: number,
  toDay: number,
): HourOfWeekBaseline {
  const weeks = (toDay - fromDay + 1) / 7;
  if (!(weeks > 0)) throw new Error('empty baseline period');
  const byCell = new Map<string, number>();
  const byHour = new Float64Array(168);
  let total = 0;
  for (const e of events) {
    if (e.day < fromDay || e.day > toDay) continue;
    byCell.set(e.cell, (byCell.get(e.cell) ?? 0) + 1);
    byHour[hourOfWeek(e.day, e.hour)]! += 1;
    total++;
  }
  return {
    weeks,
    expected: (cell, h) => (total > 0 ? ((byCell.get(cell) ?? 0) * byHour[h]!) / (total * weeks) : 0),
  };
}

/** EWMA chart options. */
export interface EwmaOptions {
  /** Smoothing weight of the newest hour, 0 < λ ≤ 1. Default 0.2. */
  lambda?: number;
  /** Alarm when the EWMA exceeds its expectation by this many standard deviations. Default 3. */
  threshold?: number;
  /** Fewest events inside the EWMA's effective memory for an alarm. Default 3. */
  minEvents?: number;
}

/** One step of the EWMA chart. */
export interface EwmaStep {
  observed: number;
  expected: number;
  ewma: number;
  ewmaExpected: number;
  sd: number;
  alarm: boolean;
}

/**
 * Poisson EWMA with a time-varying mean: S_t = λx_t + (1−λ)S_{t−1} against
 * E_t = λμ_t + (1−λ)E_{t−1}, with the exact variance V_t = λ²μ_t + (1−λ)²V_{t−1}.
 */
export function ewmaChart(
  observed: ArrayLike<number>,
  expected: ArrayLike<number>,
  options: EwmaOptions = {},
): EwmaStep[] {
  const l = options.lambda ?? 0.2;
  const threshold = options.threshold ?? 3;
  const minEvents = options.minEvents ?? 3;
  if (!(l > 0 && l <= 1)) throw new Error('lambda must be in (0, 1]');
  let s = 0;
  let e = 0;
  let v = 0;
  let recent = 0;
  const memory = 1 - l;
  return Array.from({ length: observed.length }, (_, t) => {
    const x = observed[t]!;
    const mu = expected[t]!;
    s = l * x + memory * s;
    e = l * mu + memory * e;
    v = l * l * mu + memory * memory * v;
    recent = x + memory * recent;
    const sd = Math.sqrt(v);
    const alarm = sd > 0 && s > e + threshold * sd && recent >= minEvents;
    return { observed: x, expected: mu, ewma: s, ewmaExpected: e, sd, alarm };
  });
}

/** The first hour of a run of EWMA alarms in one cell. */
export interface EwmaAlarm {
  cell: string;
  day: number;
  hour: number;
  observedEwma: number;
  expectedEwma: number;
  /** (EWMA − expected) / sd. */
  z: number;
}

/**
 * Runs the hourly EWMA chart of every cell with events over days fromDay…toDay against a
 * baseline (chart and expectation both start at 0, so the variance stays exact) and returns
 * where runs of alarms begin.
 */
export function ewmaAlarms(
  events: Iterable<CellHourEvent>,
  baseline: HourOfWeekBaseline,
  fromDay: number,
  toDay: number,
  options: EwmaOptions = {},
): EwmaAlarm[] {
  const hours = (toDay - fromDay + 1) * 24;
  const series = new Map<string, Float64Array>();
  for (const e of events) {
    if (e.day < fromDay || e.day > toDay) continue;
    let s = series.get(e.cell);
    if (!s) {
      s = new Float64Array(hours);
      series.set(e.cell, s);
    }
    s[(e.day - fromDay) * 24 + e.hour]! += 1;
  }
  const alarms: EwmaAlarm[] = [];
  for (const [cell, observed] of [...series].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const expected = Float64Array.from({ length: hours }, (_, t) =>
      baseline.expected(cell, hourOfWeek(fromDay + Math.floor(t / 24), t % 24)),
    );
    const steps = ewmaChart(observed, expected, options);
    steps.forEach((step, t) => {
      if (!step.alarm || steps[t - 1]?.alarm) return;
      const z = (step.ewma - step.ewmaExpected) / step.sd;
      const day = fromDay + Math.floor(t / 24);
      alarms.push({ cell, day, hour: t % 24, observedEwma: step.ewma, expectedEwma: step.ewmaExpected, z });
    });
  }
  return alarms;
}
