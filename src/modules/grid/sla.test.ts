import { describe, expect, it } from 'vitest';
import type { RequestType } from './catalogue.ts';
import { createServiceRequest } from './domain/request-state.ts';
import { createWorkCalendar } from './domain/work-calendar.ts';
import { nextActionAt, planFor } from './sla.ts';

const calendar = createWorkCalendar({ timeZone: 'Asia/Shanghai' });
const type = {
  code: 'hazard',
  sla: { amount: 8, unit: 'working_hours' },
  escalation: { amount: 4, unit: 'working_hours' },
} as RequestType;
const MONDAY_9 = new Date('2026-11-02T01:00:00Z');
const request = (state: 'submitted' | 'waiting_reporter' | 'returned' = 'submitted') => ({
  ...createServiceRequest({
    id: 'r1',
    serviceCode: 'hazard',
    jurisdictionPath: 'c.t.v.g',
    now: MONDAY_9,
    route: () => 'dept',
  }).request,
  state,
});

describe('SLA scheduling of the sweep', () => {
  it('plans reminders at 50 % and 80 %, the deadline, and one escalation per level up the tree', () => {
    const plan = planFor(request(), type, calendar, MONDAY_9)!;
    expect(plan.deadline.toISOString()).toBe('2026-11-02T10:00:00.000Z');
    expect(plan.reminders.map((r) => r.at.toISOString())).toEqual([
      '2026-11-02T06:00:00.000Z',
      '2026-11-02T08:24:00.000Z',
    ]);
    expect(plan.escalations.map((e) => e.jurisdictionPath)).toEqual(['c.t.v', 'c.t', 'c']);
  });

  it('next action is the earliest step not yet taken', () => {
    const plan = planFor(request(), type, calendar, MONDAY_9)!;
    expect(nextActionAt(plan, { reminded: [], escalationLevel: 0 }, 'submitted')?.toISOString()).toBe(
      '2026-11-02T06:00:00.000Z',
    );
    expect(nextActionAt(plan, { reminded: [0.5, 0.8], escalationLevel: 0 }, 'submitted')?.toISOString()).toBe(
      '2026-11-02T10:00:00.000Z',
    );
    expect(nextActionAt(plan, { reminded: [0.5, 0.8], escalationLevel: 3 }, 'submitted')).toBeNull();
  });

  it('nothing falls due while waiting for the reporter or while the centre holds a returned request', () => {
    const waiting = request('waiting_reporter');
    expect(
      nextActionAt(
        planFor(waiting, type, calendar, MONDAY_9),
        { reminded: [], escalationLevel: 0 },
        'waiting_reporter',
      ),
    ).toBeNull();
    expect(planFor(request('returned'), type, calendar, MONDAY_9)).toBeNull();
  });
});
