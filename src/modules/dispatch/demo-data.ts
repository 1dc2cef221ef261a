import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import { transact } from '../../core/db/transaction.ts';
import { systemActor } from '../../core/identity/actor.ts';
import { assignUnit } from './assignment.service.ts';
import { createCall } from './call.service.ts';
import type { DispatchContext } from './context.ts';
import { type UnitKind, unitCapabilities } from './domain/unit-kinds.ts';

interface DemoUnit {
  callSign: string;
  kind: string;
  jurisdictionCode: string;
  station: { name: string; lon: number; lat: number };
}

const TOWNSHIPS = [
  { code: '990101001', prefix: 'DH', name: '东湖派出所 Donghu station', lon: 113.85 },
  { code: '990101002', prefix: 'XS', name: '西山派出所 Xishan station', lon: 113.95 },
  { code: '990101003', prefix: 'NG', name: '南港派出所 Nangang station', lon: 114.05 },
];

/** The deterministic demo fleet of docs/api/dispatch.md. */
export function demoUnits(): DemoUnit[] {
  const out: DemoUnit[] = [];
  for (const t of TOWNSHIPS) {
    const station = (dLon: number, dLat: number, suffix = '') => ({
      name: `${t.name}${suffix}`,
      lon: Math.round((t.lon + dLon) * 1e6) / 1e6,
      lat: Math.round((22.62 + dLat) * 1e6) / 1e6,
    });
    const patrolSpots: [number, number][] = [
      [-0.02, -0.06],
      [0.02, -0.02],
      [-0.02, 0.02],
      [0.02, 0.06],
    ];
    patrolSpots.forEach(([x, y], i) => {
      out.push({
        callSign: `${t.prefix}-P0${i + 1}`,
        kind: 'patrol_car',
        jurisdictionCode: t.code,
        station: station(x, y, ` ${i + 1}`),
      });
    });
    out.push({
      callSign: `${t.prefix}-M01`,
      kind: 'motorcycle',
      jurisdictionCode: t.code,
      station: station(0, 0),
    });
    out.push({
      callSign: `${t.prefix}-T01`,
      kind: 'traffic',
      jurisdictionCode: t.code,
      station: station(0.01, -0.04, ' traffic'),
    });
    out.push({
      callSign: `${t.prefix}-A01`,
      kind: 'ambulance',
      jurisdictionCode: t.code,
      station: station(-0.01, 0.04, ' EMS'),
    });
    out.push({
      callSign: `${t.prefix}-C01`,
      kind: 'community_police',
      jurisdictionCode: t.code,
      station: station(-0.01, -0.02, ' community'),
    });
    out.push({
      callSign: `${t.prefix}-F01`,
      kind: 'fire_engine',
      jurisdictionCode: t.code,
      station: station(0.01, 0.0, ' fire'),
    });
  }
  const county = (callSign: string, kind: string, dLon: number, dLat: number) =>
    out.push({
      callSign,
      kind,
      jurisdictionCode: '990101',
      station: {
        name: '县局 County HQ',
        lon: Math.round((113.95 + dLon) * 1e6) / 1e6,
        lat: Math.round((22.62 + dLat) * 1e6) / 1e6,
      },
    });
  county('CTY-J01', 'joint_armed_patrol', -0.05, 0);
  county('CTY-J02', 'joint_armed_patrol', 0.05, 0);
  county('CTY-S01', 'supervisor', 0, 0.01);
  county('CTY-K01', 'k9', 0, -0.01);
  county('CTY-L01', 'aerial_ladder', 0.01, 0.01);
  county('CTY-R01', 'rescue', -0.01, -0.01);
  county('CTY-H01', 'hazmat', 0.01, -0.01);
  return out;
}

/** Loads the demo units (at their stations) and a few incidents, open and closed. */
export async function seedDemoDispatch(ctx: DispatchContext): Promise<void> {
  const actor = systemActor('demo');
  const j = await sql<{
    id: string;
    code: string;
  }>`SELECT id, code FROM jurisdictions WHERE level IN ('county', 'township')`.execute(ctx.database.db);
  const ids = new Map(j.rows.map((r) => [r.code, r.id]));
  if (!ids.has('990101')) return; // not the demo county
  const device = await sql<{ id: string }>`SELECT id FROM users WHERE lower(username) = 'unit'`.execute(
    ctx.database.db,
  );
  const unitIds = new Map<string, string>();
  // One transaction for the whole fleet: demo loading stays quick.
  await transact(ctx.database, actor, async (tx) => {
    const rows = demoUnits().map((u) => {
      const id = uuidv7();
      unitIds.set(u.callSign, id);
      const j = ctx.jurisdictions.byId(ids.get(u.jurisdictionCode)!)!;
      return {
        id,
        call_sign: u.callSign,
        kind: u.kind,
        extra_capabilities: '{}',
        capabilities: `{${unitCapabilities(u.kind as UnitKind).join(',')}}`,
        status: 'at_station',
        jurisdiction_id: j.id,
        jurisdiction_path: j.path,
        home_station: JSON.stringify(u.station),
        shifts: JSON.stringify([{ days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '23:59' }]),
        device_user_id: u.callSign === 'DH-P01' ? (device.rows[0]?.id ?? null) : null,
      };
    });
    await tx.db.insertInto('dispatch_units').values(rows).execute();
    tx.audit({ action: 'dispatch.demo.units', targetType: 'unit', details: { count: rows.length } });
  });
  const history = { lon: 113.8412, lat: 22.5321 };
  for (let i = 0; i < 3; i++) {
    const r = await createCall(ctx, actor, {
      idempotencyKey: `demo-history-${i}`,
      ...history,
      address: '桂园路18号 18 Guiyuan Road',
      typeCode: 'DISPUTE_FAMILY',
      narrative: 'Demo: earlier dispute at this address',
    });
    await sql`UPDATE dispatch_incidents SET status = 'closed', closed_at = now(), disposition = 'mediated',
      received_at = now() - ${`${(i + 1) * 20} days`}::interval WHERE id = ${r.incident!.id}`.execute(
      ctx.database.db,
    );
  }
  await sql`INSERT INTO dispatch_premise_hazards (id, kind, lon, lat, radius_m, note, jurisdiction_path, created_by)
    SELECT gen_random_uuid(), 'dangerous_animal', ${history.lon}, ${history.lat}, 40,
      ${JSON.stringify({ zh: '院内有大型犬', en: 'Large dog in the yard' })}::jsonb, jurisdiction_path, 'demo'
    FROM dispatch_incidents WHERE lat = ${history.lat} LIMIT 1`.execute(ctx.database.db);
  await createCall(ctx, actor, {
    idempotencyKey: 'demo-open-1',
    lon: 113.952,
    lat: 22.611,
    address: '西山大道与松岗路口 Xishan Ave / Songgang Rd',
    typeCode: 'TRAFFIC_ACCIDENT_INJURY',
    narrative: 'Demo: two cars, one driver hurt',
  });
  const theft = await createCall(ctx, actor, {
    idempotencyKey: 'demo-open-2',
    lon: 114.043,
    lat: 22.655,
    address: '渔港码头 Yugang pier',
    typeCode: 'THEFT',
    narrative: 'Demo: bicycle stolen from the pier',
  });
  await assignUnit(ctx, actor, theft.incident!.id, { unitId: unitIds.get('NG-P02')! });
}
