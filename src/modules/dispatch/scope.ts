// The ONE place dispatch rows are filtered by jurisdiction: every read and every lock of an
// incident, call, unit or assignment goes through these helpers. Out of scope = 404, never 403.
import { type RawBuilder, sql } from 'kysely';
import { inActorScope } from '../../core/db/sql-values.ts';
import { notFound } from '../../core/errors.ts';
import { type Actor, can } from '../../core/identity/actor.ts';
import { P } from './permissions.ts';
import { type Db, type IncidentRow, queryIncidents, queryUnits, type UnitRow } from './views.ts';

/** Incidents (alias `i`) inside the actor's jurisdictions. */
export function incidentScope(actor: Actor): RawBuilder<boolean> {
  return inActorScope(sql.ref('i.jurisdiction_path'), actor);
}

/** Units (alias `u`) inside the actor's jurisdictions. */
export function unitScope(actor: Actor): RawBuilder<boolean> {
  return inActorScope(sql.ref('u.jurisdiction_path'), actor);
}

/** Rows of any dispatch table by its own `jurisdiction_path` column (calls, premise flags...). */
export function rowScope(column: string, actor: Actor): RawBuilder<boolean> {
  return inActorScope(sql.ref(column), actor);
}

/**
 * Units the actor may report for: a field device (no dispatch permission) only for the unit
 * linked to its user; dispatchers and supervisors for every unit in their scope.
 */
export function unitReportScope(actor: Actor): RawBuilder<boolean> {
  if (can(actor, P.dispatch)) return unitScope(actor);
  return sql<boolean>`(${unitScope(actor)} AND u.device_user_id::text = ${actor.id ?? ''})`;
}

/** One incident in scope; 404 otherwise. */
export async function findIncident(db: Db, actor: Actor, id: string): Promise<IncidentRow> {
  const rows = await queryIncidents(db, sql`i.id = ${id} AND ${incidentScope(actor)}`);
  if (!rows[0]) throw notFound('Incident');
  return rows[0];
}

/** One incident in scope, row-locked for the rest of the transaction; 404 otherwise. */
export async function lockIncident(db: Db, actor: Actor, id: string): Promise<IncidentRow> {
  const rows = await queryIncidents(db, sql`i.id = ${id} AND ${incidentScope(actor)}`, sql`FOR UPDATE OF i`);
  if (!rows[0]) throw notFound('Incident');
  return rows[0];
}

/** One unit in scope (for reporting: see unitReportScope); 404 otherwise. */
export async function findUnit(db: Db, actor: Actor, id: string, report = false): Promise<UnitRow> {
  const filter = report ? unitReportScope(actor) : unitScope(actor);
  const rows = await queryUnits(db, sql`u.id = ${id} AND ${filter}`, sql``);
  if (!rows[0]) throw notFound('Unit');
  return rows[0];
}

/** One unit in scope, row-locked; 404 otherwise. */
export async function lockUnit(db: Db, actor: Actor, id: string, report = false): Promise<UnitRow> {
  const filter = report ? unitReportScope(actor) : unitScope(actor);
  const rows = await queryUnits(db, sql`u.id = ${id} AND ${filter}`, sql`FOR UPDATE OF u`);
  if (!rows[0]) throw notFound('Unit');
  return rows[0];
}
