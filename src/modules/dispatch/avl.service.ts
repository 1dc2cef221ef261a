import { sql } from 'kysely';
import { pgArray } from '../../core/db/sql-values.ts';
import { transact } from '../../core/db/transaction.ts';
import type { Actor } from '../../core/identity/actor.ts';
import type { DispatchContext } from './context.ts';
import type { PositionView } from './dispatch-events.ts';
import { type AvlFix, type AvlPolicy, acceptAvlFix, DEFAULT_AVL_POLICY } from './domain/avl.ts';
import { P } from './permissions.ts';
import { unitReportScope } from './scope.ts';

/** One position report as a device sends it. */
export interface AvlInput {
  unitId: string;
  lon: number;
  lat: number;
  at: string;
  speedKmh?: number;
  heading?: number;
  accuracyMetres?: number;
}

/** What the AVL endpoint answers: how many fixes moved a unit and why the others were ignored. */
export interface AvlResult {
  accepted: number;
  rejected: { unitId: string; at: string; reason: string }[];
}

interface Accepted {
  unitId: string;
  path: string;
  fix: AvlFix;
  speedKmh: number | null;
  heading: number | null;
  accuracy: number | null;
}

/**
 * Takes a batch of fixes: each unit's fixes are checked in time order against its latest one
 * (out-of-order, stale, future and implausible fixes are ignored), the accepted ones are kept as
 * the unit's track and the newest moves the unit. A late batch never moves a unit backwards, even
 * when two batches race (the update only applies to an older position).
 */
export async function ingestAvl(
  ctx: DispatchContext,
  actor: Actor,
  fixes: readonly AvlInput[],
  policy: AvlPolicy = DEFAULT_AVL_POLICY,
): Promise<AvlResult> {
  const now = Date.now();
  const rejected: AvlResult['rejected'] = [];
  const ids = [...new Set(fixes.map((f) => f.unitId))].sort();
  return transact(ctx.database, actor, async (tx) => {
    // Lock in id order: concurrent batches over the same units cannot deadlock.
    const units = await sql<{
      id: string;
      path: string;
      lon: number | null;
      lat: number | null;
      position_at: Date | null;
    }>`
      SELECT u.id, u.jurisdiction_path::text AS path, u.lon, u.lat, u.position_at FROM dispatch_units u
      WHERE u.id = ANY(${pgArray(ids)}::uuid[]) AND ${unitReportScope(actor)}
      ORDER BY u.id FOR NO KEY UPDATE OF u`.execute(tx.db);
    const byId = new Map(units.rows.map((u) => [u.id, u]));
    const accepted: Accepted[] = [];
    const sorted = [...fixes].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    const latest = new Map<string, AvlFix | null>();
    for (const f of sorted) {
      const unit = byId.get(f.unitId);
      if (!unit) {
        rejected.push({ unitId: f.unitId, at: f.at, reason: 'unknown_unit' });
        continue;
      }
      if (!latest.has(unit.id)) {
        latest.set(
          unit.id,
          unit.position_at && unit.lat !== null && unit.lon !== null
            ? { lat: unit.lat, lon: unit.lon, at: unit.position_at.getTime() }
            : null,
        );
      }
      const fix: AvlFix = {
        lat: f.lat,
        lon: f.lon,
        at: Date.parse(f.at),
        ...(f.accuracyMetres !== undefined ? { accuracyM: f.accuracyMetres } : {}),
      };
      const decision = acceptAvlFix(latest.get(unit.id) ?? null, fix, now, policy);
      if (!decision.accepted) {
        rejected.push({ unitId: f.unitId, at: f.at, reason: decision.reason });
        continue;
      }
      latest.set(unit.id, fix);
      accepted.push({
        unitId: unit.id,
        path: unit.path,
        fix,
        speedKmh: f.speedKmh ?? null,
        heading: f.heading ?? null,
        accuracy: f.accuracyMetres ?? null,
      });
    }
    if (accepted.length > 0) await store(tx.db, accepted);
    const newest = new Map<string, Accepted>();
    for (const a of accepted) newest.set(a.unitId, a);
    const byPath = new Map<string, PositionView[]>();
    for (const a of newest.values()) {
      const list = byPath.get(a.path) ?? [];
      list.push({
        unitId: a.unitId,
        lon: a.fix.lon,
        lat: a.fix.lat,
        at: new Date(a.fix.at).toISOString(),
        speedKmh: a.speedKmh,
        heading: a.heading,
      });
      byPath.set(a.path, list);
    }
    for (const [path, positions] of byPath) {
      tx.emit('dispatch.unit.positions', { positions }, { jurisdictionPath: path, permission: P.unitsRead });
    }
    tx.audit({
      action: 'dispatch.avl.batch',
      targetType: 'unit_positions',
      details: { accepted: accepted.length, rejected: rejected.length, units: newest.size },
    });
    return { accepted: accepted.length, rejected };
  });
}

// biome-ignore lint/suspicious/noExplicitAny: transaction of untyped tables
async function store(db: any, accepted: readonly Accepted[]): Promise<void> {
  const rows = accepted.map((a) => ({
    unit_id: a.unitId,
    at: new Date(a.fix.at).toISOString(),
    lon: a.fix.lon,
    lat: a.fix.lat,
    speed_kmh: a.speedKmh,
    heading: a.heading,
    accuracy_m: a.accuracy,
    path: a.path,
  }));
  const json = JSON.stringify(rows);
  await sql`INSERT INTO dispatch_unit_positions (unit_id, at, lon, lat, speed_kmh, heading, accuracy_m, jurisdiction_path)
    SELECT unit_id, at, lon, lat, speed_kmh, heading, accuracy_m, path::ltree
    FROM jsonb_to_recordset(${json}::jsonb) AS v(unit_id uuid, at timestamptz, lon float8, lat float8,
      speed_kmh float8, heading float8, accuracy_m float8, path text)
    ON CONFLICT DO NOTHING`.execute(db);
  await sql`UPDATE dispatch_units u SET lon = v.lon, lat = v.lat, position_at = v.at, speed_kmh = v.speed_kmh,
      heading = v.heading
    FROM (SELECT DISTINCT ON (unit_id) * FROM jsonb_to_recordset(${json}::jsonb) AS r(unit_id uuid, at timestamptz,
      lon float8, lat float8, speed_kmh float8, heading float8) ORDER BY unit_id, at DESC) v
    WHERE u.id = v.unit_id AND (u.position_at IS NULL OR u.position_at < v.at)`.execute(db);
}
