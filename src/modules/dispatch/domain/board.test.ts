import { describe, expect, it } from 'vitest';
import { createBoard, replay } from './board-apply.ts';
import { decide } from './board-decide.ts';
import { checkBoardInvariants } from './board-invariants.ts';
import type { BoardState, BoardUnit, CommandBody, DispatchCommand, DispatchEvent } from './board-model.ts';
import { DispatchError, isDispatchError } from './errors.ts';
import { defaultCatalogue } from './incident-catalogue.ts';

const catalogue = defaultCatalogue();
const ctx = { catalogue };
const T0 = Date.UTC(2025, 0, 1, 8);
const here = { lat: 31.23, lon: 121.47 };

const unit = (id: string, kind: BoardUnit['kind'], caps: BoardUnit['capabilities']): BoardUnit => ({
  id,
  kind,
  capabilities: caps,
  jurisdiction: 'city.east',
  status: 'available',
  incidentId: null,
  statusAt: T0 - 3_600_000,
});
const UNITS = [
  unit('P1', 'patrol_car', ['patrol']),
  unit('P2', 'patrol_car', ['patrol']),
  unit('A1', 'ambulance', ['ems']),
  unit('T1', 'traffic', ['traffic']),
];

function run(cmds: readonly CommandBody[], start: BoardState = createBoard(UNITS)) {
  let state = start;
  const events: DispatchEvent[] = [];
  cmds.forEach((c, k) => {
    const d = decide(state, { ...c, at: T0 + k * 60_000 } as DispatchCommand, ctx);
    state = d.state;
    events.push(...d.events);
  });
  return { state, events };
}

function refusal(state: BoardState, cmd: CommandBody): DispatchError {
  try {
    decide(state, { ...cmd, at: T0 + 86_400_000 } as DispatchCommand, ctx);
  } catch (e) {
    if (e instanceof DispatchError) return e;
    throw e;
  }
  throw new Error('command was accepted');
}

const create = (incidentId: string, typeCode = 'TRAFFIC_ACCIDENT_INJURY') =>
  ({ type: 'create_incident', incidentId, typeCode, location: here, jurisdiction: 'city.east' }) as const;

describe('board: a traffic accident from call to close', () => {
  const { state, events } = run([
    create('I1'),
    { type: 'assign_unit', incidentId: 'I1', unitId: 'P1' },
    { type: 'assign_unit', incidentId: 'I1', unitId: 'A1' },
    { type: 'unit_status', unitId: 'P1', status: 'en_route' },
    { type: 'unit_status', unitId: 'A1', status: 'on_scene' },
    { type: 'unit_status', unitId: 'P1', status: 'on_scene' },
    { type: 'unit_status', unitId: 'A1', status: 'transporting' },
    { type: 'clear_units', incidentId: 'I1' },
    { type: 'close_incident', incidentId: 'I1', disposition: 'report_taken' },
  ]);
  const i = state.incidents.I1!;

  it('derives the incident status from its units at each step', () => {
    const statuses = events.filter((e) => e.type === 'incident.status_changed').map((e) => e.to);
    expect(statuses).toEqual(['dispatched', 'en_route', 'on_scene', 'cleared']);
    expect(i.status).toBe('closed');
    expect(i.disposition).toBe('report_taken');
  });

  it('records first-unit milestones and frees the units', () => {
    expect(i.milestones).toMatchObject({
      receivedAt: T0,
      firstDispatchedAt: T0 + 60_000,
      firstEnRouteAt: T0 + 180_000,
      firstOnSceneAt: T0 + 240_000,
      clearedAt: T0 + 420_000,
      closedAt: T0 + 480_000,
    });
    expect(state.units.P1).toMatchObject({ status: 'available', incidentId: null });
    expect(state.units.A1).toMatchObject({ status: 'available', incidentId: null });
    expect(checkBoardInvariants(state)).toEqual([]);
  });

  it('keeps the complete timeline and rebuilds the same state from it', () => {
    expect(i.timeline.map((e) => e.type)).toContain('unit.cleared');
    expect(replay(UNITS, events)).toEqual(state);
  });
});

