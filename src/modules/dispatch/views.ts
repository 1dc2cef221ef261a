import { type RawBuilder, sql } from 'kysely';
import type { Tx } from '../../core/db/transaction.ts';
import type {
  AssignmentView,
  IncidentSummary,
  TimelineEntry,
  TimerView,
  UnitView,
} from './dispatch-events.ts';
import { isPositionStale } from './domain/avl.ts';
import type { AssignmentStatus, IncidentStatus } from './domain/incident-state.ts';
import type { IncidentCatalogue } from './domain/incident-type.ts';
import { shiftState } from './domain/shifts.ts';
import type { Priority, TimerThresholds } from './domain/timer-thresholds.ts';
import { evaluateTimers } from './domain/timers.ts';
import { UNIT_KINDS, type UnitKind } from './domain/unit-kinds.ts';
import { allowedUnitTransitions, type UnitStatus } from './domain/unit-status.ts';

// biome-ignore lint/suspicious/noExplicitAny: the pool or a transaction, untyped tables
export type Db = Tx['db'] | import('kysely').Kysely<any>;

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);
const ms = (d: Date | null): number | null => (d ? d.getTime() : null);
const ACTIVE = sql.raw(`('dispatched', 'en_route', 'on_scene', 'transporting')`);

/** An active assignment as embedded in an incident row (JSON from the database). */
interface ActiveJson {
  unitId: string;
  status: AssignmentStatus;
  dispatchedAt: string;
  enRouteAt: string | null;
  onSceneAt: string | null;
  lastCheckInAt: string | null;
}

/** An incident row with its jurisdiction's names and active assignments. */
export interface IncidentRow {
  id: string;
  number: string;
  status: IncidentStatus;
  type_code: string;
  priority: Priority;
  alarm_level: number;
  lon: number;
  lat: number;
  address: string | null;
  h3: string;
  jurisdiction_id: string;
  path: string;
  beat_code: string | null;
  name_zh: string | null;
  name_en: string | null;
  hazards: string[];
  call_count: number;
  received_at: Date;
  dispatched_at: Date | null;
  en_route_at: Date | null;
  on_scene_at: Date | null;
  cleared_at: Date | null;
  closed_at: Date | null;
  cancelled_at: Date | null;
  disposition: string | null;
  cancel_reason: string | null;
  last_at: Date;
  updated_at: Date;
  active: ActiveJson[];
}

/** Incidents matching `where` (alias `i`), with `tail` appended (ORDER BY, LIMIT, FOR UPDATE OF i). */
export async function queryIncidents(
  db: Db,
  where: RawBuilder<unknown>,
  tail: RawBuilder<unknown> = sql``,
): Promise<IncidentRow[]> {
  const res = await sql<IncidentRow>`
    SELECT i.id, i.number::text AS number, i.status, i.type_code, i.priority, i.alarm_level, i.lon, i.lat,
      i.address, i.h3, i.jurisdiction_id, i.jurisdiction_path::text AS path, i.beat_code, j.name_zh, j.name_en,
      i.hazards, i.call_count, i.received_at, i.dispatched_at, i.en_route_at, i.on_scene_at, i.cleared_at,
      i.closed_at, i.cancelled_at, i.disposition, i.cancel_reason, i.last_at, i.updated_at,
      coalesce((SELECT json_agg(json_build_object('unitId', a.unit_id, 'status', a.status,
          'dispatchedAt', a.dispatched_at, 'enRouteAt', a.en_route_at, 'onSceneAt', a.on_scene_at,
          'lastCheckInAt', a.last_check_in_at) ORDER BY a.dispatched_at, a.id)
        FROM dispatch_assignments a WHERE a.incident_id = i.id AND a.status IN ${ACTIVE}), '[]'::json) AS active
    FROM dispatch_incidents i LEFT JOIN jurisdictions j ON j.id = i.jurisdiction_id
    WHERE ${where} ${tail}`.execute(db);
  return res.rows;
}

/** The public number of an incident from its sequence value: I-000042. */
export function incidentNumber(sequence: string): string {
  return `I-${sequence.padStart(6, '0')}`;
}

