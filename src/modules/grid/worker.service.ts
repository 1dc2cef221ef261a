import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import { transact } from '../../core/db/transaction.ts';
import { invalid } from '../../core/errors.ts';
import type { Actor } from '../../core/identity/actor.ts';
import { type GridCell, listCells } from './cells.service.ts';
import type { GridDeps } from './deps.ts';
import { listQueue, type QueueItem } from './queue.service.ts';
import { OPEN_STATES_SQL } from './request-row.ts';
import { inScope } from './scope.ts';

/** The grid cells the worker is responsible for, with boundaries. */
export function myCells(deps: GridDeps, actor: Actor): Promise<GridCell[]> {
  return listCells(deps, actor, { workerId: actor.id, withGeometry: true });
}

/** Open requests in the worker's cells or assigned to them, most urgent first. */
export async function myTasks(deps: GridDeps, actor: Actor): Promise<QueueItem[]> {
  const cells = await myCells(deps, actor);
  const ids = new Set<string>();
  const items: QueueItem[] = [];
  const add = (list: QueueItem[]) => {
    for (const i of list) {
      if (!ids.has(i.id)) {
        ids.add(i.id);
        items.push(i);
      }
    }
  };
  add((await listQueue(deps, actor, { status: 'open', assignee: 'me', pageSize: 200 })).items);
  for (const c of cells) {
    add((await listQueue(deps, actor, { status: 'open', jurisdiction: c.code, pageSize: 100 })).items);
  }
  return items.sort((a, b) => (a.deadline ?? '9').localeCompare(b.deadline ?? '9'));
}

/** A patrol check-in. */
export interface CheckIn {
  id: string;
  at: string;
  lat: number;
  lon: number;
  jurisdictionPath: string;
  note: string | null;
}

/** Records that the worker was at a place on patrol; the point must lie in the worker's scope. */
export async function checkIn(
  deps: GridDeps,
  actor: Actor,
  input: { lat: number; lon: number; note?: string | null },
): Promise<CheckIn> {
  const hit = deps.jurisdictions.locate(input.lon, input.lat);
  if (!hit) throw invalid('grid.outside_area', 'The position lies outside every served jurisdiction');
  if (!actor.scopes.some((s) => hit.path === s || hit.path.startsWith(`${s}.`))) {
    throw invalid('grid.outside_scope', 'The position lies outside your jurisdictions');
  }
  const id = uuidv7();
  const at = deps.clock();
  await transact(deps.database, actor, async (tx) => {
    await sql`INSERT INTO grid_patrol_checkins (id, user_id, jurisdiction_path, lat, lon, note, at)
      VALUES (${id}, ${actor.id}::uuid, ${hit.path}::ltree, ${input.lat}, ${input.lon}, ${input.note ?? null}, ${at})`.execute(
      tx.db,
    );
    tx.audit({
      action: 'grid.patrol.checked_in',
      targetType: 'grid_checkin',
      targetId: id,
      jurisdictionPath: hit.path,
    });
  });
  return {
    id,
    at: at.toISOString(),
    lat: input.lat,
    lon: input.lon,
    jurisdictionPath: hit.path,
    note: input.note ?? null,
  };
}

/** The worker's own recent check-ins. */
export async function myCheckIns(deps: GridDeps, actor: Actor, limit = 50): Promise<CheckIn[]> {
  const res = await sql<{
    id: string;
    at: Date;
    lat: number;
    lon: number;
    jurisdiction_path: string;
    note: string | null;
  }>`
    SELECT id, at, lat, lon, jurisdiction_path::text AS jurisdiction_path, note FROM grid_patrol_checkins r
    WHERE user_id = ${actor.id}::uuid AND ${inScope(actor)} ORDER BY at DESC LIMIT ${limit}`.execute(
    deps.database.db,
  );
  return res.rows.map((r) => ({
    id: r.id,
    at: r.at.toISOString(),
    lat: r.lat,
    lon: r.lon,
    jurisdictionPath: r.jurisdiction_path,
    note: r.note,
  }));
}

/** Number of open requests in the worker's cells (for the badge on the phone view). */
export async function openInMyCells(deps: GridDeps, actor: Actor): Promise<number> {
  const res = await sql<{ n: string }>`SELECT count(*) AS n FROM grid_requests r
    WHERE r.state IN ${sql.raw(OPEN_STATES_SQL)} AND ${inScope(actor)} AND EXISTS (
      SELECT 1 FROM grid_cell_workers w JOIN jurisdictions j ON j.id = w.jurisdiction_id
      WHERE w.user_id = ${actor.id}::uuid AND r.jurisdiction_path <@ j.path)`.execute(deps.database.db);
  return Number(res.rows[0]?.n ?? 0);
}
