import { sql } from 'kysely';
import { type Actor, systemActor } from '../../core/identity/actor.ts';
import type { CoreServices } from '../../core/module.ts';
import { offsetMinutesAt } from '../../core/time/zoned-time.ts';
import { assignUnit } from './assignment.service.ts';
import { ingestAvl } from './avl.service.ts';
import { createCall } from './call.service.ts';
import { ensureDefaultCatalogue } from './catalogue.service.ts';
import { type DispatchContext, dispatchContext } from './context.ts';
import { DEFAULT_AVL_POLICY } from './domain/avl.ts';
import {
  DEFAULT_HOURLY_PROFILE,
  type Hotspot,
  type SimulationArea,
  simulateCalls,
  type TypeMix,
} from './domain/call-simulator.ts';
import { createRng } from './domain/rng.ts';
import { simulateMovement } from './domain/unit-movement.ts';
import { transitionIncident } from './incident.service.ts';
import { recommendForIncident } from './recommend.service.ts';
import { setUnitStatus } from './unit-status.service.ts';
import { queryUnits } from './views.ts';

/** What `haven simulate` runs. */
export interface SimulationOptions {
  callsPerMinute: number;
  minutes: number;
  seed?: number;
  /** Time compression of unit movements and scene times (2 = twice as fast); calls keep real time. */
  speed?: number;
  log?: (line: string) => void;
  /** Stops early when aborted. */
  signal?: AbortSignal;
}

/** Counters of a run. */
export interface SimulationReport {
  calls: number;
  referrals: number;
  dispatched: number;
  arrivals: number;
  closed: number;
  fixes: number;
  errors: number;
}

const CATEGORY_WEIGHT: Record<string, number> = {
  crime: 3,
  traffic: 3,
  dispute: 2.5,
  public_order: 2,
  medical: 2,
  assistance: 1.5,
  hazard: 0.7,
  fire: 0.5,
  non_emergency: 2,
};

/** Weighted type mix over the active catalogue: common categories more often, mass events rarely. */
function typeMix(ctx: DispatchContext): TypeMix {
  return ctx.catalogue.list(false).map((t) => ({
    typeCode: t.code,
    weight: (CATEGORY_WEIGHT[t.category] ?? 1) * (t.defaultPriority === 1 ? 0.4 : 1),
  }));
}

/** Calls per hour so that the window's mean rate under the daily profile is `perMinute`. */
function hourlyRate(perMinute: number, start: number, end: number): number {
  let sum = 0;
  let n = 0;
  for (let t = start; t < end || n === 0; t += 600_000, n++)
    sum += DEFAULT_HOURLY_PROFILE[new Date(t + 8 * 3_600_000).getUTCHours()]!;
  return (perMinute * 60) / (sum / n);
}

async function servedArea(ctx: DispatchContext): Promise<SimulationArea> {
  const res = await sql<{
    bbox: number[] | null;
  }>`SELECT bbox FROM jurisdictions WHERE parent_id IS NULL AND bbox IS NOT NULL LIMIT 1`.execute(
    ctx.database.db,
  );
  const b = res.rows[0]?.bbox;
  return { bbox: b && b.length === 4 ? [b[0]!, b[1]!, b[2]!, b[3]!] : [113.8, 22.5, 114.1, 22.74] };
}

type Job = { at: number; run: () => Promise<void> };

/**
 * Drives the system like a busy shift, through the same services the API uses: calls with a
 * time-of-day profile around a few hotspots; a dispatcher sending the recommended units; units
 * acknowledging, driving their road route (AVL fixes every few seconds), working the scene and
 * clearing; incidents closed afterwards. Idle units report their position so they stay eligible.
 */
