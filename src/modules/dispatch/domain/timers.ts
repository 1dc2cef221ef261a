import type { AssignmentStatus, IncidentStatus } from './incident-state.ts';
import {
  DEFAULT_TIMER_THRESHOLDS,
  type Priority,
  type Threshold,
  type TimerKind,
  type TimerThresholds,
} from './timer-thresholds.ts';

/** Key times of an incident (epoch ms); "first" milestones never move once set. */
export interface IncidentMilestones {
  readonly receivedAt: number;
  readonly firstDispatchedAt: number | null;
  readonly firstEnRouteAt: number | null;
  readonly firstOnSceneAt: number | null;
  /** Latest time the last unit cleared. */
  readonly clearedAt: number | null;
  readonly closedAt: number | null;
  readonly cancelledAt: number | null;
}

/** The times of one unit's assignment to an incident. */
export interface AssignmentTimes {
  readonly unitId: string;
  readonly status: AssignmentStatus;
  readonly dispatchedAt: number;
  readonly enRouteAt: number | null;
  readonly onSceneAt: number | null;
  readonly lastCheckInAt: number | null;
}

/** What the timer evaluation needs to know about an incident. */
export interface TimerInput {
  readonly status: IncidentStatus;
  readonly priority: Priority;
  readonly milestones: IncidentMilestones;
  readonly assignments: readonly AssignmentTimes[];
}

/** Traffic-light level of a timer. */
export type TimerLevel = 'ok' | 'warn' | 'alert';

/** One timer's reading at `now`: running (live) or stopped (a measured interval). */
export interface TimerReading {
  readonly timer: TimerKind;
  readonly scope: 'incident' | 'unit';
  readonly unitId: string | null;
  readonly running: boolean;
  readonly startedAt: number;
  readonly stoppedAt: number | null;
  readonly elapsedSeconds: number;
  readonly level: TimerLevel;
  /** When the timer turns (or turned) warn / alert. */
  readonly warnAt: number;
  readonly alertAt: number;
}

/**
 * Every timer of the incident at `now`. Incident timers follow the first unit (as response-time
 * standards measure); unit timers watch each active assignment: acknowledgement (dispatched ->
 * en route), travel (en route -> on scene) and the officer-safety check-in while on scene.
 */
export function evaluateTimers(
  input: TimerInput,
  now: number,
  thresholds: TimerThresholds = DEFAULT_TIMER_THRESHOLDS,
): TimerReading[] {
  const { status, priority, milestones: m } = input;
  const out: TimerReading[] = [];
  const add = (
    timer: TimerKind,
    start: number | null,
    stop: number | null,
    running: boolean,
    unitId?: string,
  ) => {
    if (start === null || (!running && stop === null)) return;
    out.push(reading(timer, thresholds[timer][priority], start, running ? null : stop, now, unitId ?? null));
  };
  const open = status !== 'closed' && status !== 'cancelled';
  const waiting = status === 'new' || status === 'queued';
  const enRouteStop = minOf(m.firstEnRouteAt, m.firstOnSceneAt);
  add('call_to_dispatch', m.receivedAt, m.firstDispatchedAt, waiting);
  add(
    'dispatch_to_en_route',
    m.firstDispatchedAt,
    enRouteStop,
    enRouteStop === null && status === 'dispatched',
  );
  add(
    'en_route_to_on_scene',
    m.firstEnRouteAt,
    m.firstOnSceneAt,
    m.firstOnSceneAt === null && (status === 'dispatched' || status === 'en_route'),
  );
  const onSceneRunning = open && status !== 'cleared' && !waiting;
  add('on_scene_duration', m.firstOnSceneAt, m.clearedAt ?? m.closedAt, onSceneRunning);
  for (const a of input.assignments) {
    if (a.status === 'dispatched') add('dispatch_to_en_route', a.dispatchedAt, null, true, a.unitId);
    else if (a.status === 'en_route') add('en_route_to_on_scene', a.enRouteAt, null, true, a.unitId);
    else if (a.status === 'on_scene')
      add('safety_check_in', a.lastCheckInAt ?? a.onSceneAt, null, true, a.unitId);
  }
  return out;
}

function reading(
  timer: TimerKind,
  th: Threshold,
  startedAt: number,
  stoppedAt: number | null,
  now: number,
  unitId: string | null,
): TimerReading {
  const end = stoppedAt ?? now;
  const elapsedSeconds = Math.max(0, (end - startedAt) / 1000);
  const level: TimerLevel =
    elapsedSeconds >= th.alertSeconds ? 'alert' : elapsedSeconds >= th.warnSeconds ? 'warn' : 'ok';
  return {
    timer,
    scope: unitId === null ? 'incident' : 'unit',
    unitId,
    running: stoppedAt === null,
    startedAt,
    stoppedAt,
    elapsedSeconds,
    level,
    warnAt: startedAt + th.warnSeconds * 1000,
    alertAt: startedAt + th.alertSeconds * 1000,
  };
}

function minOf(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.min(a, b);
}

/** Running timers past warn or alert, alerts first, then longest overdue first. */
export function overdueTimers(readings: readonly TimerReading[]): TimerReading[] {
  const rank = (r: TimerReading) => (r.level === 'alert' ? 0 : 1);
  return readings
    .filter((r) => r.running && r.level !== 'ok')
    .sort((a, b) => rank(a) - rank(b) || b.elapsedSeconds - a.elapsedSeconds);
}

/** The next instant after `now` at which a running timer changes level (to schedule a wake-up), or null. */
export function nextTimerChange(readings: readonly TimerReading[], now: number): number | null {
  let next: number | null = null;
  for (const r of readings) {
    if (!r.running) continue;
    for (const t of [r.warnAt, r.alertAt]) if (t > now && (next === null || t < next)) next = t;
  }
  return next;
}

/** Officer-safety check-in state of a unit on scene. */
export interface SafetyCheckIn {
  readonly unitId: string;
  readonly state: 'ok' | 'due' | 'missed';
  readonly dueAt: number;
  readonly missedAt: number;
}

/** Check-in state for each on-scene unit: due at the interval, missed after the grace period. */
export function safetyCheckIns(readings: readonly TimerReading[]): SafetyCheckIn[] {
  return readings
    .filter((r) => r.timer === 'safety_check_in' && r.running && r.unitId !== null)
    .map((r) => ({
      unitId: r.unitId!,
      state: r.level === 'alert' ? 'missed' : r.level === 'warn' ? 'due' : 'ok',
      dueAt: r.warnAt,
      missedAt: r.alertAt,
    }));
}
