import { sql } from 'kysely';
import { pgArray } from '../../core/db/sql-values.ts';
import { transact } from '../../core/db/transaction.ts';
import { conflict, invalid, notFound } from '../../core/errors.ts';
import type { Area } from '../../core/geo/geojson.ts';
import { type Actor, inScope as actorCovers } from '../../core/identity/actor.ts';
import { insertJurisdiction } from '../../core/jurisdictions/jurisdiction.service.ts';
import type { GridDeps } from './deps.ts';
import { tessellateVillage } from './domain/tessellation.ts';

/** A grid cell with its workers and aggregate figures (never a list of residents). */
export interface GridCell {
  id: string;
  code: string;
  path: string;
  nameZh: string;
  nameEn: string;
  households: number | null;
  population: number | null;
  workers: { id: string; displayName: string }[];
  openRequests: number;
  geometry: Area | null;
}

interface CellRow {
  id: string;
  code: string;
  path: string;
  name_zh: string;
  name_en: string;
  households: number | null;
  population: number | null;
  workers: { id: string; displayName: string }[] | null;
  open_requests: string;
  geometry: Area | null;
}

/** Grid cells inside the actor's subtrees (optionally below one jurisdiction, or only the actor's own). */
export async function listCells(
  deps: GridDeps,
  actor: Actor,
  opts: { under?: string | null; workerId?: string | null; withGeometry?: boolean } = {},
): Promise<GridCell[]> {
  const res = await sql<CellRow>`SELECT j.id, j.code, j.path::text AS path, j.name_zh, j.name_en,
      c.households, c.population,
      (SELECT json_agg(json_build_object('id', u.id, 'displayName', u.display_name) ORDER BY u.display_name)
        FROM grid_cell_workers w JOIN users u ON u.id = w.user_id WHERE w.jurisdiction_id = j.id) AS workers,
      (SELECT count(*) FROM grid_requests r WHERE r.jurisdiction_path <@ j.path
        AND r.state IN ('submitted', 'accepted', 'in_progress', 'waiting_reporter', 'returned')) AS open_requests,
      CASE WHEN ${opts.withGeometry ?? false} THEN j.geometry END AS geometry
    FROM jurisdictions j LEFT JOIN grid_cells c ON c.jurisdiction_id = j.id
    WHERE j.level = 'grid' AND (j.path <@ ANY(${pgArray(actor.kind === 'system' ? [''] : actor.scopes)}::ltree[]))
      AND (${opts.under ?? null}::ltree IS NULL OR j.path <@ ${opts.under ?? null}::ltree)
      AND (${opts.workerId ?? null}::uuid IS NULL OR EXISTS (SELECT 1 FROM grid_cell_workers w
        WHERE w.jurisdiction_id = j.id AND w.user_id = ${opts.workerId ?? null}::uuid))
    ORDER BY j.path`.execute(deps.database.db);
  return res.rows.map((r) => ({
    id: r.id,
    code: r.code,
    path: r.path,
    nameZh: r.name_zh,
    nameEn: r.name_en,
    households: r.households,
    population: r.population,
    workers: r.workers ?? [],
    openRequests: Number(r.open_requests),
    geometry: r.geometry,
  }));
}

async function cellPath(deps: GridDeps, actor: Actor, jurisdictionId: string): Promise<string> {
  const res = await sql<{ path: string; level: string }>`SELECT path::text AS path, level FROM jurisdictions
    WHERE id = ${jurisdictionId}::uuid`.execute(deps.database.db);
  const j = res.rows[0];
  if (!j || !actorCovers(actor, j.path)) throw notFound('Grid cell');
  if (j.level !== 'grid') throw invalid('grid.not_a_cell', 'This jurisdiction is not a grid cell');
  return j.path;
}

/** Sets the aggregate figures of a cell (households, population). */
export async function updateCellFigures(
  deps: GridDeps,
  actor: Actor,
  jurisdictionId: string,
  figures: { households?: number | null; population?: number | null },
): Promise<void> {
  const path = await cellPath(deps, actor, jurisdictionId);
  await transact(deps.database, actor, async (tx) => {
    await sql`INSERT INTO grid_cells (jurisdiction_id, jurisdiction_path, households, population, updated_at)
      VALUES (${jurisdictionId}::uuid, ${path}::ltree, ${figures.households ?? null}, ${figures.population ?? null}, now())
      ON CONFLICT (jurisdiction_id) DO UPDATE SET
        households = CASE WHEN ${figures.households !== undefined} THEN EXCLUDED.households ELSE grid_cells.households END,
        population = CASE WHEN ${figures.population !== undefined} THEN EXCLUDED.population ELSE grid_cells.population END,
        updated_at = now()`.execute(tx.db);
    tx.audit({
      action: 'grid.cell.figures_set',
      targetType: 'jurisdiction',
      targetId: jurisdictionId,
      jurisdictionPath: path,
      details: figures,
    });
  });
}