export async function runSimulation(
  ctx: DispatchContext,
  opts: SimulationOptions,
): Promise<SimulationReport> {
  const seed = opts.seed ?? 1;
  const speed = opts.speed ?? 1;
  const log = opts.log ?? (() => undefined);
  const rng = createRng(seed);
  const report: SimulationReport = {
    calls: 0,
    referrals: 0,
    dispatched: 0,
    arrivals: 0,
    closed: 0,
    fixes: 0,
    errors: 0,
  };
  const operator: Actor = { ...systemActor('simulator'), console: 'simulator' };
  // Compressed time makes units look faster than any car: scale the plausibility check with it.
  const avlPolicy = {
    ...DEFAULT_AVL_POLICY,
    maxPlausibleSpeedKmh: (DEFAULT_AVL_POLICY.maxPlausibleSpeedKmh ?? 300) * Math.max(1, speed),
  };
  const area = await servedArea(ctx);
  const [w, s, e, n] = (area as { bbox: [number, number, number, number] }).bbox;
  const hotspots: Hotspot[] = [0, 1, 2].map(() => ({
    center: { lon: w + (0.2 + 0.6 * rng.next()) * (e - w), lat: s + (0.2 + 0.6 * rng.next()) * (n - s) },
    sigmaMetres: 600,
    weight: 1,
  }));
  const start = Date.now();
  const end = start + opts.minutes * 60_000;
  const calls = simulateCalls({
    seed,
    start,
    end,
    callsPerHour: hourlyRate(opts.callsPerMinute, start, end),
    // The time-of-day profile follows the served area's clock.
    utcOffsetMinutes: offsetMinutesAt(start, ctx.timeZone),
    area,
    hotspots,
    backgroundWeight: 1.5,
    typeMix: typeMix(ctx),
  });
  log(`Simulating ${calls.length} calls over ${opts.minutes} min (seed ${seed}, movement speed x${speed}).`);
  const jobs: Job[] = calls.map((c) => ({ at: c.at, run: () => takeCall(c.location, c.typeCode) }));
  const schedule = (at: number, run: () => Promise<void>) => jobs.push({ at, run });
  const guard = async (what: () => Promise<void>) => {
    try {
      await what();
    } catch {
      report.errors++; // a unit taken meanwhile, an incident already closed: the shift goes on
    }
  };

  async function takeCall(location: { lon: number; lat: number }, typeCode: string): Promise<void> {
    const type = ctx.catalogue.type(typeCode);
    const referral = type.nonEmergency && rng.next() < 0.5;
    const res = await createCall(ctx, operator, {
      idempotencyKey: `sim-${seed}-${start}-${report.calls}`,
      ...location,
      typeCode,
      narrative: 'Simulated call',
      ...(referral ? { handling: 'referral' as const } : {}),
    });
    report.calls++;
    if (referral) report.referrals++;
    if (res.incident)
      schedule(Date.now() + (5_000 + rng.next() * 15_000) / speed, () => dispatch(res.incident!.id));
  }

  async function dispatch(incidentId: string): Promise<void> {
    const rec = await recommendForIncident(ctx, operator, incidentId);
    for (const unitId of rec.recommendedUnitIds) {
      await guard(async () => {
        await assignUnit(ctx, operator, incidentId, { unitId });
        report.dispatched++;
        schedule(Date.now() + (3_000 + rng.next() * 10_000) / speed, () => drive(unitId, incidentId));
      });
    }
  }

  async function drive(unitId: string, incidentId: string): Promise<void> {
    await setUnitStatus(ctx, operator, unitId, 'en_route');
    const [unit] = await queryUnits(ctx.database.db, sql`u.id = ${unitId}`, sql``);
    const [inc] = await sql<{
      lon: number;
      lat: number;
    }>`SELECT lon, lat FROM dispatch_incidents WHERE id = ${incidentId}`
      .execute(ctx.database.db)
      .then((r) => r.rows);
    const from =
      unit?.lon != null && unit.lat != null ? { lon: unit.lon, lat: unit.lat } : unit?.home_station;
    if (!from || !inc) return;
    const route = ctx.network.route(from, inc);
    const path = (
      route?.coordinates ?? [
        [from.lon, from.lat],
        [inc.lon, inc.lat],
      ]
    ).map(([lon, lat]) => ({ lon: lon!, lat: lat! }));
    const mps = route && route.seconds > 0 ? Math.max(1, route.metres / route.seconds) : 10;
    const now = Date.now();
    const fixes = simulateMovement({
      path,
      speedsMps: mps * speed,
      startAt: now,
      intervalSeconds: 5,
      noiseMetres: 5,
      seed: report.dispatched,
    });
    for (const f of fixes) {
      // Fix times are the real clock (scaled movement): the server refuses fixes from the future.
      schedule(f.at, () =>
        guard(async () => {
          const r = await ingestAvl(
            ctx,
            operator,
            [
              {
                unitId,
                lon: f.lon,
                lat: f.lat,
                at: new Date(Math.min(f.at, Date.now())).toISOString(),
                speedKmh: (f.speedMps / speed) * 3.6,
                heading: f.headingDeg,
              },
            ],
            avlPolicy,
          );
          report.fixes += r.accepted;
        }),
      );
    }
    const arrive = fixes[fixes.length - 1]!.at + 500;
    schedule(arrive, () =>
      guard(async () => {
        await setUnitStatus(ctx, operator, unitId, 'on_scene');
        report.arrivals++;
        schedule(Date.now() + (60_000 + rng.next() * 240_000) / speed, () => clear(unitId, incidentId));
      }),
    );
  }

  async function clear(unitId: string, incidentId: string): Promise<void> {
    await setUnitStatus(ctx, operator, unitId, 'available');
    const [row] = await sql<{
      status: string;
    }>`SELECT status FROM dispatch_incidents WHERE id = ${incidentId}`
      .execute(ctx.database.db)
      .then((r) => r.rows);
    if (row?.status === 'cleared') {
      await transitionIncident(ctx, operator, incidentId, {
        to: 'closed',
        disposition: 'report_taken',
        note: 'Simulated',
      });
      report.closed++;
    }
  }

  async function heartbeat(): Promise<void> {
    const idle = await queryUnits(ctx.database.db, sql`u.status = 'available' AND u.lon IS NOT NULL`, sql``);
    const now = new Date().toISOString();
    if (idle.length === 0) return;
    const r = await ingestAvl(
      ctx,
      operator,
      idle.map((u) => ({ unitId: u.id, lon: u.lon!, lat: u.lat!, at: now })),
      avlPolicy,
    );
    report.fixes += r.accepted;
  }

  let nextBeat = start;
  let nextLog = start + 30_000;
  while (Date.now() < end || jobs.some((j) => j.at <= end + 600_000)) {
    if (opts.signal?.aborted) break;
    const now = Date.now();
    if (now >= end && jobs.length === 0) break;
    if (now >= nextBeat) {
      await guard(heartbeat);
      nextBeat = now + 45_000;
    }
    jobs.sort((a, b) => a.at - b.at);
    while (jobs.length > 0 && jobs[0]!.at <= Date.now()) await guard(jobs.shift()!.run);
    if (now >= nextLog) {
      log(`${new Date().toISOString()} ${JSON.stringify(report)}`);
      nextLog = now + 30_000;
    }
    if (now >= end + 600_000) break; // units still on scene after ten minutes are left as they are
    await new Promise((r) => setTimeout(r, 200));
  }
  return report;
}

/** Runs the simulator on a node's services (the CLI: jurisdictions and catalogue loaded first). */
export async function simulateOn(services: CoreServices, opts: SimulationOptions): Promise<SimulationReport> {
  await services.jurisdictions.reload();
  await ensureDefaultCatalogue(services.database);
  return runSimulation(await dispatchContext(services), opts);
}
