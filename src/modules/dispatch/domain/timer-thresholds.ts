import { assertNoIssues, type ValidationIssue } from './validation.ts';

/** Incident priorities, 1 most urgent. */
export const PRIORITIES = [1, 2, 3, 4] as const;
/** An incident priority, 1 (life at risk, in progress) to 4 (non-emergency). */
export type Priority = (typeof PRIORITIES)[number];

/** True when `x` is one of the four priorities. */
export function isPriority(x: unknown): x is Priority {
  return x === 1 || x === 2 || x === 3 || x === 4;
}

/**
 * The CAD timers. The first four measure the classic response intervals (NFPA 1710 / 1221 style);
 * `safety_check_in` is the officer-safety status check for units on scene.
 */
export const TIMER_KINDS = [
  'call_to_dispatch',
  'dispatch_to_en_route',
  'en_route_to_on_scene',
  'on_scene_duration',
  'safety_check_in',
] as const;
/** One of the CAD timers. */
export type TimerKind = (typeof TIMER_KINDS)[number];

/** Seconds after which a running timer turns to warning (amber) and to alert (red). */
export interface Threshold {
  readonly warnSeconds: number;
  readonly alertSeconds: number;
}

/** Thresholds for every timer and priority. */
export type TimerThresholds = { readonly [K in TimerKind]: { readonly [P in Priority]: Threshold } };

const t = (warnSeconds: number, alertSeconds: number): Threshold => ({ warnSeconds, alertSeconds });

/**
 * Defaults. For `safety_check_in`, warn means "check-in due" (the interval) and alert means
 * "check-in missed" (interval plus a grace period), as in most CAD status monitors.
 */
export const DEFAULT_TIMER_THRESHOLDS: TimerThresholds = {
  call_to_dispatch: { 1: t(60, 120), 2: t(120, 300), 3: t(600, 1200), 4: t(1800, 3600) },
  dispatch_to_en_route: { 1: t(60, 120), 2: t(90, 180), 3: t(180, 300), 4: t(300, 600) },
  en_route_to_on_scene: { 1: t(480, 720), 2: t(720, 1080), 3: t(1200, 1800), 4: t(1800, 3600) },
  on_scene_duration: { 1: t(3600, 7200), 2: t(3600, 7200), 3: t(2700, 5400), 4: t(1800, 3600) },
  safety_check_in: { 1: t(600, 780), 2: t(900, 1080), 3: t(1200, 1380), 4: t(1800, 1980) },
};

/** Problems in an edited threshold table: missing entries, non-positive or non-integer seconds, warn >= alert. */
export function validateTimerThresholds(table: TimerThresholds): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const kind of TIMER_KINDS) {
    const row = table[kind];
    for (const p of PRIORITIES) {
      const path = `${kind}.${p}`;
      const th = row?.[p];
      if (!th) {
        issues.push({ path, code: 'missing', message: `${path}: threshold missing` });
        continue;
      }
      for (const key of ['warnSeconds', 'alertSeconds'] as const) {
        const v = th[key];
        if (!Number.isInteger(v) || v <= 0) {
          issues.push({
            path: `${path}.${key}`,
            code: 'not_positive_integer',
            message: `${path}.${key} must be a positive integer`,
          });
        }
      }
      if (th.warnSeconds >= th.alertSeconds) {
        issues.push({
          path,
          code: 'warn_not_before_alert',
          message: `${path}: warnSeconds must be below alertSeconds`,
        });
      }
    }
  }
  return issues;
}

/**
 * Per priority, the earliest any timer can reach its warning: every timer starts at or after the
 * call is received, so an incident received less than this long ago has nothing overdue.
 */
export function soonestWarnSeconds(table: TimerThresholds): { readonly [P in Priority]: number } {
  const soonest = (p: Priority) => Math.min(...TIMER_KINDS.map((k) => table[k][p].warnSeconds));
  return { 1: soonest(1), 2: soonest(2), 3: soonest(3), 4: soonest(4) };
}

/** Throws `dispatch.invalid_thresholds` with every issue when the table is not valid. */
export function assertValidTimerThresholds(table: TimerThresholds): void {
  assertNoIssues(validateTimerThresholds(table), 'dispatch.invalid_thresholds', 'Timer thresholds');
}
