import { sql } from 'kysely';
import { pgArray } from '../../core/db/sql-values.ts';
import { invalid } from '../../core/errors.ts';
import type { JurisdictionDirectory } from '../../core/jurisdictions/jurisdiction-directory.ts';
import { calendarFromSpec, type Db, type RequestType, type TypeRow, toType } from './catalogue.ts';
import type { Router } from './domain/request-state.ts';
import { ANY_SERVICE, buildResponsibilityMatrix } from './domain/responsibility-matrix.ts';
import type { WorkCalendar, WorkCalendarSpec } from './domain/work-calendar.ts';

/**
 * The department router for a request at `path`: the responsibility rows covering the path for
 * the given types (and the catch-all), active departments only, resolved by the domain matrix.
 */
export async function loadRouter(db: Db, codes: readonly string[], path: string): Promise<Router> {
  const res = await sql<{ service_code: string; jurisdiction_path: string; department_id: string }>`
    SELECT r.service_code, r.jurisdiction_path::text AS jurisdiction_path, r.department_id
    FROM grid_responsibilities r JOIN grid_departments d ON d.id = r.department_id AND d.active
    WHERE r.service_code = ANY(${pgArray([...codes, ANY_SERVICE])}::text[])
      AND r.jurisdiction_path @> ${path}::ltree`.execute(db);
  const matrix = buildResponsibilityMatrix(
    res.rows.map((r) => ({
      serviceCode: r.service_code,
      jurisdictionPath: r.jurisdiction_path,
      departmentId: r.department_id,
    })),
  );
  return (code, at) => matrix.resolve(code, at)?.departmentId ?? null;
}

/**
 * Everything intake needs about a type at a place, in one round trip: the type, the router of
 * the responsibility rows covering the place, and the working calendar in force there.
 */
export async function intakeContext(
  db: Db,
  code: string,
  path: string,
): Promise<{ type: RequestType | null; route: Router; calendar: WorkCalendar }> {
  const res = await sql<{
    type: TypeRow | null;
    matrix: { service_code: string; jurisdiction_path: string; department_id: string }[];
    calendar: WorkCalendarSpec | null;
  }>`SELECT
      (SELECT row_to_json(t) FROM grid_request_types t WHERE t.code = ${code}) AS type,
      (SELECT coalesce(json_agg(json_build_object('service_code', r.service_code,
          'jurisdiction_path', r.jurisdiction_path::text, 'department_id', r.department_id)), '[]'::json)
        FROM grid_responsibilities r JOIN grid_departments d ON d.id = r.department_id AND d.active
        WHERE r.service_code IN (${code}, ${ANY_SERVICE}) AND r.jurisdiction_path @> ${path}::ltree) AS matrix,
      (SELECT c.spec FROM grid_calendars c WHERE c.jurisdiction_path @> ${path}::ltree
        ORDER BY nlevel(c.jurisdiction_path) DESC LIMIT 1) AS calendar`.execute(db);
  const row = res.rows[0]!;
  const matrix = buildResponsibilityMatrix(
    row.matrix.map((r) => ({
      serviceCode: r.service_code,
      jurisdictionPath: r.jurisdiction_path,
      departmentId: r.department_id,
    })),
  );
  return {
    type: row.type ? toType({ ...row.type, keywords: row.type.keywords ?? [] }) : null,
    route: (c, at) => matrix.resolve(c, at)?.departmentId ?? null,
    calendar: calendarFromSpec(row.calendar ?? {}),
  };
}

/** Where a request is filed. */
export interface Placement {
  jurisdictionPath: string;
  /** False when no coordinates were given and the request sits at a jurisdiction for triage. */
  located: boolean;
}

/** A jurisdiction by its code (the Open311 `jurisdiction_id`), or null. */
export async function jurisdictionByCode(
  db: Db,
  code: string,
): Promise<{ id: string; path: string; level: string } | null> {
  const res = await sql<{ id: string; path: string; level: string }>`
    SELECT id, path::text AS path, level FROM jurisdictions WHERE code = ${code}`.execute(db);
  return res.rows[0] ?? null;
}

/** The path of the only root jurisdiction, or null when there are none or several. */
export async function soleRootPath(db: Db): Promise<string | null> {
  const res = await sql<{ path: string }>`SELECT path::text AS path FROM jurisdictions
    WHERE parent_id IS NULL LIMIT 2`.execute(db);
  return res.rows.length === 1 ? res.rows[0]!.path : null;
}

/**
 * Location -> grid cell (the deepest jurisdiction holding the point). With a jurisdiction code
 * the point must lie inside it; without a point the request is filed at that jurisdiction (or
 * at the sole root) for the service centre to place.
 */
export async function placeRequest(
  db: Db,
  directory: JurisdictionDirectory,
  input: { lat: number | null; lon: number | null; jurisdictionCode?: string | null },
): Promise<Placement> {
  const scope = input.jurisdictionCode ? await jurisdictionByCode(db, input.jurisdictionCode) : null;
  if (input.jurisdictionCode && !scope) {
    throw invalid('grid.unknown_jurisdiction', `Unknown jurisdiction ${input.jurisdictionCode}`);
  }
  if (input.lat !== null && input.lon !== null) {
    const hit = directory.locate(input.lon, input.lat);
    if (!hit) throw invalid('grid.outside_area', 'The location lies outside every served jurisdiction');
    if (scope && !(hit.path === scope.path || hit.path.startsWith(`${scope.path}.`))) {
      throw invalid('grid.outside_jurisdiction', 'The location lies outside the given jurisdiction');
    }
    return { jurisdictionPath: hit.path, located: true };
  }
  if (scope) return { jurisdictionPath: scope.path, located: false };
  const root = await soleRootPath(db);
  if (!root) throw invalid('grid.location_required', 'A location (lat and long) is required');
  return { jurisdictionPath: root, located: false };
}
