import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createBoard } from './board-apply.ts';
import { decide } from './board-decide.ts';
import type { BoardState, CommandBody, DispatchCommand } from './board-model.ts';
import { defaultCatalogue } from './incident-catalogue.ts';
import { type AssignmentStatus, INCIDENT_STATUSES, type IncidentStatus } from './incident-state.ts';
import {
  type Priority,
  soonestWarnSeconds,
  TIMER_KINDS,
  type TimerKind,
  type TimerThresholds,
} from './timer-thresholds.ts';
import { evaluateTimers, nextTimerChange, overdueTimers, safetyCheckIns, type TimerInput } from './timers.ts';

const T0 = Date.UTC(2025, 0, 1);
const s = (n: number) => T0 + n * 1000;
const milestones = {
  receivedAt: T0,
  firstDispatchedAt: null,
  firstEnRouteAt: null,
  firstOnSceneAt: null,
  clearedAt: null,
  closedAt: null,
  cancelledAt: null,
};

describe('evaluateTimers', () => {
  it('runs call-to-dispatch while waiting and turns warn then alert (priority 1: 60 s / 120 s)', () => {
    const input: TimerInput = { status: 'queued', priority: 1, milestones, assignments: [] };
    const at = (n: number) => evaluateTimers(input, s(n));
    expect(at(30)).toMatchObject([
      { timer: 'call_to_dispatch', running: true, level: 'ok', elapsedSeconds: 30 },
    ]);
    expect(at(60)[0]!.level).toBe('warn');
    expect(at(150)[0]!.level).toBe('alert');
    expect(nextTimerChange(at(30), s(30))).toBe(s(60));
    expect(nextTimerChange(at(90), s(90))).toBe(s(120));
    expect(nextTimerChange(at(200), s(200))).toBeNull();
  });

  it('stops incident timers at the first unit milestones and watches each unit', () => {
    const input: TimerInput = {
      status: 'on_scene',
      priority: 2,
      milestones: {
        ...milestones,
        firstDispatchedAt: s(100),
        firstEnRouteAt: s(130),
        firstOnSceneAt: s(700),
      },
      assignments: [
        {
          unitId: 'P1',
          status: 'on_scene',
          dispatchedAt: s(100),
          enRouteAt: s(130),
          onSceneAt: s(700),
          lastCheckInAt: null,
        },
        {
          unitId: 'P2',
          status: 'en_route',
          dispatchedAt: s(800),
          enRouteAt: s(820),
          onSceneAt: null,
          lastCheckInAt: null,
        },
        {
          unitId: 'P3',
          status: 'dispatched',
          dispatchedAt: s(900),
          enRouteAt: null,
          onSceneAt: null,
          lastCheckInAt: null,
        },
      ],
    };
    const r = evaluateTimers(input, s(1700));
    const byKey = Object.fromEntries(r.map((x) => [`${x.timer}:${x.unitId ?? '-'}`, x]));
    expect(byKey['call_to_dispatch:-']).toMatchObject({ running: false, elapsedSeconds: 100, level: 'ok' });
    expect(byKey['dispatch_to_en_route:-']).toMatchObject({ running: false, elapsedSeconds: 30 });
    expect(byKey['en_route_to_on_scene:-']).toMatchObject({
      running: false,
      elapsedSeconds: 570,
      level: 'ok',
    });
    expect(byKey['on_scene_duration:-']).toMatchObject({ running: true, elapsedSeconds: 1000 });
    expect(byKey['safety_check_in:P1']).toMatchObject({ running: true, level: 'warn', elapsedSeconds: 1000 });
    expect(byKey['en_route_to_on_scene:P2']).toMatchObject({
      running: true,
      level: 'warn',
      elapsedSeconds: 880,
    });
    expect(byKey['dispatch_to_en_route:P3']).toMatchObject({
      running: true,
      level: 'alert',
      elapsedSeconds: 800,
    });
    expect(overdueTimers(r).map((x) => `${x.timer}:${x.unitId}`)).toEqual([
      'dispatch_to_en_route:P3',
      'safety_check_in:P1',
      'en_route_to_on_scene:P2',
    ]);
    expect(safetyCheckIns(r)).toEqual([
      { unitId: 'P1', state: 'due', dueAt: s(700 + 900), missedAt: s(700 + 1080) },
    ]);
  });

  it('restarts the safety timer on check-in and reports a missed check-in', () => {
    const ctx = { catalogue: defaultCatalogue() };
    let state: BoardState = createBoard([
      {
        id: 'P1',
        kind: 'patrol_car',
        capabilities: ['patrol'],
        jurisdiction: 'c',
        status: 'available',
        incidentId: null,
        statusAt: T0,
      },
    ]);
    const cmds: [number, CommandBody][] = [
      [
        0,
        {
          type: 'create_incident',
          incidentId: 'I',
          typeCode: 'ROBBERY_IN_PROGRESS',
          location: { lat: 0, lon: 0 },
          jurisdiction: 'c',
        },
      ],
      [30, { type: 'assign_unit', incidentId: 'I', unitId: 'P1' }],
      [300, { type: 'unit_status', unitId: 'P1', status: 'on_scene' }],
      [700, { type: 'check_in', unitId: 'P1' }],
    ];
    for (const [t, c] of cmds) state = decide(state, { ...c, at: s(t) } as DispatchCommand, ctx).state;
    const i = state.incidents.I!;
    const input = {
      status: i.status,
      priority: i.priority,
      milestones: i.milestones,
      assignments: i.assignments,
    };
    expect(safetyCheckIns(evaluateTimers(input, s(1000)))[0]!.state).toBe('ok');
    expect(safetyCheckIns(evaluateTimers(input, s(700 + 800)))[0]!.state).toBe('missed');
  });

  it('stops everything on a closed incident', () => {
    const input: TimerInput = {
      status: 'closed',
      priority: 4,
      milestones: { ...milestones, closedAt: s(50) },
      assignments: [],
    };
    expect(evaluateTimers(input, s(99_999)).filter((r) => r.running)).toEqual([]);
  });
});

