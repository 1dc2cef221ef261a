import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyEvent, createBoard, incidentFromTimeline, replay } from './board-apply.ts';
import { decide } from './board-decide.ts';
import { checkBoardInvariants } from './board-invariants.ts';
import type { BoardState, BoardUnit, CommandBody, DispatchCommand, DispatchEvent } from './board-model.ts';
import { DispatchError } from './errors.ts';
import { defaultCatalogue } from './incident-catalogue.ts';
import {
  allowedIncidentTransitions,
  CANCEL_REASONS,
  canIncidentTransition,
  type IncidentStatus,
  isIncidentOpen,
} from './incident-state.ts';
import {
  allowedUnitTransitions,
  canUnitTransition,
  isAssignable,
  UNIT_STATUSES,
  type UnitStatus,
} from './unit-status.ts';

const ctx = { catalogue: defaultCatalogue() };
const T0 = Date.UTC(2025, 5, 1);
const INCIDENTS = ['I0', 'I1', 'I2', 'I3'];
const UNIT_IDS = ['U0', 'U1', 'U2', 'U3', 'U4'];
const UNITS: BoardUnit[] = UNIT_IDS.map((id) => ({
  id,
  kind: 'patrol_car',
  capabilities: ['patrol'],
  jurisdiction: 'c',
  status: id === 'U4' ? 'off_duty' : 'available',
  incidentId: null,
  statusAt: T0,
}));

const inc = fc.constantFrom(...INCIDENTS);
const unitId = fc.constantFrom(...UNIT_IDS);
type Body = CommandBody;
const commandArb: fc.Arbitrary<Body> = fc.oneof(
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('create_incident' as const),
      incidentId: inc,
      typeCode: fc.constantFrom('THEFT', 'STRUCTURE_FIRE', 'NOISE_COMPLAINT'),
      location: fc.constant({ lat: 1, lon: 1 }),
      jurisdiction: fc.constant('c'),
    }),
  },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('queue_incident' as const), incidentId: inc }) },
  { weight: 8, arbitrary: fc.record({ type: fc.constant('assign_unit' as const), incidentId: inc, unitId }) },
  {
    weight: 10,
    arbitrary: fc.record({
      type: fc.constant('unit_status' as const),
      unitId,
      status: fc.constantFrom(...UNIT_STATUSES, 'en_route', 'on_scene', 'on_scene', 'available'),
    }),
  },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('check_in' as const), unitId }) },
  {
    weight: 2,
    arbitrary: fc.record({ type: fc.constant('release_unit' as const), incidentId: inc, unitId }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ type: fc.constant('reassign_unit' as const), unitId, toIncidentId: inc }),
  },
  {
    weight: 2,
    arbitrary: fc.record(
      {
        type: fc.constant('clear_units' as const),
        incidentId: inc,
        unitId: fc.option(unitId, { nil: undefined }),
      },
      { requiredKeys: ['type', 'incidentId'] },
    ),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('close_incident' as const),
      incidentId: inc,
      disposition: fc.constantFrom('advised', 'report_taken', 'referred'),
      referredTo: fc.constantFrom('grid', ''),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('cancel_incident' as const),
      incidentId: inc,
      reason: fc.constantFrom(...Object.keys(CANCEL_REASONS), 'bogus'),
      note: fc.constantFrom('n', ''),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('merge_incident' as const),
      incidentId: inc,
      intoIncidentId: inc,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('change_priority' as const),
      incidentId: inc,
      priority: fc.integer({ min: 0, max: 5 }),
      reason: fc.constantFrom('escalated', ''),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('set_alarm_level' as const),
      incidentId: inc,
      level: fc.integer({ min: 0, max: 4 }),
    }),
  },
) as fc.Arbitrary<Body>;

/** Commands with times that mostly move forward but sometimes jump back (clock skew between nodes). */
const stepArb = fc.tuple(commandArb, fc.integer({ min: -30_000, max: 600_000 }));
/** Incidents are created up front (most commands need one), then anything goes. */
const scriptArb = fc
  .tuple(
    fc.constantFrom('THEFT', 'STRUCTURE_FIRE', 'NOISE_COMPLAINT'),
    fc.array(stepArb, { minLength: 10, maxLength: 150 }),
  )
  .map(([typeCode, steps]): [Body, number][] => [
    ...INCIDENTS.slice(0, 3).map((incidentId): [Body, number] => [
      {
        type: 'create_incident',
        incidentId,
        typeCode,
        location: { lat: 1, lon: 1 },
        jurisdiction: 'c',
      } as Body,
      1000,
    ]),
    ...steps,
  ]);