describe('board: refusals', () => {
  const { state } = run([create('I1'), { type: 'assign_unit', incidentId: 'I1', unitId: 'P1' }]);
  const onScene = run([{ type: 'unit_status', unitId: 'P1', status: 'on_scene' }], state).state;

  it('refuses to close an incident with units on scene, listing the allowed states', () => {
    const e = refusal(onScene, { type: 'close_incident', incidentId: 'I1', disposition: 'advised' });
    expect(e.code).toBe('dispatch.illegal_transition');
    expect(e.status).toBe(409);
    expect(e.details).toMatchObject({ from: 'on_scene', to: 'closed', kind: 'command', allowed: [] });
    const q = refusal(state, { type: 'queue_incident', incidentId: 'I1' });
    expect(q.details).toMatchObject({ from: 'dispatched', to: 'queued', allowed: ['cancelled'] });
  });

  it('refuses a unit already committed elsewhere', () => {
    const s = run([create('I2', 'THEFT')], state).state;
    const e = refusal(s, { type: 'assign_unit', incidentId: 'I2', unitId: 'P1' });
    expect(e.code).toBe('dispatch.unit_busy');
    expect(e.details).toMatchObject({ unitId: 'P1', incidentId: 'I1' });
  });

  it('refuses off duty while assigned, and incident statuses without an incident', () => {
    expect(refusal(state, { type: 'unit_status', unitId: 'P1', status: 'off_duty' }).code).toBe(
      'dispatch.illegal_transition',
    );
    expect(refusal(state, { type: 'unit_status', unitId: 'P2', status: 'on_scene' }).code).toBe(
      'dispatch.unit_not_assigned',
    );
  });

  it('requires reasons for cancel and for priority overrides', () => {
    expect(refusal(state, { type: 'cancel_incident', incidentId: 'I1', reason: '' }).code).toBe(
      'dispatch.reason_required',
    );
    expect(refusal(state, { type: 'cancel_incident', incidentId: 'I1', reason: 'other' }).code).toBe(
      'dispatch.reason_required',
    );
    expect(refusal(state, { type: 'change_priority', incidentId: 'I1', priority: 3 }).code).toBe(
      'dispatch.reason_required',
    );
    expect(refusal(state, { ...create('I9'), priority: 2 }).code).toBe('dispatch.reason_required');
    expect(() =>
      run([{ ...create('I9'), priority: 2, priorityReason: 'caller says minor' }], state),
    ).not.toThrow();
  });

  it('refuses dispositions that need an arrival before anyone arrived', () => {
    const s = run([create('I3', 'THEFT')], state).state;
    const e = refusal(s, { type: 'close_incident', incidentId: 'I3', disposition: 'arrest' });
    expect(e.code).toBe('dispatch.disposition_invalid');
    expect(() =>
      run([{ type: 'close_incident', incidentId: 'I3', disposition: 'advised' }], s),
    ).not.toThrow();
  });

  it('refuses unknown types and unknown ids', () => {
    expect(refusal(state, create('I4', 'NOPE')).code).toBe('dispatch.unknown_incident_type');
    expect(refusal(state, { type: 'assign_unit', incidentId: 'I1', unitId: 'X' }).code).toBe(
      'dispatch.unit_not_found',
    );
    expect(refusal(state, { type: 'queue_incident', incidentId: 'X' }).code).toBe(
      'dispatch.incident_not_found',
    );
  });
});

describe('board: cancel, release, reassign, merge', () => {
  it('cancelling releases every unit', () => {
    const { state } = run([
      create('I1'),
      { type: 'assign_unit', incidentId: 'I1', unitId: 'P1' },
      { type: 'unit_status', unitId: 'P1', status: 'en_route' },
      { type: 'cancel_incident', incidentId: 'I1', reason: 'caller_cancelled' },
    ]);
    expect(state.incidents.I1!.status).toBe('cancelled');
    expect(state.units.P1).toMatchObject({ status: 'available', incidentId: null });
    expect(checkBoardInvariants(state)).toEqual([]);
  });

  it('releasing the only unit before arrival puts the incident back in the queue', () => {
    const { state } = run([
      create('I1'),
      { type: 'assign_unit', incidentId: 'I1', unitId: 'P1' },
      { type: 'release_unit', incidentId: 'I1', unitId: 'P1', reason: 'needed elsewhere' },
    ]);
    expect(state.incidents.I1!.status).toBe('queued');
  });

  it('reassigning diverts a unit to a more urgent incident', () => {
    const { state } = run([
      create('I1', 'THEFT'),
      create('I2', 'ROBBERY_IN_PROGRESS'),
      { type: 'assign_unit', incidentId: 'I1', unitId: 'P1' },
      { type: 'unit_status', unitId: 'P1', status: 'en_route' },
      { type: 'reassign_unit', unitId: 'P1', toIncidentId: 'I2' },
    ]);
    expect(state.incidents.I1!.status).toBe('queued');
    expect(state.incidents.I2!.status).toBe('dispatched');
    expect(state.units.P1).toMatchObject({ status: 'dispatched', incidentId: 'I2' });
    expect(checkBoardInvariants(state)).toEqual([]);
  });

  it('merging moves units and callers to the master and closes the duplicate', () => {
    const { state } = run([
      { ...create('I1'), callId: 'C1' },
      { ...create('I2'), callId: 'C2' },
      { type: 'assign_unit', incidentId: 'I2', unitId: 'P2' },
      { type: 'unit_status', unitId: 'P2', status: 'on_scene' },
      { type: 'merge_incident', incidentId: 'I2', intoIncidentId: 'I1' },
    ]);
    expect(state.incidents.I2).toMatchObject({
      status: 'closed',
      disposition: 'duplicate',
      mergedInto: 'I1',
    });
    expect(state.incidents.I1).toMatchObject({ status: 'on_scene', callIds: ['C1', 'C2'] });
    expect(state.units.P2).toMatchObject({ status: 'on_scene', incidentId: 'I1' });
    expect(checkBoardInvariants(state)).toEqual([]);
  });

  it('stamps a late command no earlier than the timeline it extends', () => {
    const s = run([create('I1')]).state;
    const d = decide(s, { type: 'assign_unit', incidentId: 'I1', unitId: 'P1', at: T0 - 5_000 }, ctx);
    expect(d.events[0]!.at).toBe(T0);
  });

  it('ignores a repeated status press', () => {
    const s = run([create('I1'), { type: 'assign_unit', incidentId: 'I1', unitId: 'P1' }]).state;
    expect(
      decide(s, { type: 'unit_status', unitId: 'P1', status: 'dispatched', at: T0 + 1e6 }, ctx).events,
    ).toEqual([]);
    expect(isDispatchError(new Error('x'))).toBe(false);
  });
});
