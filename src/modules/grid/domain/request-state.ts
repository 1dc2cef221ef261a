import type { PauseInterval } from './deadline.ts';
import { assertLtree } from './ltree.ts';
import {
  allowedEvents,
  DEFAULT_REOPEN_WINDOW_MS,
  type RequestEffect,
  type RequestEvent,
  type RequestEventType,
  type RequestState,
  type Router,
  type ServiceRequestRecord,
  TRANSITIONS,
  type TransitionContext,
  type TransitionError,
  type TransitionResult,
} from './request-model.ts';

/** The model lives in request-model.ts; re-exported so `request-state.ts` stays the one import. */
export {
  allowedEvents,
  type CoHandler,
  DEFAULT_REOPEN_WINDOW_MS,
  open311Status,
  REQUEST_STATES,
  type RequestEffect,
  type RequestEvent,
  type RequestEventType,
  type RequestHistoryEntry,
  type RequestState,
  type Router,
  type ServiceRequestRecord,
  TRANSITIONS,
  type TransitionContext,
  type TransitionError,
  type TransitionResult,
} from './request-model.ts';

/** A freshly submitted request, routed to its department (or left with the service centre). */
export function createServiceRequest(input: {
  id: string;
  serviceCode: string;
  jurisdictionPath: string;
  now: Date;
  route: Router;
}): { request: ServiceRequestRecord; effects: RequestEffect[] } {
  assertLtree(input.jurisdictionPath);
  const departmentId = input.route(input.serviceCode, input.jurisdictionPath);
  const request: ServiceRequestRecord = {
    id: input.id,
    serviceCode: input.serviceCode,
    jurisdictionPath: input.jurisdictionPath,
    state: 'submitted',
    departmentId,
    coHandlers: [],
    duplicateOf: null,
    pauses: [],
    slaStart: input.now,
    submittedAt: input.now,
    updatedAt: input.now,
    resolvedAt: null,
    closedAt: null,
    statusNotes: null,
    reopenCount: 0,
    history: [],
  };
  return { request, effects: [{ type: 'assigned', departmentId }, { type: 'sla_restarted' }] };
}

type Patch = Partial<ServiceRequestRecord> & { state: RequestState };
type Step = { patch: Patch; effects: RequestEffect[]; note?: string | null } | TransitionError;

const invalid = (field: string, message: string): TransitionError => ({
  kind: 'invalid_event',
  httpStatus: 400,
  field,
  message,
});

const conflict = (r: ServiceRequestRecord, event: RequestEventType, message: string): TransitionError => ({
  kind: 'invalid_transition',
  httpStatus: 409,
  state: r.state,
  event,
  allowed: allowedEvents(r.state),
  message,
});

const blank = (s: string | undefined | null): boolean => s === undefined || s === null || s.trim() === '';

function closePauses(pauses: readonly PauseInterval[], now: Date): PauseInterval[] {
  return pauses.map((p) => (p.to === null ? { from: p.from, to: now } : p));
}

/** Applies an event; pure: returns the new record and effects, or a typed 400/409 error. */
export function applyRequestEvent(
  request: ServiceRequestRecord,
  event: RequestEvent,
  ctx: TransitionContext,
): TransitionResult {
  if (!TRANSITIONS[event.type].includes(request.state)) {
    return {
      ok: false,
      error: conflict(request, event.type, `cannot ${event.type} a request that is ${request.state}`),
    };
  }
  const step = STEPS[event.type](request, event as never, ctx);
  if ('kind' in step) return { ok: false, error: step };
  const next: ServiceRequestRecord = {
    ...request,
    ...step.patch,
    updatedAt: ctx.now,
    history: [
      ...request.history,
      {
        at: ctx.now,
        event: event.type,
        from: request.state,
        to: step.patch.state,
        actor: ctx.actor ?? null,
        note: step.note ?? null,
      },
    ],
  };
  return { ok: true, request: next, effects: step.effects };
}

type Handler<E extends RequestEventType> = (
  r: ServiceRequestRecord,
  e: Extract<RequestEvent, { type: E }>,
  ctx: TransitionContext,
) => Step;

