import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  allowedEvents,
  applyRequestEvent,
  createServiceRequest,
  open311Status,
  REQUEST_STATES,
  type RequestEvent,
  type RequestEventType,
  type ServiceRequestRecord,
  TRANSITIONS,
  type TransitionContext,
} from './request-state.ts';
import { buildResponsibilityMatrix } from './responsibility-matrix.ts';

const matrix = buildResponsibilityMatrix([
  { serviceCode: 'road', jurisdictionPath: 'c1', departmentId: 'transport' },
  { serviceCode: 'noise', jurisdictionPath: 'c1', departmentId: 'police' },
]);
const route = (code: string, path: string) => matrix.resolve(code, path)?.departmentId ?? null;
const t0 = new Date('2024-09-02T09:00:00+08:00');
const at = (minutes: number) => new Date(+t0 + minutes * 60_000);
const ctx = (minutes: number, extra: Partial<TransitionContext> = {}): TransitionContext => ({
  now: at(minutes),
  actor: 'tester',
  route,
  ...extra,
});

function fresh(code = 'road'): ServiceRequestRecord {
  return createServiceRequest({
    id: 'r1',
    serviceCode: code,
    jurisdictionPath: 'c1.t2.v3.g4',
    now: t0,
    route,
  }).request;
}

function run(r: ServiceRequestRecord, steps: [RequestEvent, number][]): ServiceRequestRecord {
  let cur = r;
  for (const [e, m] of steps) {
    const res = applyRequestEvent(cur, e, ctx(m));
    if (!res.ok) throw new Error(`${e.type}: ${res.error.message}`);
    cur = res.request;
  }
  return cur;
}

