import {
  addWorkingTime,
  assertSlaDuration,
  computeDeadline,
  DEFAULT_REMINDER_FRACTIONS,
  type ReminderPoint,
  reminderPoints,
  type SlaClockInput,
  type SlaDuration,
} from './deadline.ts';
import { assertLtree, ltreeAncestor, ltreeDepth } from './ltree.ts';
import type { WorkCalendar } from './work-calendar.ts';

/** How an overdue request climbs the jurisdiction tree. */
export interface EscalationPolicy {
  /** Working time between one escalation level and the next (level 1 fires at the deadline). */
  interval: SlaDuration;
  /** Highest level to reach; default: up to the root of the tree. */
  maxLevel?: number;
}

/** One escalation level: at `at`, the request is escalated to `jurisdictionPath`. */
export interface EscalationStep {
  level: number;
  at: Date;
  jurisdictionPath: string;
}

/**
 * Escalation steps for a request handled at `jurisdictionPath` with the given deadline: level 1
 * (the parent jurisdiction) at the deadline, level k+1 one interval of working time after level k,
 * up to the root or `maxLevel`. A root jurisdiction has nowhere to escalate to.
 */
export function escalationSchedule(
  calendar: WorkCalendar,
  deadline: Date,
  jurisdictionPath: string,
  policy: EscalationPolicy,
): EscalationStep[] {
  assertLtree(jurisdictionPath);
  assertSlaDuration(policy.interval);
  const top = Math.min(ltreeDepth(jurisdictionPath) - 1, policy.maxLevel ?? Number.POSITIVE_INFINITY);
  const steps: EscalationStep[] = [];
  let at = deadline;
  for (let level = 1; level <= top; level++) {
    if (level > 1) at = addWorkingTime(calendar, at, policy.interval);
    steps.push({ level, at, jurisdictionPath: ltreeAncestor(jurisdictionPath, level)! });
  }
  return steps;
}

/** Escalation level in force at `now` (0 = none) and the next step still to come. */
export function escalationAt(
  schedule: readonly EscalationStep[],
  now: Date,
): { level: number; current: EscalationStep | null; next: EscalationStep | null } {
  let current: EscalationStep | null = null;
  for (const s of schedule) {
    if (+now >= +s.at) current = s;
    else return { level: current?.level ?? 0, current, next: s };
  }
  return { level: current?.level ?? 0, current, next: null };
}

/** Everything time-driven about one request: deadline, reminders and escalation steps. */
export interface SlaPlan {
  deadline: Date;
  reminders: ReminderPoint[];
  escalations: EscalationStep[];
}

/** Builds the SLA plan of a request at `now` (open pauses count up to `now`). */
export function planSla(
  input: SlaClockInput & {
    jurisdictionPath: string;
    escalation: EscalationPolicy;
    reminderFractions?: readonly number[];
  },
): SlaPlan {
  const deadline = computeDeadline(input);
  return {
    deadline,
    reminders: reminderPoints(input, input.reminderFractions ?? DEFAULT_REMINDER_FRACTIONS),
    escalations: escalationSchedule(input.calendar, deadline, input.jurisdictionPath, input.escalation),
  };
}

/** What has already been acted on, so a periodic sweep does not repeat itself. */
export interface SlaProgress {
  remindedFractions: readonly number[];
  escalationLevel: number;
}

/** Actions a sweep at `now` must take: reminders now due and not yet sent, and a new escalation. */
export function dueSlaActions(
  plan: SlaPlan,
  progress: SlaProgress,
  now: Date,
): { reminders: ReminderPoint[]; escalation: EscalationStep | null; overdue: boolean } {
  const reminders = plan.reminders.filter(
    (r) => +r.at <= +now && !progress.remindedFractions.includes(r.fraction),
  );
  const { current } = escalationAt(plan.escalations, now);
  const escalation = current && current.level > progress.escalationLevel ? current : null;
  return { reminders, escalation, overdue: +now >= +plan.deadline };
}
