import type { RequestType } from './catalogue.ts';
import { planSla, type SlaPlan } from './domain/escalation.ts';
import type { ServiceRequestRecord } from './domain/request-state.ts';
import type { WorkCalendar } from './domain/work-calendar.ts';

/** Reminder and escalation progress of the current handling round. */
export interface SlaProgressState {
  reminded: readonly number[];
  escalationLevel: number;
}

/** States in which the deadline clock runs. */
const RUNNING = new Set(['submitted', 'accepted', 'in_progress', 'waiting_reporter']);

/** The SLA plan of a request at `now`, or null when its clock is stopped. */
export function planFor(
  record: ServiceRequestRecord,
  type: RequestType,
  calendar: WorkCalendar,
  now: Date,
): SlaPlan | null {
  if (!RUNNING.has(record.state)) return null;
  return planSla({
    calendar,
    start: record.slaStart,
    sla: type.sla,
    pauses: record.pauses,
    now,
    jurisdictionPath: record.jurisdictionPath,
    escalation: { interval: type.escalation },
  });
}

/** When the sweep must next look at a request: the earliest reminder or escalation not yet done. */
export function nextActionAt(
  plan: SlaPlan | null,
  progress: SlaProgressState,
  state: ServiceRequestRecord['state'],
): Date | null {
  // While waiting for the reporter the clock is stopped: nothing can fall due.
  if (!plan || state === 'waiting_reporter') return null;
  const times = [
    ...plan.reminders.filter((r) => !progress.reminded.includes(r.fraction)).map((r) => +r.at),
    ...plan.escalations.filter((e) => e.level > progress.escalationLevel).map((e) => +e.at),
  ];
  return times.length > 0 ? new Date(Math.min(...times)) : null;
}