describe('request state machine', () => {
  it('routes on creation', () => {
    expect(fresh().departmentId).toBe('transport');
    expect(fresh('litter').departmentId).toBeNull();
  });

  it('runs the happy path with a pause for the reporter', () => {
    const r = run(fresh(), [
      [{ type: 'accept' }, 5],
      [{ type: 'start' }, 10],
      [{ type: 'request_info', note: 'Which side of the road?' }, 20],
      [{ type: 'reporter_replied', note: 'North side' }, 80],
      [{ type: 'resolve', reply: 'Pothole filled.' }, 200],
      [{ type: 'close' }, 300],
    ]);
    expect(r.state).toBe('closed');
    expect(r.pauses).toEqual([{ from: at(20), to: at(80) }]);
    expect(r.statusNotes).toBe('Pothole filled.');
    expect(r.history.map((h) => h.to)).toEqual([
      'accepted',
      'in_progress',
      'waiting_reporter',
      'in_progress',
      'resolved',
      'closed',
    ]);
    expect(open311Status(r.state)).toBe('closed');
  });

  it('refuses a transition with 409 and lists the allowed events', () => {
    const res = applyRequestEvent(fresh(), { type: 'close' }, ctx(1));
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.error).toMatchObject({
      kind: 'invalid_transition',
      httpStatus: 409,
      state: 'submitted',
      event: 'close',
    });
    if (res.error.kind === 'invalid_transition') {
      expect(res.error.allowed).toEqual(allowedEvents('submitted'));
      expect(res.error.allowed).toContain('accept');
    }
  });

  it('requires a reason to send a request back, and returns it to the service centre', () => {
    const accepted = run(fresh(), [[{ type: 'accept' }, 1]]);
    const noReason = applyRequestEvent(accepted, { type: 'send_back', reason: '  ' }, ctx(2));
    expect(noReason).toMatchObject({
      ok: false,
      error: { kind: 'invalid_event', httpStatus: 400, field: 'reason' },
    });
    const back = run(accepted, [[{ type: 'send_back', reason: 'Not a road: private yard' }, 2]]);
    expect(back).toMatchObject({ state: 'returned', departmentId: null });
    expect(open311Status(back.state)).toBe('open');
    const rerouted = applyRequestEvent(back, { type: 'reroute', departmentId: 'housing' }, ctx(30));
    expect(rerouted.ok && rerouted.request).toMatchObject({
      state: 'submitted',
      departmentId: 'housing',
      slaStart: at(30),
    });
    expect(rerouted.ok && rerouted.effects).toContainEqual({ type: 'sla_restarted' });
  });

  it('re-routes when the type changes', () => {
    const r = run(fresh(), [[{ type: 'accept' }, 1]]);
    const changed = applyRequestEvent(r, { type: 'change_type', serviceCode: 'noise' }, ctx(10));
    expect(changed.ok && changed.request).toMatchObject({
      state: 'submitted',
      serviceCode: 'noise',
      departmentId: 'police',
      slaStart: at(10),
    });
    const unknown = applyRequestEvent(r, { type: 'change_type', serviceCode: 'litter' }, ctx(10));
    expect(unknown.ok && unknown.request).toMatchObject({ state: 'returned', departmentId: null });
  });

  it('marks duplicates as closed with a note', () => {
    const d = run(fresh(), [[{ type: 'mark_duplicate', of: 'r0' }, 3]]);
    expect(d).toMatchObject({
      state: 'duplicate',
      duplicateOf: 'r0',
      statusNotes: 'Duplicate of request r0.',
    });
    expect(open311Status(d.state)).toBe('closed');
    expect(applyRequestEvent(fresh(), { type: 'mark_duplicate', of: 'r1' }, ctx(1)).ok).toBe(false);
  });

  it('joint handling: the lead resolves only after every co-handler reported', () => {
    const r = run(fresh(), [
      [{ type: 'accept' }, 1],
      [{ type: 'add_co_handlers', departmentIds: ['water', 'power', 'transport'] }, 2],
    ]);
    expect(r.coHandlers.map((c) => c.departmentId)).toEqual(['water', 'power']);
    const early = applyRequestEvent(r, { type: 'resolve', reply: 'done' }, ctx(3));
    expect(early).toMatchObject({ ok: false, error: { httpStatus: 409 } });
    const done = run(r, [
      [{ type: 'co_handler_done', departmentId: 'water', note: 'valve replaced' }, 4],
      [{ type: 'co_handler_done', departmentId: 'power', note: 'cable checked' }, 5],
      [{ type: 'resolve', reply: 'All fixed.' }, 6],
    ]);
    expect(done.state).toBe('resolved');
    expect(applyRequestEvent(r, { type: 'co_handler_done', departmentId: 'gas', note: 'x' }, ctx(4)).ok).toBe(
      false,
    );
  });

  it('reopens only within the window', () => {
    const resolved = run(fresh(), [
      [{ type: 'start' }, 1],
      [{ type: 'resolve', reply: 'Fixed.' }, 60],
    ]);
    const day = 24 * 60;
    const ok = applyRequestEvent(resolved, { type: 'reopen', reason: 'Still broken' }, ctx(60 + 6 * day));
    expect(ok.ok && ok.request).toMatchObject({ state: 'in_progress', reopenCount: 1, resolvedAt: null });
    const late = applyRequestEvent(resolved, { type: 'reopen', reason: 'Still broken' }, ctx(60 + 8 * day));
    expect(late).toMatchObject({ ok: false, error: { httpStatus: 409 } });
    const custom = applyRequestEvent(
      resolved,
      { type: 'reopen', reason: 'x' },
      ctx(60 + 8 * day, { reopenWindowMs: 9 * day * 60_000 }),
    );
    expect(custom.ok).toBe(true);
    expect(applyRequestEvent(resolved, { type: 'reopen', reason: '' }, ctx(61))).toMatchObject({
      ok: false,
      error: { httpStatus: 400 },
    });
  });

  it('a request with no department cannot be accepted until the centre routes it', () => {
    const orphan = fresh('litter');
    expect(applyRequestEvent(orphan, { type: 'accept' }, ctx(1))).toMatchObject({
      ok: false,
      error: { httpStatus: 409 },
    });
    expect(
      run(orphan, [
        [{ type: 'reroute', departmentId: 'sanitation' }, 2],
        [{ type: 'accept' }, 3],
      ]).state,
    ).toBe('accepted');
  });

  it('allowed events agree with what apply accepts (property)', () => {
    const sampleEvent: Record<RequestEventType, RequestEvent> = {
      accept: { type: 'accept' },
      start: { type: 'start' },
      request_info: { type: 'request_info', note: 'q' },
      reporter_replied: { type: 'reporter_replied' },
      add_co_handlers: { type: 'add_co_handlers', departmentIds: ['x'] },
      co_handler_done: { type: 'co_handler_done', departmentId: 'x', note: 'n' },
      resolve: { type: 'resolve', reply: 'r' },
      close: { type: 'close' },
      reopen: { type: 'reopen', reason: 'r' },
      send_back: { type: 'send_back', reason: 'r' },
      reroute: { type: 'reroute', departmentId: 'd' },
      mark_duplicate: { type: 'mark_duplicate', of: 'other' },
      change_type: { type: 'change_type', serviceCode: 'noise' },
      withdraw: { type: 'withdraw' },
    };
    const events = Object.values(sampleEvent);
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...events), { maxLength: 25 }), (seq) => {
        let r = fresh();
        let minute = 0;
        for (const e of seq) {
          minute += 7;
          const res = applyRequestEvent(r, e, ctx(minute));
          const allowed = allowedEvents(r.state).includes(e.type);
          if (!allowed) expect(res).toMatchObject({ ok: false, error: { httpStatus: 409 } });
          if (res.ok) {
            expect(allowed).toBe(true);
            expect(REQUEST_STATES).toContain(res.request.state);
            expect(res.request.history.length).toBe(r.history.length + 1);
            // At most one open pause, and only while waiting for the reporter.
            const open = res.request.pauses.filter((p) => p.to === null).length;
            expect(open).toBe(res.request.state === 'waiting_reporter' ? 1 : 0);
            r = res.request;
          }
        }
      }),
    );
    for (const state of REQUEST_STATES) {
      for (const e of allowedEvents(state)) expect(TRANSITIONS[e]).toContain(state);
    }
  });
});
