import type { PauseInterval } from './deadline.ts';

/** Life-cycle states of a service request. */
export type RequestState =
  | 'submitted'
  | 'accepted'
  | 'in_progress'
  | 'waiting_reporter'
  | 'resolved'
  | 'closed'
  | 'returned'
  | 'duplicate';

/** Every state, for schemas and exhaustive tests. */
export const REQUEST_STATES: readonly RequestState[] = [
  'submitted',
  'accepted',
  'in_progress',
  'waiting_reporter',
  'resolved',
  'closed',
  'returned',
  'duplicate',
];

/** Something that happens to a request: an actor's command. */
export type RequestEvent =
  | { type: 'accept' }
  | { type: 'start' }
  | { type: 'request_info'; note: string }
  | { type: 'reporter_replied'; note?: string }
  | { type: 'add_co_handlers'; departmentIds: readonly string[] }
  | { type: 'co_handler_done'; departmentId: string; note: string }
  | { type: 'resolve'; reply: string }
  | { type: 'close'; note?: string }
  | { type: 'reopen'; reason: string }
  | { type: 'send_back'; reason: string }
  | { type: 'reroute'; departmentId: string }
  | { type: 'mark_duplicate'; of: string; note?: string }
  | { type: 'change_type'; serviceCode: string }
  | { type: 'withdraw'; reason?: string };

/** Name of an event. */
export type RequestEventType = RequestEvent['type'];

/** From which states each event is allowed (the source of 409 "allowed" lists). */
export const TRANSITIONS: Readonly<Record<RequestEventType, readonly RequestState[]>> = {
  accept: ['submitted'],
  start: ['submitted', 'accepted'],
  request_info: ['accepted', 'in_progress'],
  reporter_replied: ['waiting_reporter'],
  add_co_handlers: ['accepted', 'in_progress', 'waiting_reporter'],
  co_handler_done: ['accepted', 'in_progress', 'waiting_reporter'],
  resolve: ['accepted', 'in_progress'],
  close: ['resolved'],
  reopen: ['resolved', 'closed'],
  send_back: ['submitted', 'accepted', 'in_progress'],
  reroute: ['submitted', 'returned'],
  mark_duplicate: ['submitted', 'accepted', 'in_progress', 'waiting_reporter', 'returned'],
  change_type: ['submitted', 'accepted', 'in_progress', 'returned'],
  withdraw: ['submitted', 'accepted', 'in_progress', 'waiting_reporter', 'returned'],
};

/** A department helping the lead department in joint handling (主办/协办). */
export interface CoHandler {
  departmentId: string;
  done: boolean;
  note: string | null;
}

/** One line of a request's timeline. */
export interface RequestHistoryEntry {
  at: Date;
  event: RequestEventType;
  from: RequestState;
  to: RequestState;
  actor: string | null;
  note: string | null;
}

/** The state-machine view of a service request. */
export interface ServiceRequestRecord {
  id: string;
  serviceCode: string;
  /** ltree path of the grid cell / jurisdiction where the problem is. */
  jurisdictionPath: string;
  state: RequestState;
  /** Lead department; null while the request sits with the service centre. */
  departmentId: string | null;
  coHandlers: readonly CoHandler[];
  duplicateOf: string | null;
  /** Clock stops of the current handling round (waiting for the reporter). */
  pauses: readonly PauseInterval[];
  /** Start of the current handling round's deadline clock; restarts on re-routing and reopening. */
  slaStart: Date;
  submittedAt: Date;
  updatedAt: Date;
  resolvedAt: Date | null;
  closedAt: Date | null;
  /** Latest public explanation of the status (Open311 status_notes). */
  statusNotes: string | null;
  reopenCount: number;
  history: readonly RequestHistoryEntry[];
}

/** Side effects the caller should carry out after a successful transition. */
export type RequestEffect =
  | { type: 'assigned'; departmentId: string | null }
  | { type: 'sla_restarted' }
  | { type: 'sla_paused' }
  | { type: 'sla_resumed' }
  | { type: 'sla_stopped' }
  | { type: 'notify_reporter'; message: string }
  | { type: 'notify_departments'; departmentIds: readonly string[] };

/** Why a transition was refused, with the HTTP status it maps to. */
export type TransitionError =
  | {
      kind: 'invalid_transition';
      httpStatus: 409;
      state: RequestState;
      event: RequestEventType;
      allowed: RequestEventType[];
      message: string;
    }
  | { kind: 'invalid_event'; httpStatus: 400; field: string; message: string };

/** Outcome of applying an event. */
export type TransitionResult =
  | { ok: true; request: ServiceRequestRecord; effects: RequestEffect[] }
  | { ok: false; error: TransitionError };

/** Finds the department in charge of a request type at a jurisdiction path (see responsibility matrix). */
export type Router = (serviceCode: string, jurisdictionPath: string) => string | null;

/** Clock, actor and policy for a transition. */
export interface TransitionContext {
  now: Date;
  actor?: string | null;
  /** Needed for `change_type`. */
  route?: Router;
  /** How long after resolution/closure the reporter may reopen; default 7 days. */
  reopenWindowMs?: number;
}

/** Default reopen window: 7 days after the request was resolved or closed. */
export const DEFAULT_REOPEN_WINDOW_MS = 7 * 24 * 3_600_000;

/** Events allowed in a state (for 409 responses and UI buttons). */
export function allowedEvents(state: RequestState): RequestEventType[] {
  return (Object.keys(TRANSITIONS) as RequestEventType[]).filter((e) => TRANSITIONS[e].includes(state));
}

/** GeoReport v2 status of a state: resolved, closed and duplicate are `closed`, the rest `open`. */
export function open311Status(state: RequestState): 'open' | 'closed' {
  return state === 'resolved' || state === 'closed' || state === 'duplicate' ? 'closed' : 'open';
}
