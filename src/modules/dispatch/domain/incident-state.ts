import { DispatchError } from './errors.ts';
import { isPriority, type Priority } from './timer-thresholds.ts';
import type { LocalizedText } from './unit-kinds.ts';
import { hasText } from './validation.ts';

/** Incident lifecycle statuses. */
export const INCIDENT_STATUSES = [
  'new',
  'queued',
  'dispatched',
  'en_route',
  'on_scene',
  'cleared',
  'closed',
  'cancelled',
] as const;
/** One incident status. */
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

/** True until the incident is closed or cancelled. */
export function isIncidentOpen(s: IncidentStatus): boolean {
  return s !== 'closed' && s !== 'cancelled';
}

/**
 * Every possible status change. Most are derived from the units (see deriveIncidentStatus): a unit
 * released before arrival sends the incident back to the queue, a unit taken over from a merged
 * duplicate can bring it straight to on_scene.
 */
const INCIDENT_TRANSITIONS: { readonly [S in IncidentStatus]: readonly IncidentStatus[] } = {
  new: ['queued', 'dispatched', 'en_route', 'on_scene', 'closed', 'cancelled'],
  queued: ['dispatched', 'en_route', 'on_scene', 'closed', 'cancelled'],
  dispatched: ['en_route', 'on_scene', 'queued', 'cleared', 'cancelled'],
  en_route: ['on_scene', 'dispatched', 'queued', 'cleared', 'cancelled'],
  on_scene: ['dispatched', 'en_route', 'cleared'],
  cleared: ['dispatched', 'en_route', 'on_scene', 'closed'],
  closed: [],
  cancelled: [],
};

/**
 * The changes a dispatcher can ask for directly (the others follow from unit commands): hold a
 * new call in the queue, close once no unit is left, cancel only before anyone arrived
 * (afterwards the incident is closed with a disposition).
 */
const COMMANDED_TRANSITIONS: { readonly [S in IncidentStatus]: readonly IncidentStatus[] } = {
  new: ['queued', 'closed', 'cancelled'],
  queued: ['closed', 'cancelled'],
  dispatched: ['cancelled'],
  en_route: ['cancelled'],
  on_scene: [],
  cleared: ['closed'],
  closed: [],
  cancelled: [],
};

/** Whether a change is asked for by a command or follows from the incident's units. */
export type TransitionKind = 'command' | 'derived';

/**
 * The statuses an incident may move to from `from`: by command (the list a 409 response shows
 * for close / cancel / queue), or by any means including unit-driven changes (default).
 */
export function allowedIncidentTransitions(
  from: IncidentStatus,
  kind: TransitionKind | 'any' = 'any',
): readonly IncidentStatus[] {
  return kind === 'command' ? COMMANDED_TRANSITIONS[from] : INCIDENT_TRANSITIONS[from];
}

/** True when `from -> to` is permitted (by a command when kind is `command`). */
export function canIncidentTransition(
  from: IncidentStatus,
  to: IncidentStatus,
  kind: TransitionKind | 'any' = 'any',
): boolean {
  return allowedIncidentTransitions(from, kind).includes(to);
}

/** Throws `dispatch.illegal_transition` with the allowed statuses unless `from -> to` is permitted. */
export function assertIncidentTransition(
  incidentId: string,
  from: IncidentStatus,
  to: IncidentStatus,
  kind: TransitionKind,
): void {
  if (canIncidentTransition(from, to, kind)) return;
  throw new DispatchError(
    'dispatch.illegal_transition',
    `Incident ${incidentId} cannot go from ${from} to ${to}`,
    {
      entity: 'incident',
      id: incidentId,
      from,
      to,
      kind,
      allowed: allowedIncidentTransitions(from, kind),
    },
  );
}

/** Where a unit stands on one incident; `cleared` and `released` end the assignment. */
export type AssignmentStatus =
  | 'dispatched'
  | 'en_route'
  | 'on_scene'
  | 'transporting'
  | 'cleared'
  | 'released';

/** True while the assignment binds the unit to the incident. */
export function isAssignmentActive(s: AssignmentStatus): boolean {
  return s !== 'cleared' && s !== 'released';
}

/**
 * The incident status implied by its units: the most advanced active unit decides (any on scene
 * or transporting -> on_scene, else any en route -> en_route, else dispatched). With no active unit
 * it is `cleared` once someone had arrived, otherwise back in the queue (or still `new`).
 */
export function deriveIncidentStatus(
  current: IncidentStatus,
  assignments: readonly { readonly status: AssignmentStatus }[],
  anyoneArrived: boolean,
): IncidentStatus {
  if (!isIncidentOpen(current)) return current;
  let best: IncidentStatus | null = null;
  for (const a of assignments) {
    if (a.status === 'on_scene' || a.status === 'transporting') return 'on_scene';
    if (a.status === 'en_route') best = 'en_route';
    else if (a.status === 'dispatched' && best === null) best = 'dispatched';
  }
  if (best) return best;
  if (anyoneArrived) return 'cleared';
  return current === 'new' ? 'new' : 'queued';
}