function checkEvent(before: BoardState, e: DispatchEvent): void {
  if (e.type === 'incident.status_changed') {
    expect(canIncidentTransition(e.from, e.to), `${e.from} -> ${e.to}`).toBe(true);
    expect(before.incidents[e.incidentId]?.status).toBe(e.from);
  }
  if (e.type === 'incident.closed' || e.type === 'incident.cancelled') {
    expect(canIncidentTransition(e.from, e.type === 'incident.closed' ? 'closed' : 'cancelled')).toBe(true);
  }
  if (e.type === 'unit.status_changed')
    expect(canUnitTransition(e.from, e.to), `${e.from} -> ${e.to}`).toBe(true);
}

function checkRefusal(err: unknown): void {
  expect(err).toBeInstanceOf(DispatchError);
  const e = err as DispatchError;
  if (e.code !== 'dispatch.illegal_transition') return;
  const d = e.details as {
    entity: string;
    from: string;
    to: string;
    kind: 'command';
    allowed: readonly string[];
  };
  expect(d.kind === undefined || d.kind === 'command').toBe(true);
  const allowed =
    d.entity === 'incident'
      ? allowedIncidentTransitions(d.from as IncidentStatus, 'command')
      : allowedUnitTransitions(d.from as UnitStatus);
  expect(d.allowed).toEqual(allowed);
  expect(d.allowed).not.toContain(d.to);
}

/** Model check: assigning succeeds exactly when the incident is open and the unit free and in service. */
function checkAssignModel(state: BoardState, at: number): void {
  for (const i of Object.values(state.incidents)) {
    for (const u of Object.values(state.units)) {
      const expected = isIncidentOpen(i.status) && u.incidentId === null && isAssignable(u.status);
      let ok = true;
      try {
        decide(state, { type: 'assign_unit', incidentId: i.id, unitId: u.id, at }, ctx);
      } catch {
        ok = false;
      }
      expect(ok, `assign ${u.id} (${u.status}) to ${i.id} (${i.status})`).toBe(expected);
    }
  }
}

describe('board: random command sequences keep the invariants', () => {
  it('holds for every prefix, refusals are typed and change nothing, events replay to the state', () => {
    fc.assert(
      fc.property(scriptArb, (script) => {
        let state = createBoard(UNITS);
        const events: DispatchEvent[] = [];
        let t = T0;
        for (const [body, dt] of script) {
          t += dt;
          const snapshot = JSON.stringify(state);
          try {
            const d = decide(state, { ...body, at: t } as DispatchCommand, ctx);
            let s = state;
            for (const e of d.events) {
              checkEvent(s, e);
              s = applyEvent(s, e);
            }
            state = d.state;
            events.push(...d.events);
          } catch (err) {
            checkRefusal(err);
            expect(JSON.stringify(state)).toBe(snapshot);
          }
          expect(checkBoardInvariants(state)).toEqual([]);
        }
        checkAssignModel(state, t);
        expect(replay(UNITS, events)).toEqual(state);
        for (const i of Object.values(state.incidents)) expect(incidentFromTimeline(i.timeline)).toEqual(i);
      }),
      { numRuns: 300 },
    );
  });

  it('closing succeeds exactly where the state machine allows it', () => {
    fc.assert(
      fc.property(scriptArb, (script) => {
        let state = createBoard(UNITS);
        let t = T0;
        for (const [body, dt] of script) {
          t += Math.max(0, dt);
          try {
            state = decide(state, { ...body, at: t } as DispatchCommand, ctx).state;
          } catch {}
        }
        for (const i of Object.values(state.incidents)) {
          let ok = true;
          try {
            decide(state, { type: 'close_incident', incidentId: i.id, disposition: 'advised', at: t }, ctx);
          } catch (e) {
            ok = false;
            if ((e as DispatchError).code === 'dispatch.illegal_transition') {
              expect((e as DispatchError).details.allowed).toEqual(
                allowedIncidentTransitions(i.status, 'command'),
              );
            }
          }
          expect(ok).toBe(canIncidentTransition(i.status, 'closed', 'command'));
        }
      }),
      { numRuns: 200 },
    );
  });
});