const STEPS: { [E in RequestEventType]: Handler<E> } = {
  accept: (r) =>
    r.departmentId === null
      ? conflict(r, 'accept', 'the request is not assigned to a department yet')
      : { patch: { state: 'accepted' }, effects: [] },
  start: (r) =>
    r.departmentId === null
      ? conflict(r, 'start', 'the request is not assigned to a department yet')
      : { patch: { state: 'in_progress' }, effects: [] },
  request_info: (r, e, ctx) =>
    blank(e.note)
      ? invalid('note', 'a question for the reporter is required')
      : {
          patch: { state: 'waiting_reporter', pauses: [...r.pauses, { from: ctx.now, to: null }] },
          effects: [{ type: 'sla_paused' }, { type: 'notify_reporter', message: e.note }],
          note: e.note,
        },
  reporter_replied: (r, e, ctx) => ({
    patch: { state: 'in_progress', pauses: closePauses(r.pauses, ctx.now) },
    effects: [{ type: 'sla_resumed' }],
    note: e.note ?? null,
  }),
  add_co_handlers: addCoHandlers,
  co_handler_done: (r, e) => {
    if (!r.coHandlers.some((c) => c.departmentId === e.departmentId)) {
      return invalid('departmentId', `${e.departmentId} is not a co-handler of this request`);
    }
    if (blank(e.note)) return invalid('note', "the co-handler's opinion is required");
    const coHandlers = r.coHandlers.map((c) =>
      c.departmentId === e.departmentId ? { ...c, done: true, note: e.note } : c,
    );
    return { patch: { state: r.state, coHandlers }, effects: [], note: e.note };
  },
  resolve: (r, e, ctx) => {
    if (blank(e.reply)) return invalid('reply', 'a reply to the reporter is required');
    const pending = r.coHandlers.filter((c) => !c.done).map((c) => c.departmentId);
    if (pending.length > 0) {
      return conflict(r, 'resolve', `co-handlers have not reported yet: ${pending.join(', ')}`);
    }
    return {
      patch: { state: 'resolved', resolvedAt: ctx.now, statusNotes: e.reply },
      effects: [{ type: 'sla_stopped' }, { type: 'notify_reporter', message: e.reply }],
      note: e.reply,
    };
  },
  close: (_r, e, ctx) => ({
    patch: { state: 'closed', closedAt: ctx.now },
    effects: [],
    note: e.note ?? null,
  }),
  reopen: (r, e, ctx) => {
    if (blank(e.reason)) return invalid('reason', 'a reason for reopening is required');
    const since = r.closedAt ?? r.resolvedAt ?? r.updatedAt;
    const window = ctx.reopenWindowMs ?? DEFAULT_REOPEN_WINDOW_MS;
    if (+ctx.now - +since > window) return conflict(r, 'reopen', 'the reopen window has passed');
    return {
      patch: {
        state: 'in_progress',
        resolvedAt: null,
        closedAt: null,
        pauses: [],
        slaStart: ctx.now,
        reopenCount: r.reopenCount + 1,
        statusNotes: null,
      },
      effects: [{ type: 'sla_restarted' }, { type: 'notify_departments', departmentIds: leadAndCo(r) }],
      note: e.reason,
    };
  },
  send_back: (r, e, ctx) =>
    blank(e.reason)
      ? invalid('reason', 'a reason is required to send a request back as misrouted')
      : {
          patch: {
            state: 'returned',
            departmentId: null,
            coHandlers: [],
            pauses: closePauses(r.pauses, ctx.now),
          },
          effects: [{ type: 'assigned', departmentId: null }, { type: 'sla_stopped' }],
          note: e.reason,
        },
  reroute: (_r, e, ctx) =>
    blank(e.departmentId)
      ? invalid('departmentId', 'a department is required')
      : {
          patch: { state: 'submitted', departmentId: e.departmentId, pauses: [], slaStart: ctx.now },
          effects: [{ type: 'assigned', departmentId: e.departmentId }, { type: 'sla_restarted' }],
        },
  mark_duplicate: (r, e, ctx) => {
    if (blank(e.of)) return invalid('of', 'the original request id is required');
    if (e.of === r.id) return invalid('of', 'a request cannot duplicate itself');
    return {
      patch: {
        state: 'duplicate',
        duplicateOf: e.of,
        closedAt: ctx.now,
        coHandlers: [],
        pauses: closePauses(r.pauses, ctx.now),
        statusNotes: e.note ?? `Duplicate of request ${e.of}.`,
      },
      effects: [{ type: 'sla_stopped' }],
      note: e.note ?? null,
    };
  },
  change_type: changeType,
  withdraw: (r, e, ctx) => ({
    patch: {
      state: 'closed',
      closedAt: ctx.now,
      pauses: closePauses(r.pauses, ctx.now),
      statusNotes: e.reason ?? null,
    },
    effects: [{ type: 'sla_stopped' }],
    note: e.reason ?? null,
  }),
};

function leadAndCo(r: ServiceRequestRecord): string[] {
  return [...(r.departmentId ? [r.departmentId] : []), ...r.coHandlers.map((c) => c.departmentId)];
}

function addCoHandlers(r: ServiceRequestRecord, e: { departmentIds: readonly string[] }): Step {
  const known = new Set(r.coHandlers.map((c) => c.departmentId));
  const fresh = [...new Set(e.departmentIds)].filter(
    (d) => !blank(d) && d !== r.departmentId && !known.has(d),
  );
  if (fresh.length === 0) {
    return invalid(
      'departmentIds',
      'name at least one department other than the lead and current co-handlers',
    );
  }
  return {
    patch: {
      state: r.state,
      coHandlers: [
        ...r.coHandlers,
        ...fresh.map((departmentId) => ({ departmentId, done: false, note: null })),
      ],
    },
    effects: [{ type: 'notify_departments', departmentIds: fresh }],
    note: `joint handling with ${fresh.join(', ')}`,
  };
}

function changeType(r: ServiceRequestRecord, e: { serviceCode: string }, ctx: TransitionContext): Step {
  if (blank(e.serviceCode)) return invalid('serviceCode', 'a service code is required');
  if (e.serviceCode === r.serviceCode) return invalid('serviceCode', 'the request already has this type');
  if (!ctx.route) throw new TypeError('change_type needs a router in the transition context');
  const departmentId = ctx.route(e.serviceCode, r.jurisdictionPath);
  return {
    patch: {
      state: departmentId === null ? 'returned' : 'submitted',
      serviceCode: e.serviceCode,
      departmentId,
      coHandlers: [],
      pauses: [],
      slaStart: ctx.now,
    },
    effects: [{ type: 'assigned', departmentId }, { type: 'sla_restarted' }],
    note: `type ${r.serviceCode} -> ${e.serviceCode}`,
  };
}
