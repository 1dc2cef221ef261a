import { activeAssignments, type BoardState } from './board-model.ts';
import { deriveIncidentStatus, isIncidentOpen } from './incident-state.ts';
import { isIncidentBound } from './unit-status.ts';

/**
 * Every broken invariant of a board, as readable messages (empty when consistent). The service's
 * consistency check and the property tests use it:
 * a unit is on at most one active incident and its status matches that assignment; closed or
 * cancelled incidents hold no units; timelines never run backwards; an open incident's status is
 * the one its units imply; first-response milestones are in order.
 */
export function checkBoardInvariants(state: BoardState): string[] {
  const problems: string[] = [];
  const activeOf = new Map<string, string[]>();
  for (const i of Object.values(state.incidents)) {
    const active = activeAssignments(i);
    for (const a of active) activeOf.set(a.unitId, [...(activeOf.get(a.unitId) ?? []), i.id]);
    if (!isIncidentOpen(i.status) && active.length > 0) problems.push(`${i.id} is ${i.status} with units`);
    if (isIncidentOpen(i.status)) {
      const derived = deriveIncidentStatus(i.status, active, i.milestones.firstOnSceneAt !== null);
      if (derived !== i.status) problems.push(`${i.id} is ${i.status} but its units imply ${derived}`);
    }
    for (let k = 1; k < i.timeline.length; k++) {
      if (i.timeline[k]!.at < i.timeline[k - 1]!.at) problems.push(`${i.id} timeline runs backwards at ${k}`);
    }
    const last = i.timeline[i.timeline.length - 1];
    if (last && last.at !== i.lastAt) problems.push(`${i.id} lastAt differs from its timeline`);
    const m = i.milestones;
    const order: [string, number | null][] = [
      ['receivedAt', m.receivedAt],
      ['firstDispatchedAt', m.firstDispatchedAt],
      ['firstOnSceneAt', m.firstOnSceneAt],
    ];
    let prev = Number.NEGATIVE_INFINITY;
    for (const [name, t] of order) {
      if (t === null) continue;
      if (t < prev) problems.push(`${i.id} ${name} is before an earlier milestone`);
      prev = t;
    }
    if (
      m.firstEnRouteAt !== null &&
      (m.firstDispatchedAt === null || m.firstEnRouteAt < m.firstDispatchedAt)
    ) {
      problems.push(`${i.id} firstEnRouteAt before dispatch`);
    }
  }
  for (const u of Object.values(state.units)) {
    const on = activeOf.get(u.id) ?? [];
    if (on.length > 1) problems.push(`${u.id} is active on ${on.join(', ')}`);
    if ((u.incidentId !== null) !== isIncidentBound(u.status)) {
      problems.push(`${u.id} status ${u.status} disagrees with incident ${u.incidentId}`);
    }
    if (u.incidentId !== null) {
      const a = state.incidents[u.incidentId]?.assignments.find(
        (x) => x.unitId === u.id && x.endedAt === null,
      );
      if (!a) problems.push(`${u.id} points at ${u.incidentId} without an active assignment`);
      else if (a.status !== u.status)
        problems.push(`${u.id} is ${u.status} but its assignment is ${a.status}`);
    } else if (on.length > 0) {
      problems.push(`${u.id} is free but active on ${on.join(', ')}`);
    }
  }
  return problems;
}