/** Replaces the responsible grid workers of a cell (users holding the grid_worker role). */
export async function setCellWorkers(
  deps: GridDeps,
  actor: Actor,
  jurisdictionId: string,
  userIds: string[],
): Promise<void> {
  const path = await cellPath(deps, actor, jurisdictionId);
  await transact(deps.database, actor, async (tx) => {
    const ok = await sql<{ id: string }>`SELECT u.id FROM users u JOIN user_roles r ON r.user_id = u.id
      AND r.role = 'grid_worker' WHERE u.id = ANY(${pgArray(userIds)}::uuid[])`.execute(tx.db);
    if (ok.rows.length !== new Set(userIds).size) {
      throw invalid('grid.not_a_worker', 'Every responsible worker must be a user with the grid_worker role');
    }
    await sql`DELETE FROM grid_cell_workers WHERE jurisdiction_id = ${jurisdictionId}::uuid`.execute(tx.db);
    for (const u of new Set(userIds)) {
      await sql`INSERT INTO grid_cell_workers (jurisdiction_id, user_id) VALUES (${jurisdictionId}::uuid, ${u}::uuid)`.execute(
        tx.db,
      );
    }
    tx.audit({
      action: 'grid.cell.workers_set',
      targetType: 'jurisdiction',
      targetId: jurisdictionId,
      jurisdictionPath: path,
      details: { workers: userIds },
    });
  });
}

/**
 * Divides a village into grid cells: H3 hexagons clipped to its boundary (slivers merged),
 * each inserted as a `grid` jurisdiction under the village. Refused when the village already
 * has cells.
 */
export async function tessellate(
  deps: GridDeps,
  actor: Actor,
  villageId: string,
  resolution: number,
): Promise<{ created: number }> {
  const created = await transact(deps.database, actor, async (tx) => {
    const res = await sql<{
      id: string;
      path: string;
      level: string;
      code: string;
      name_zh: string;
      name_en: string;
      geometry: Area | null;
    }>`
      SELECT id, path::text AS path, level, code, name_zh, name_en, geometry FROM jurisdictions
      WHERE id = ${villageId}::uuid`.execute(tx.db);
    const v = res.rows[0];
    if (!v || !actorCovers(actor, v.path)) throw notFound('Village');
    if (v.level !== 'village')
      throw invalid('grid.not_a_village', 'Only a village is divided into grid cells');
    if (!v.geometry) throw invalid('grid.no_boundary', 'The village has no boundary to divide');
    const kids = await sql`SELECT 1 FROM jurisdictions WHERE parent_id = ${v.id}::uuid LIMIT 1`.execute(
      tx.db,
    );
    if (kids.rows.length > 0) throw conflict('grid.already_divided', 'The village already has grid cells');
    let cells: ReturnType<typeof tessellateVillage>;
    try {
      cells = tessellateVillage(v.geometry as Parameters<typeof tessellateVillage>[0], {
        resolution,
        maxCells: 500,
      });
    } catch (err) {
      throw invalid('grid.tessellation_failed', (err as Error).message);
    }
    let n = 0;
    for (const f of cells.features) {
      n++;
      const cell = await insertJurisdiction(tx, {
        parentId: v.id,
        level: 'grid',
        code: `${v.code}H${String(n).padStart(3, '0')}`,
        nameZh: `${v.name_zh}第${n}网格`,
        nameEn: `${v.name_en} Cell ${n}`,
        geometry: f.geometry as Area,
      });
      await sql`INSERT INTO grid_cells (jurisdiction_id, jurisdiction_path, h3_cells)
        VALUES (${cell.id}::uuid, ${cell.properties.path}::ltree, ${pgArray(f.properties.h3Cells)}::text[])`.execute(
        tx.db,
      );
    }
    tx.audit({
      action: 'grid.village.tessellated',
      targetType: 'jurisdiction',
      targetId: v.id,
      jurisdictionPath: v.path,
      details: { resolution, cells: n },
    });
    return n;
  });
  await deps.jurisdictions.reload();
  return { created };
}