/** Disposition: how a closed incident ended. */
export interface DispositionInfo {
  readonly name: LocalizedText;
  /** Only possible after a unit was on scene. */
  readonly requiresArrival: boolean;
}

/** Disposition codes, as on CAD close-out screens. */
export const DISPOSITIONS = {
  report_taken: { name: { zh: '已立案/制作笔录', en: 'Report taken' }, requiresArrival: true },
  arrest: { name: { zh: '已抓获/传唤', en: 'Arrest made' }, requiresArrival: true },
  citation: { name: { zh: '已处罚/开具罚单', en: 'Citation issued' }, requiresArrival: true },
  assisted: { name: { zh: '已救助/协助', en: 'Assistance given' }, requiresArrival: true },
  transported: { name: { zh: '已送医', en: 'Transported' }, requiresArrival: true },
  mediated: { name: { zh: '现场调解', en: 'Mediated on scene' }, requiresArrival: true },
  gone_on_arrival: { name: { zh: '到场时已离开', en: 'Gone on arrival' }, requiresArrival: true },
  advised: { name: { zh: '已告知/电话答复', en: 'Advised' }, requiresArrival: false },
  unfounded: { name: { zh: '查无此事', en: 'Unfounded' }, requiresArrival: false },
  false_alarm: { name: { zh: '误报', en: 'False alarm' }, requiresArrival: false },
  duplicate: { name: { zh: '重复报警', en: 'Duplicate' }, requiresArrival: false },
  referred: { name: { zh: '已移交', en: 'Referred' }, requiresArrival: false },
} as const satisfies Record<string, DispositionInfo>;
/** One disposition code. */
export type Disposition = keyof typeof DISPOSITIONS;

/** Reasons a dispatcher may cancel an incident (before arrival). */
export const CANCEL_REASONS = {
  caller_cancelled: { zh: '报警人撤销', en: 'Caller cancelled' },
  duplicate: { zh: '重复报警', en: 'Duplicate' },
  entered_in_error: { zh: '录入错误', en: 'Entered in error' },
  test_call: { zh: '测试', en: 'Test call' },
  resolved_before_arrival: { zh: '到场前已解决', en: 'Resolved before arrival' },
  other: { zh: '其他（须注明）', en: 'Other (note required)' },
} as const satisfies Record<string, LocalizedText>;
/** One cancel reason code. */
export type CancelReason = keyof typeof CANCEL_REASONS;

/** What closing an incident says about its end. */
export interface CloseInput {
  readonly disposition: Disposition;
  readonly note?: string;
  /** Department, grid cell or agency it went to; required for `referred`. */
  readonly referredTo?: string;
  /** The master incident; required for `duplicate`. */
  readonly duplicateOf?: string;
}

/** Throws `dispatch.disposition_invalid` when the close-out is incomplete or impossible. */
export function assertValidClose(incidentId: string, input: CloseInput, anyoneArrived: boolean): void {
  const info: DispositionInfo | undefined = (DISPOSITIONS as Record<string, DispositionInfo>)[
    input.disposition
  ];
  const fail = (message: string) =>
    new DispatchError('dispatch.disposition_invalid', message, {
      id: incidentId,
      disposition: input.disposition,
    });
  if (!info) throw fail(`Unknown disposition ${input.disposition}`);
  if (info.requiresArrival && !anyoneArrived)
    throw fail(`${input.disposition} needs a unit to have been on scene`);
  if (input.disposition === 'referred' && !hasText(input.referredTo)) throw fail('referred needs referredTo');
  if (input.disposition === 'duplicate' && !hasText(input.duplicateOf))
    throw fail('duplicate needs duplicateOf');
  if (input.disposition === 'duplicate' && input.duplicateOf === incidentId)
    throw fail('cannot duplicate itself');
}

/** Throws `dispatch.reason_required` unless the cancel reason is known (and `other` carries a note). */
export function assertValidCancel(incidentId: string, reason: string, note?: string): void {
  if (!Object.hasOwn(CANCEL_REASONS, reason)) {
    throw new DispatchError(
      'dispatch.reason_required',
      `Cancel reason ${reason || '(none)'} is not a known reason`,
      {
        id: incidentId,
        allowed: Object.keys(CANCEL_REASONS),
      },
    );
  }
  if (reason === 'other' && !hasText(note)) {
    throw new DispatchError('dispatch.reason_required', 'Cancel reason "other" needs a note', {
      id: incidentId,
    });
  }
}

/**
 * Throws unless `priority` is valid and, when it departs from `expected` (the type's default or
 * the current priority), a reason is given: overrides are audited in every CAD.
 */
export function assertPriorityChange(
  incidentId: string,
  priority: number,
  expected: Priority,
  reason: string | undefined,
): asserts priority is Priority {
  if (!isPriority(priority)) {
    throw new DispatchError('dispatch.invalid_priority', `Priority must be 1..4, got ${priority}`, {
      id: incidentId,
    });
  }
  if (priority !== expected && !hasText(reason)) {
    throw new DispatchError(
      'dispatch.reason_required',
      `Priority override ${expected} -> ${priority} needs a reason`,
      {
        id: incidentId,
        from: expected,
        to: priority,
      },
    );
  }
}