describe('soonestWarnSeconds (the timer sweep reads only incidents at least this old)', () => {
  const threshold = fc
    .tuple(fc.integer({ min: 1, max: 7200 }), fc.integer({ min: 1, max: 7200 }))
    .map(([a, b]) => ({ warnSeconds: a, alertSeconds: a + b }));
  const table = fc.record(
    Object.fromEntries(
      TIMER_KINDS.map((k) => [k, fc.record({ 1: threshold, 2: threshold, 3: threshold, 4: threshold })]),
    ) as Record<TimerKind, fc.Arbitrary<TimerThresholds[TimerKind]>>,
  ) as fc.Arbitrary<TimerThresholds>;
  // Milestones at or after the call, in any order the timers may meet them.
  const offset = fc.option(fc.integer({ min: 0, max: 20_000 }), { nil: null });
  const at = (o: number | null) => (o === null ? null : s(o));
  const assignment = fc.record({
    unitId: fc.constantFrom('P1', 'P2', 'P3'),
    status: fc.constantFrom<AssignmentStatus>(
      'dispatched',
      'en_route',
      'on_scene',
      'transporting',
      'cleared',
      'released',
    ),
    dispatchedAt: fc.integer({ min: 0, max: 20_000 }),
    enRouteAt: offset,
    onSceneAt: offset,
    lastCheckInAt: offset,
  });

  it('no running timer is past warning before that age, whatever the thresholds and milestones', () => {
    fc.assert(
      fc.property(
        table,
        fc.constantFrom<Priority>(1, 2, 3, 4),
        fc.constantFrom<IncidentStatus>(...INCIDENT_STATUSES),
        fc.record({ dispatched: offset, enRoute: offset, onScene: offset, cleared: offset }),
        fc.array(assignment, { maxLength: 3 }),
        fc.integer({ min: 0, max: 40_000 }),
        (thresholds, priority, status, m, units, nowOffset) => {
          const input: TimerInput = {
            status,
            priority,
            milestones: {
              ...milestones,
              firstDispatchedAt: at(m.dispatched),
              firstEnRouteAt: at(m.enRoute),
              firstOnSceneAt: at(m.onScene),
              clearedAt: at(m.cleared),
            },
            assignments: units.map((u) => ({
              ...u,
              dispatchedAt: s(u.dispatchedAt),
              enRouteAt: at(u.enRouteAt),
              onSceneAt: at(u.onSceneAt),
              lastCheckInAt: at(u.lastCheckInAt),
            })),
          };
          const due = evaluateTimers(input, s(nowOffset), thresholds).some(
            (t) => t.running && t.level !== 'ok',
          );
          if (due) expect(nowOffset).toBeGreaterThanOrEqual(soonestWarnSeconds(thresholds)[priority]);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