/** Every timer of the incident at `now` (running and stopped). */
export function incidentTimers(row: IncidentRow, now: number, thresholds: TimerThresholds) {
  return evaluateTimers(
    {
      status: row.status,
      priority: row.priority,
      milestones: {
        receivedAt: row.received_at.getTime(),
        firstDispatchedAt: ms(row.dispatched_at),
        firstEnRouteAt: ms(row.en_route_at),
        firstOnSceneAt: ms(row.on_scene_at),
        clearedAt: ms(row.cleared_at),
        closedAt: ms(row.closed_at),
        cancelledAt: ms(row.cancelled_at),
      },
      assignments: row.active.map((a) => ({
        unitId: a.unitId,
        status: a.status,
        dispatchedAt: Date.parse(a.dispatchedAt),
        enRouteAt: a.enRouteAt ? Date.parse(a.enRouteAt) : null,
        onSceneAt: a.onSceneAt ? Date.parse(a.onSceneAt) : null,
        lastCheckInAt: a.lastCheckInAt ? Date.parse(a.lastCheckInAt) : null,
      })),
    },
    now,
    thresholds,
  );
}

/** The API shape of an incident, with its running timers evaluated at `now`. */
export function incidentSummary(
  row: IncidentRow,
  catalogue: IncidentCatalogue,
  thresholds: TimerThresholds,
  now: number,
): IncidentSummary {
  const type = catalogue.get(row.type_code);
  const timers: TimerView[] = incidentTimers(row, now, thresholds)
    .filter((t) => t.running)
    .map((t) => ({
      timer: t.timer,
      unitId: t.unitId,
      startedAt: new Date(t.startedAt).toISOString(),
      elapsedSeconds: Math.round(t.elapsedSeconds),
      level: t.level,
      warnSeconds: (t.warnAt - t.startedAt) / 1000,
      alertSeconds: (t.alertAt - t.startedAt) / 1000,
    }));
  return {
    id: row.id,
    number: incidentNumber(row.number),
    status: row.status,
    typeCode: row.type_code,
    typeName: type?.name ?? { zh: row.type_code, en: row.type_code },
    category: type?.category ?? 'unknown',
    priority: row.priority,
    alarmLevel: row.alarm_level,
    lon: row.lon,
    lat: row.lat,
    address: row.address,
    h3: row.h3,
    jurisdictionPath: row.path,
    beatCode: row.beat_code,
    jurisdictionName: row.name_zh !== null ? { zh: row.name_zh, en: row.name_en ?? row.name_zh } : null,
    hazards: row.hazards ?? [],
    callCount: row.call_count,
    assignedUnitIds: row.active.map((a) => a.unitId),
    receivedAt: row.received_at.toISOString(),
    dispatchedAt: iso(row.dispatched_at),
    enRouteAt: iso(row.en_route_at),
    onSceneAt: iso(row.on_scene_at),
    clearedAt: iso(row.cleared_at),
    closedAt: iso(row.closed_at),
    disposition: row.disposition,
    cancelReason: row.cancel_reason,
    timers,
    overdue: timers.some((t) => t.level !== 'ok'),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** An assignment row joined with the unit's call sign. */
export interface AssignmentRow {
  id: string;
  incident_id: string;
  unit_id: string;
  call_sign: string;
  status: AssignmentStatus;
  mutual_aid: boolean;
  dispatched_at: Date;
  acknowledged_at: Date | null;
  en_route_at: Date | null;
  on_scene_at: Date | null;
  cleared_at: Date | null;
  released_at: Date | null;
  release_reason: string | null;
  last_check_in_at: Date | null;
  dispatched_by: string;
  eta_seconds: number | null;
  path: string;
}

/** Assignments matching `where` (alias `a`, unit `u`), oldest first. */
export async function queryAssignments(db: Db, where: RawBuilder<unknown>): Promise<AssignmentRow[]> {
  const res = await sql<AssignmentRow>`
    SELECT a.id, a.incident_id, a.unit_id, u.call_sign, a.status, a.mutual_aid, a.dispatched_at,
      a.acknowledged_at, a.en_route_at, a.on_scene_at, a.cleared_at, a.released_at, a.release_reason,
      a.last_check_in_at, a.dispatched_by, a.eta_seconds, a.jurisdiction_path::text AS path
    FROM dispatch_assignments a JOIN dispatch_units u ON u.id = a.unit_id
    WHERE ${where} ORDER BY a.dispatched_at, a.id`.execute(db);
  return res.rows;
}

/** The API shape of an assignment. */
export function assignmentView(r: AssignmentRow): AssignmentView {
  return {
    id: r.id,
    incidentId: r.incident_id,
    unitId: r.unit_id,
    callSign: r.call_sign,
    status: r.status,
    active: r.status !== 'cleared' && r.status !== 'released',
    mutualAid: r.mutual_aid,
    dispatchedAt: r.dispatched_at.toISOString(),
    acknowledgedAt: iso(r.acknowledged_at),
    enRouteAt: iso(r.en_route_at),
    onSceneAt: iso(r.on_scene_at),
    clearedAt: iso(r.cleared_at),
    releasedAt: iso(r.released_at),
    releaseReason: r.release_reason,
    lastCheckInAt: iso(r.last_check_in_at),
    dispatchedBy: r.dispatched_by,
    etaSeconds: r.eta_seconds,
  };
}

/** A unit row with its active assignment. */
export interface UnitRow {
  id: string;
  call_sign: string;
  kind: UnitKind;
  capabilities: string[];
  extra_capabilities: string[];
  status: UnitStatus;
  jurisdiction_id: string;
  path: string;
  home_station: { name: string; lon: number; lat: number } | null;
  shifts: UnitView['shifts'];
  device_user_id: string | null;
  current_incident_id: string | null;
  assignment_id: string | null;
  lon: number | null;
  lat: number | null;
  position_at: Date | null;
  speed_kmh: number | null;
  heading: number | null;
  updated_at: Date;
}

/** Units matching `where` (alias `u`), with `tail` appended. */
export async function queryUnits(
  db: Db,
  where: RawBuilder<unknown>,
  tail: RawBuilder<unknown> = sql`ORDER BY u.call_sign`,
): Promise<UnitRow[]> {
  const res = await sql<UnitRow>`
    SELECT u.id, u.call_sign, u.kind, u.capabilities, u.extra_capabilities, u.status, u.jurisdiction_id,
      u.jurisdiction_path::text AS path, u.home_station, u.shifts, u.device_user_id, u.current_incident_id,
      (SELECT a.id FROM dispatch_assignments a WHERE a.unit_id = u.id AND a.status IN ${ACTIVE} LIMIT 1)
        AS assignment_id,
      u.lon, u.lat, u.position_at, u.speed_kmh, u.heading, u.updated_at
    FROM dispatch_units u WHERE ${where} ${tail}`.execute(db);
  return res.rows;
}

/**
 * Where the unit is for routing, and whether that is stale: its latest fix while fresh; a unit in
 * quarters without a fresh fix is at its home station (known, not stale).
 */
export function effectivePosition(
  u: UnitRow,
  now: number,
): { position: { lon: number; lat: number } | null; stale: boolean } {
  const fixAt = ms(u.position_at);
  const fresh = !isPositionStale(fixAt, now);
  if (fresh && u.lon !== null && u.lat !== null)
    return { position: { lon: u.lon, lat: u.lat }, stale: false };
  if (u.status === 'at_station' && u.home_station) {
    return { position: { lon: u.home_station.lon, lat: u.home_station.lat }, stale: false };
  }
  if (u.lon !== null && u.lat !== null) return { position: { lon: u.lon, lat: u.lat }, stale: true };
  // Never reported: last known at its station (flagged stale, so not recommended on a guess).
  if (u.home_station) return { position: { lon: u.home_station.lon, lat: u.home_station.lat }, stale: true };
  return { position: null, stale: true };
}

/** The API shape of a unit at `now` (shift times read in `timeZone`). */
export function unitView(u: UnitRow, now: number, timeZone: string): UnitView {
  const shift = shiftState(u.shifts ?? [], new Date(now), timeZone);
  return {
    id: u.id,
    callSign: u.call_sign,
    kind: u.kind,
    kindName: UNIT_KINDS[u.kind]?.name ?? { zh: u.kind, en: u.kind },
    capabilities: u.capabilities,
    status: u.status,
    onDuty: u.status !== 'off_duty' && shift.onShift,
    onShift: shift.onShift,
    shiftChangesAt: shift.until ? shift.until.toISOString() : null,
    allowed: [...allowedUnitTransitions(u.status)],
    jurisdictionPath: u.path,
    homeStation: u.home_station,
    shifts: u.shifts ?? [],
    incidentId: u.current_incident_id,
    assignmentId: u.assignment_id,
    position:
      u.lon !== null && u.lat !== null && u.position_at
        ? {
            lon: u.lon,
            lat: u.lat,
            at: u.position_at.toISOString(),
            speedKmh: u.speed_kmh,
            heading: u.heading,
          }
        : null,
    positionStale: effectivePosition(u, now).stale,
    deviceUserId: u.device_user_id,
    updatedAt: u.updated_at.toISOString(),
  };
}

/** A timeline row. */
export interface TimelineRow {
  id: string;
  at: Date;
  kind: string;
  text: string;
  unit_id: string | null;
  actor_name: string;
  console: string | null;
  details: Record<string, unknown>;
}

/** The API shape of a timeline row. */
export function timelineView(r: TimelineRow): TimelineEntry {
  return {
    id: r.id,
    at: r.at.toISOString(),
    kind: r.kind,
    text: r.text,
    unitId: r.unit_id,
    actorName: r.actor_name,
    console: r.console,
    details: r.details ?? {},
  };
}
