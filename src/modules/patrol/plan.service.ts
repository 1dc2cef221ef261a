// Patrol plans (time windows and key places with required presence), scheduled routes with
// check-in points, and check-in compliance from posted unit tracks.
import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import type { Database } from '../../core/db/database.ts';
import { transact } from '../../core/db/transaction.ts';
import { invalid, notFound } from '../../core/errors.ts';
import { type Actor, inScope } from '../../core/identity/actor.ts';
import type { CoreServices } from '../../core/module.ts';
import { proposeCoverage } from './coverage.ts';
import { asProblem } from './errors.ts';
import './events.ts';
import type { TrackFix } from './domain/checkin.ts';
import { checkCompliance } from './domain/checkin.ts';
import { PATROL_READ } from './permissions.ts';
import { patrolScope } from './scope.ts';

/** A time window of a plan (weekday peaks, school start and end, market days). */
export interface PlanWindow {
  id: string;
  label: string;
  days: number[];
  start: string;
  end: string;
}

/** A key place to cover with required presence (minutes per window). */
export interface PlanPoint {
  id: string;
  name: string;
  lon: number;
  lat: number;
  radiusM: number;
  minutes: number;
  windowIds: string[];
}

/** A plan as written by a planner. */
export interface PlanInput {
  name: string;
  windows: PlanWindow[];
  points: PlanPoint[];
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

function checkPlan(p: PlanInput): void {
  const ids = new Set(p.windows.map((w) => w.id));
  if (ids.size !== p.windows.length) throw invalid('patrol.duplicate_window', 'Window ids must be unique');
  for (const w of p.windows) {
    if (minutesOf(w.end) <= minutesOf(w.start))
      throw invalid('patrol.bad_window', `Window ${w.label} must end after it starts`);
  }
  for (const pt of p.points) {
    const unknown = pt.windowIds.filter((w) => !ids.has(w));
    if (unknown.length > 0)
      throw invalid('patrol.unknown_window', `Point ${pt.name} names unknown windows: ${unknown.join(', ')}`);
  }
}

// The plan's jurisdiction: the deepest one holding all its points (the actor's own scope root otherwise).
function planPath(services: CoreServices, actor: Actor, points: readonly PlanPoint[]): string {
  const paths = points.map((p) => services.jurisdictions.locate(p.lon, p.lat)?.path ?? null);
  if (paths.some((p) => p === null))
    throw invalid('patrol.outside_area', 'Every point must lie inside the served area');
  let common = (paths[0] ?? actor.scopes[0] ?? '').split('.');
  for (const p of paths as string[]) {
    const parts = p.split('.');
    let k = 0;
    while (k < common.length && common[k] === parts[k]) k++;
    common = common.slice(0, k);
  }
  const path = common.join('.');
  if (!path || !inScope(actor, path)) throw notFound('Jurisdiction');
  return path;
}

// biome-ignore lint/suspicious/noExplicitAny: raw row
const planView = (r: any) => ({
  id: r.id as string,
  name: r.name as string,
  jurisdictionPath: r.path as string,
  windows: r.windows as PlanWindow[],
  points: r.points as PlanPoint[],
  version: r.version as number,
  updatedAt: new Date(r.updated_at).toISOString(),
});

/** Creates (no id) or replaces (id) a plan. */
export async function savePlan(services: CoreServices, actor: Actor, input: PlanInput, id?: string) {
  checkPlan(input);
  const path = planPath(services, actor, input.points);
  const planId = id ?? uuidv7();
  await transact(services.database, actor, async (tx) => {
    if (id) {
      const res =
        await sql`UPDATE patrol_plans SET name = ${input.name}, windows = ${JSON.stringify(input.windows)}::jsonb,
        points = ${JSON.stringify(input.points)}::jsonb, jurisdiction_path = ${path}::ltree, version = version + 1, updated_at = now()
        WHERE id = ${id}::uuid AND ${patrolScope(actor)}`.execute(tx.db);
      if (Number(res.numAffectedRows ?? 0) === 0) throw notFound('Plan');
    } else {
      await sql`INSERT INTO patrol_plans (id, name, jurisdiction_path, windows, points, created_by)
        VALUES (${planId}::uuid, ${input.name}, ${path}::ltree, ${JSON.stringify(input.windows)}::jsonb,
          ${JSON.stringify(input.points)}::jsonb, ${actor.name})`.execute(tx.db);
    }
    tx.audit({
      action: id ? 'patrol.plan.updated' : 'patrol.plan.created',
      targetType: 'patrol_plan',
      targetId: planId,
      jurisdictionPath: path,
    });
  });
  return getPlan(services.database, actor, planId);
}

/** One plan; 404 when missing or out of scope. */
export async function getPlan(database: Database, actor: Actor, id: string) {
  const res = await sql`SELECT id, name, jurisdiction_path::text AS path, windows, points, version, updated_at
    FROM patrol_plans WHERE id = ${id}::uuid AND ${patrolScope(actor)}`.execute(database.db);
  if (!res.rows[0]) throw notFound('Plan');
  return planView(res.rows[0]);
}

/** Plans visible to the actor. */
export async function listPlans(database: Database, actor: Actor) {
  const res = await sql`SELECT id, name, jurisdiction_path::text AS path, windows, points, version, updated_at
    FROM patrol_plans WHERE ${patrolScope(actor)} ORDER BY updated_at DESC LIMIT 200`.execute(database.db);
  return res.rows.map(planView);
}

/** A scheduled check-in (ISO times). */
export interface RouteCheckIn {
  id: string;
  lon: number;
  lat: number;
  radiusM: number;
  windowStart: string;
  windowEnd: string;
}

/** A scheduled patrol route for a unit. */
export interface RouteInput {
  name: string;
  unitCode: string;
  /** The dispatch unit whose AVL positions are recorded for compliance. */
  unitId?: string;
  planId?: string;
  checkIns: RouteCheckIn[];
  path?: [number, number][];
}

// biome-ignore lint/suspicious/noExplicitAny: raw row
const routeView = (r: any) => ({
  id: r.id as string,
  planId: r.plan_id as string | null,
  name: r.name as string,
  unitCode: r.unit_code as string,
  unitId: (r.unit_id as string | null) ?? null,
  jurisdictionPath: r.path as string,
  checkIns: r.check_ins as RouteCheckIn[],
  path: r.route_path as [number, number][] | null,
});

/** Schedules a route; every check-in must lie in the served area and have a window. */
export async function createRoute(services: CoreServices, actor: Actor, input: RouteInput) {
  for (const c of input.checkIns) {
    if (!(Date.parse(c.windowEnd) >= Date.parse(c.windowStart))) {
      throw invalid('patrol.bad_window', `Check-in ${c.id} must end after it starts`);
    }
  }
  const path = planPath(
    services,
    actor,
    input.checkIns.map((c) => ({ ...c, name: c.id, minutes: 0, windowIds: [] })),
  );
  if (input.planId) await getPlan(services.database, actor, input.planId);
  const id = uuidv7();
  await transact(services.database, actor, async (tx) => {
    await sql`INSERT INTO patrol_routes (id, plan_id, name, unit_code, unit_id, jurisdiction_path, check_ins, path, created_by)
      VALUES (${id}::uuid, ${input.planId ?? null}::uuid, ${input.name}, ${input.unitCode}, ${input.unitId ?? null}::uuid, ${path}::ltree,
        ${JSON.stringify(input.checkIns)}::jsonb, ${input.path ? JSON.stringify(input.path) : null}::jsonb, ${actor.name})`.execute(
      tx.db,
    );
    tx.audit({
      action: 'patrol.route.created',
      targetType: 'patrol_route',
      targetId: id,
      jurisdictionPath: path,
    });
  });
  return getRoute(services.database, actor, id);
}

/** One route; 404 when missing or out of scope. */
export async function getRoute(database: Database, actor: Actor, id: string) {
  const res =
    await sql`SELECT id, plan_id, name, unit_code, unit_id::text AS unit_id, jurisdiction_path::text AS path, check_ins, path AS route_path
    FROM patrol_routes WHERE id = ${id}::uuid AND ${patrolScope(actor)}`.execute(database.db);
  if (!res.rows[0]) throw notFound('Route');
  return routeView(res.rows[0]);
}

/** Routes visible to the actor. */
export async function listRoutes(database: Database, actor: Actor) {
  const res =
    await sql`SELECT id, plan_id, name, unit_code, unit_id::text AS unit_id, jurisdiction_path::text AS path, check_ins, path AS route_path
    FROM patrol_routes WHERE ${patrolScope(actor)} ORDER BY created_at DESC LIMIT 200`.execute(database.db);
  return res.rows.map(routeView);
}

/** Checks a posted unit track against a route; stores the record and alerts on misses. */
export async function submitTrack(
  database: Database,
  actor: Actor,
  routeId: string,
  input: {
    track: { time: string; lon: number; lat: number }[];
    offRouteThresholdM?: number;
    minOffRouteMs?: number;
  },
) {
  const route = await getRoute(database, actor, routeId);
  const track: TrackFix[] = input.track.map((f) => ({ time: Date.parse(f.time), lon: f.lon, lat: f.lat }));
  const report = await asProblem(() =>
    checkCompliance(
      {
        checkIns: route.checkIns.map((c) => ({
          ...c,
          windowStart: Date.parse(c.windowStart),
          windowEnd: Date.parse(c.windowEnd),
        })),
        path: route.path ?? undefined,
      },
      track,
      { offRouteThresholdM: input.offRouteThresholdM ?? 300, minOffRouteMs: input.minOffRouteMs ?? 120_000 },
    ),
  );
  const id = uuidv7();
  await transact(database, actor, async (tx) => {
    await sql`INSERT INTO patrol_compliance (id, route_id, jurisdiction_path, met, missed, deviations, report)
      VALUES (${id}::uuid, ${routeId}::uuid, ${route.jurisdictionPath}::ltree, ${report.met}, ${report.missed},
        ${report.deviations.length}, ${JSON.stringify(report)}::jsonb)`.execute(tx.db);
    tx.audit({
      action: 'patrol.compliance.recorded',
      targetType: 'patrol_route',
      targetId: routeId,
      jurisdictionPath: route.jurisdictionPath,
    });
    if (report.missed > 0 || report.deviations.length > 0) {
      tx.emit(
        'patrol.checkin.missed',
        { routeId, unitCode: route.unitCode, missed: report.missed, deviations: report.deviations.length },
        { jurisdictionPath: route.jurisdictionPath, permission: PATROL_READ },
      );
    }
  });
  return { id, routeId, ...report };
}

/** Compliance records visible to the actor, newest first, with route name and unit. */
export async function listCompliance(database: Database, actor: Actor) {
  const res = await sql<{
    id: string;
    route_id: string;
    name: string;
    unit_code: string;
    met: number;
    missed: number;
    deviations: number;
    computed_at: Date;
  }>`
    SELECT c.id, c.route_id, r.name, r.unit_code, c.met, c.missed, c.deviations, c.computed_at
    FROM patrol_compliance c JOIN patrol_routes r ON r.id = c.route_id
    WHERE ${patrolScope(actor, 'c.jurisdiction_path')} ORDER BY c.computed_at DESC LIMIT 500`.execute(
    database.db,
  );
  return res.rows.map((r) => ({
    id: r.id,
    routeId: r.route_id,
    routeName: r.name,
    unitCode: r.unit_code,
    met: r.met,
    missed: r.missed,
    deviations: r.deviations,
    computedAt: new Date(r.computed_at).toISOString(),
  }));
}

/** Proposes which units cover which places of a plan when, keeping `maxShare` of time for calls. */
export async function proposePlanCoverage(
  database: Database,
  actor: Actor,
  id: string,
  input: { units: string[]; maxShare?: number },
) {
  const plan = await getPlan(database, actor, id);
  const units = [...new Set(input.units.map((u) => u.trim()).filter(Boolean))];
  if (units.length === 0) throw invalid('patrol.no_units', 'Name at least one unit');
  return { planId: id, units, ...proposeCoverage(plan.windows, plan.points, units, input.maxShare ?? 0.5) };
}

const MARGIN_MS = 10 * 60_000;

/** Checks a route against the AVL positions recorded for its unit around the check-in windows. */
export async function checkRecordedTrack(database: Database, actor: Actor, routeId: string) {
  const route = await getRoute(database, actor, routeId);
  if (!route.unitId)
    throw invalid('patrol.no_unit', 'The route names no dispatch unit to take positions from');
  const from = Math.min(...route.checkIns.map((c) => Date.parse(c.windowStart))) - MARGIN_MS;
  const to = Math.max(...route.checkIns.map((c) => Date.parse(c.windowEnd))) + MARGIN_MS;
  const res = await sql<{ at: Date; lon: number; lat: number }>`SELECT at, lon, lat FROM patrol_unit_positions
    WHERE unit_id = ${route.unitId}::uuid AND at BETWEEN ${new Date(from).toISOString()}::timestamptz
      AND ${new Date(to).toISOString()}::timestamptz ORDER BY at`.execute(database.db);
  const track = res.rows.map((r) => ({
    time: new Date(r.at).toISOString(),
    lon: Number(r.lon),
    lat: Number(r.lat),
  }));
  return submitTrack(database, actor, routeId, { track });
}
