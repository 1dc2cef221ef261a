import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatW3cDateTime } from '../../../core/time/zoned-time.ts';
import { activeTimeBetween, computeDeadline } from './deadline.ts';
import { dueSlaActions, escalationAt, escalationSchedule, planSla } from './escalation.ts';
import { createWorkCalendar } from './work-calendar.ts';

const cal = createWorkCalendar({ holidays: ['2024-10-01', '2024-10-02', '2024-10-03'] });
const w3c = (d: Date) => formatW3cDateTime(d, 'Asia/Shanghai');
const HOUR = 3_600_000;

describe('escalation schedule', () => {
  const deadline = new Date('2024-09-30T18:00:00+08:00');

  it('climbs one level at the deadline, then one per interval, up to the root', () => {
    const steps = escalationSchedule(cal, deadline, 'c1.t2.v3.g4', {
      interval: { amount: 4, unit: 'working_hours' },
    });
    expect(steps.map((s) => [s.level, w3c(s.at), s.jurisdictionPath])).toEqual([
      [1, '2024-09-30T18:00:00+08:00', 'c1.t2.v3'],
      // Oct 1-3 are holidays: the next 4 working hours end Friday Oct 4th at 14:00.
      [2, '2024-10-04T14:00:00+08:00', 'c1.t2'],
      [3, '2024-10-04T18:00:00+08:00', 'c1'],
    ]);
  });

  it('stops at maxLevel and has nothing to do at the root', () => {
    expect(
      escalationSchedule(cal, deadline, 'c1.t2.v3.g4', {
        interval: { amount: 1, unit: 'working_days' },
        maxLevel: 1,
      }),
    ).toHaveLength(1);
    expect(
      escalationSchedule(cal, deadline, 'c1', { interval: { amount: 1, unit: 'working_days' } }),
    ).toEqual([]);
    expect(() =>
      escalationSchedule(cal, deadline, 'c1..x', { interval: { amount: 1, unit: 'working_days' } }),
    ).toThrow();
  });

  it('fires exactly at the scheduled instants (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 365 * 24 * 60 }),
        fc.integer({ min: 1, max: 16 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: -10 * 24 * 60, max: 40 * 24 * 60 }),
        (startMin, slaHours, depth, probeMin) => {
          const start = new Date(Date.UTC(2024, 0, 1) + startMin * 60_000);
          const path = Array.from({ length: depth }, (_, i) => `l${i}`).join('.');
          const sla = { amount: slaHours, unit: 'working_hours' as const };
          const interval = { amount: 3, unit: 'working_hours' as const };
          const plan = planSla({
            calendar: cal,
            start,
            sla,
            now: start,
            jurisdictionPath: path,
            escalation: { interval },
          });
          expect(+plan.deadline).toBe(+computeDeadline({ calendar: cal, start, sla, now: start }));
          expect(plan.escalations).toHaveLength(depth - 1);
          plan.escalations.forEach((s, i) => {
            expect(s.level).toBe(i + 1);
            expect(s.jurisdictionPath.split('.').length).toBe(depth - s.level);
            const prev = i === 0 ? null : plan.escalations[i - 1]!;
            if (prev) expect(activeTimeBetween(cal, prev.at, s.at)).toBe(3 * HOUR);
            else expect(+s.at).toBe(+plan.deadline);
            expect(escalationAt(plan.escalations, s.at).level).toBe(s.level);
            expect(escalationAt(plan.escalations, new Date(+s.at - 1)).level).toBe(s.level - 1);
          });
          const probe = new Date(+plan.deadline + probeMin * 60_000);
          const expected = plan.escalations.filter((s) => +s.at <= +probe).length;
          expect(escalationAt(plan.escalations, probe).level).toBe(expected);
          if (+probe < +plan.deadline) expect(expected).toBe(0);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('SLA sweep', () => {
  const start = new Date('2024-09-30T09:00:00+08:00');
  const plan = planSla({
    calendar: cal,
    start,
    sla: { amount: 8, unit: 'working_hours' },
    now: start,
    jurisdictionPath: 'c1.t2.v3',
    escalation: { interval: { amount: 2, unit: 'working_hours' } },
  });

  it('reports reminders and escalations once each', () => {
    expect(w3c(plan.deadline)).toBe('2024-09-30T18:00:00+08:00');
    const noon = new Date('2024-09-30T14:00:00+08:00'); // 4 h used = 50 %
    expect(dueSlaActions(plan, { remindedFractions: [], escalationLevel: 0 }, noon)).toEqual({
      reminders: [plan.reminders[0]],
      escalation: null,
      overdue: false,
    });
    expect(dueSlaActions(plan, { remindedFractions: [0.5], escalationLevel: 0 }, noon).reminders).toEqual([]);
    const late = dueSlaActions(plan, { remindedFractions: [0.5], escalationLevel: 0 }, plan.deadline);
    expect(late.overdue).toBe(true);
    expect(late.reminders.map((r) => r.fraction)).toEqual([0.8]);
    expect(late.escalation).toMatchObject({ level: 1, jurisdictionPath: 'c1.t2' });
    expect(
      dueSlaActions(plan, { remindedFractions: [0.5, 0.8], escalationLevel: 1 }, plan.deadline).escalation,
    ).toBeNull();
  });
});
