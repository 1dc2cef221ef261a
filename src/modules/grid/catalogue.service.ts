import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import { pgArray } from '../../core/db/sql-values.ts';
import { transact } from '../../core/db/transaction.ts';
import { conflict, invalid, notFound } from '../../core/errors.ts';
import { type Actor, inScope as actorCovers } from '../../core/identity/actor.ts';
import { definitionOf, loadType, loadTypes, type RequestType, type StoredAttribute } from './catalogue.ts';
import type { GridDeps } from './deps.ts';
import { assertSlaDuration, type SlaDuration } from './domain/deadline.ts';
import { validateServiceDefinition } from './domain/open311-definition.ts';
import { ANY_SERVICE } from './domain/responsibility-matrix.ts';
import { createWorkCalendar, type WorkCalendarSpec } from './domain/work-calendar.ts';
import { catalogueChanged } from './open311.service.ts';
import { inScope } from './scope.ts';

/** Fields of a request type that staff edit. */
export interface TypeInput {
  code: string;
  nameZh: string;
  nameEn: string;
  group: string;
  descriptionZh?: string | null;
  descriptionEn?: string | null;
  keywords?: string[];
  public?: boolean;
  serviceType?: RequestType['serviceType'];
  sla: SlaDuration;
  escalation?: SlaDuration;
  duplicateRadiusM?: number;
  attributes?: StoredAttribute[];
  active?: boolean;
}

function checkType(t: TypeInput): void {
  try {
    assertSlaDuration(t.sla);
    if (t.escalation) assertSlaDuration(t.escalation);
  } catch (err) {
    throw invalid('grid.bad_sla', (err as Error).message);
  }
  const def = definitionOf({ code: t.code, attributes: t.attributes ?? [] } as RequestType);
  const problems = validateServiceDefinition(def);
  if (problems.length > 0) throw invalid('grid.bad_definition', problems.join('; '));
}

/** Creates or replaces a request type (the code is the key). */
export async function saveType(deps: GridDeps, actor: Actor, t: TypeInput): Promise<RequestType> {
  checkType(t);
  await transact(deps.database, actor, async (tx) => {
    await sql`INSERT INTO grid_request_types (code, name_zh, name_en, group_code, description_zh, description_en,
        keywords, public, service_type, sla_amount, sla_unit, escalation_amount, escalation_unit,
        duplicate_radius_m, attributes, active, updated_at)
      VALUES (${t.code}, ${t.nameZh}, ${t.nameEn}, ${t.group}, ${t.descriptionZh ?? null}, ${t.descriptionEn ?? null},
        ${pgArray(t.keywords ?? [])}::text[], ${t.public ?? true}, ${t.serviceType ?? 'realtime'}, ${t.sla.amount},
        ${t.sla.unit}, ${t.escalation?.amount ?? 1}, ${t.escalation?.unit ?? 'working_days'},
        ${t.duplicateRadiusM ?? 50}, ${JSON.stringify(t.attributes ?? [])}::jsonb, ${t.active ?? true}, now())
      ON CONFLICT (code) DO UPDATE SET name_zh = EXCLUDED.name_zh, name_en = EXCLUDED.name_en,
        group_code = EXCLUDED.group_code, description_zh = EXCLUDED.description_zh,
        description_en = EXCLUDED.description_en, keywords = EXCLUDED.keywords, public = EXCLUDED.public,
        service_type = EXCLUDED.service_type, sla_amount = EXCLUDED.sla_amount, sla_unit = EXCLUDED.sla_unit,
        escalation_amount = EXCLUDED.escalation_amount, escalation_unit = EXCLUDED.escalation_unit,
        duplicate_radius_m = EXCLUDED.duplicate_radius_m, attributes = EXCLUDED.attributes,
        active = EXCLUDED.active, updated_at = now()`.execute(tx.db);
    tx.audit({ action: 'grid.type.saved', targetType: 'grid_request_type', targetId: t.code });
  });
  catalogueChanged();
  return (await loadType(deps.database.db, t.code))!;
}

/** All request types (staff view, inactive included). */
export function listTypes(deps: GridDeps): Promise<RequestType[]> {
  return loadTypes(deps.database.db);
}

/** A department. */
export interface Department {
  id: string;
  code: string;
  nameZh: string;
  nameEn: string;
  jurisdictionPath: string;
  active: boolean;
  memberIds: string[];
}

/** Departments serving the actor's subtrees (or above them: a county department serves villages). */
export async function listDepartments(deps: GridDeps, actor: Actor): Promise<Department[]> {
  const res = await sql<{
    id: string;
    code: string;
    name_zh: string;
    name_en: string;
    jurisdiction_path: string;
    active: boolean;
    members: string[] | null;
  }>`SELECT d.id, d.code, d.name_zh, d.name_en, d.jurisdiction_path::text AS jurisdiction_path, d.active,
      (SELECT array_agg(m.user_id::text) FROM grid_department_members m WHERE m.department_id = d.id) AS members
    FROM grid_departments d ORDER BY d.code`.execute(deps.database.db);
  return res.rows
    .filter(
      (r) =>
        actorCovers(actor, r.jurisdiction_path) ||
        actor.scopes.some((s) => r.jurisdiction_path === s || s.startsWith(`${r.jurisdiction_path}.`)),
    )
    .map((r) => ({
      id: r.id,
      code: r.code,
      nameZh: r.name_zh,
      nameEn: r.name_en,
      jurisdictionPath: r.jurisdiction_path,
      active: r.active,
      memberIds: r.members ?? [],
    }));
}

/** Creates a department at a jurisdiction the actor may see. */
export async function createDepartment(
  deps: GridDeps,
  actor: Actor,
  input: { code: string; nameZh: string; nameEn: string; jurisdictionId: string; memberIds?: string[] },
): Promise<string> {
  return transact(deps.database, actor, async (tx) => {
    const jr = await sql<{ path: string }>`SELECT path::text AS path FROM jurisdictions
      WHERE id = ${input.jurisdictionId}::uuid`.execute(tx.db);
    const path = jr.rows[0]?.path;
    if (!path || !actorCovers(actor, path)) throw notFound('Jurisdiction');
    const dup = await sql`SELECT 1 FROM grid_departments WHERE code = ${input.code}`.execute(tx.db);
    if (dup.rows.length > 0)
      throw conflict('grid.department_code_taken', `Code ${input.code} is already used`);
    const id = uuidv7();
    await sql`INSERT INTO grid_departments (id, code, name_zh, name_en, jurisdiction_path)
      VALUES (${id}, ${input.code}, ${input.nameZh}, ${input.nameEn}, ${path}::ltree)`.execute(tx.db);
    for (const u of input.memberIds ?? []) {
      await sql`INSERT INTO grid_department_members (department_id, user_id) VALUES (${id}, ${u}::uuid)`.execute(
        tx.db,
      );
    }
    tx.audit({
      action: 'grid.department.created',
      targetType: 'grid_department',
      targetId: id,
      jurisdictionPath: path,
    });
    return id;
  });
}

/** Replaces the members of a department. */
export async function setDepartmentMembers(
  deps: GridDeps,
  actor: Actor,
  departmentId: string,
  userIds: string[],
): Promise<void> {
  await transact(deps.database, actor, async (tx) => {
    const d = await sql<{ path: string }>`SELECT jurisdiction_path::text AS path FROM grid_departments
      WHERE id = ${departmentId}::uuid`.execute(tx.db);
    if (!d.rows[0] || !actorCovers(actor, d.rows[0].path)) throw notFound('Department');
    await sql`DELETE FROM grid_department_members WHERE department_id = ${departmentId}::uuid`.execute(tx.db);
    for (const u of new Set(userIds)) {
      await sql`INSERT INTO grid_department_members (department_id, user_id)
        SELECT ${departmentId}::uuid, id FROM users WHERE id = ${u}::uuid`.execute(tx.db);
    }
    tx.audit({
      action: 'grid.department.members_set',
      targetType: 'grid_department',
      targetId: departmentId,
      details: { count: userIds.length },
    });
  });
}

/** One row of the responsibility matrix, with its jurisdiction code. */
export interface ResponsibilityRow {
  serviceCode: string;
  jurisdictionPath: string;
  departmentId: string;
}

/** Matrix rows at or below the actor's subtrees. */
export async function listResponsibilities(deps: GridDeps, actor: Actor): Promise<ResponsibilityRow[]> {
  const res = await sql<{ service_code: string; jurisdiction_path: string; department_id: string }>`
    SELECT r.service_code, r.jurisdiction_path::text AS jurisdiction_path, r.department_id
    FROM grid_responsibilities r WHERE ${inScope(actor)} ORDER BY r.jurisdiction_path, r.service_code`.execute(
    deps.database.db,
  );
  return res.rows.map((r) => ({
    serviceCode: r.service_code,
    jurisdictionPath: r.jurisdiction_path,
    departmentId: r.department_id,
  }));
}

/** Sets (or with departmentId null, removes) who handles a type in a subtree. */
export async function setResponsibility(
  deps: GridDeps,
  actor: Actor,
  row: { serviceCode: string; jurisdictionPath: string; departmentId: string | null },
): Promise<void> {
  if (!actorCovers(actor, row.jurisdictionPath)) throw notFound('Jurisdiction');
  await transact(deps.database, actor, async (tx) => {
    if (row.serviceCode !== ANY_SERVICE && !(await loadType(tx.db, row.serviceCode))) {
      throw invalid('grid.unknown_service', `Unknown service code ${row.serviceCode}`);
    }
    const j = await sql`SELECT 1 FROM jurisdictions WHERE path = ${row.jurisdictionPath}::ltree`.execute(
      tx.db,
    );
    if (j.rows.length === 0) throw notFound('Jurisdiction');
    if (row.departmentId === null) {
      await sql`DELETE FROM grid_responsibilities WHERE service_code = ${row.serviceCode}
        AND jurisdiction_path = ${row.jurisdictionPath}::ltree`.execute(tx.db);
    } else {
      const d = await sql`SELECT 1 FROM grid_departments WHERE id = ${row.departmentId}::uuid`.execute(tx.db);
      if (d.rows.length === 0) throw invalid('grid.unknown_department', 'Unknown department');
      await sql`INSERT INTO grid_responsibilities (service_code, jurisdiction_path, department_id)
        VALUES (${row.serviceCode}, ${row.jurisdictionPath}::ltree, ${row.departmentId}::uuid)
        ON CONFLICT (service_code, jurisdiction_path) DO UPDATE SET department_id = EXCLUDED.department_id`.execute(
        tx.db,
      );
    }
    tx.audit({
      action: 'grid.responsibility.set',
      targetType: 'grid_responsibility',
      targetId: `${row.serviceCode}@${row.jurisdictionPath}`,
      jurisdictionPath: row.jurisdictionPath,
      details: { departmentId: row.departmentId },
    });
  });
}

/** The calendar spec stored exactly at a path (null = inherited). */
export async function getCalendar(
  deps: GridDeps,
  actor: Actor,
  path: string,
): Promise<WorkCalendarSpec | null> {
  if (!actorCovers(actor, path)) throw notFound('Jurisdiction');
  const res = await sql<{ spec: WorkCalendarSpec }>`SELECT spec FROM grid_calendars
    WHERE jurisdiction_path = ${path}::ltree`.execute(deps.database.db);
  return res.rows[0]?.spec ?? null;
}

/** Stores a working calendar (holidays, make-up days, hours) for a subtree. */
export async function setCalendar(
  deps: GridDeps,
  actor: Actor,
  path: string,
  spec: WorkCalendarSpec,
): Promise<void> {
  if (!actorCovers(actor, path)) throw notFound('Jurisdiction');
  try {
    createWorkCalendar(spec);
  } catch (err) {
    throw invalid('grid.bad_calendar', (err as Error).message);
  }
  await transact(deps.database, actor, async (tx) => {
    await sql`INSERT INTO grid_calendars (jurisdiction_path, spec) VALUES (${path}::ltree, ${JSON.stringify(spec)}::jsonb)
      ON CONFLICT (jurisdiction_path) DO UPDATE SET spec = EXCLUDED.spec, updated_at = now()`.execute(tx.db);
    tx.audit({
      action: 'grid.calendar.set',
      targetType: 'grid_calendar',
      targetId: path,
      jurisdictionPath: path,
    });
  });
}

/** A reply template. */
export interface ReplyTemplate {
  id: string;
  jurisdictionPath: string;
  title: string;
  body: string;
}

/** Templates usable by the actor: those of their subtrees and of the jurisdictions above them. */
export async function listTemplates(deps: GridDeps, actor: Actor): Promise<ReplyTemplate[]> {
  const res = await sql<{ id: string; jurisdiction_path: string; title: string; body: string }>`
    SELECT id, jurisdiction_path::text AS jurisdiction_path, title, body FROM grid_reply_templates
    ORDER BY title`.execute(deps.database.db);
  return res.rows
    .filter(
      (r) =>
        actorCovers(actor, r.jurisdiction_path) ||
        actor.scopes.some((s) => s.startsWith(`${r.jurisdiction_path}.`)),
    )
    .map((r) => ({ id: r.id, jurisdictionPath: r.jurisdiction_path, title: r.title, body: r.body }));
}

/** Adds a reply template at a jurisdiction the actor may see. */
export async function createTemplate(
  deps: GridDeps,
  actor: Actor,
  input: { jurisdictionPath: string; title: string; body: string },
): Promise<string> {
  if (!actorCovers(actor, input.jurisdictionPath)) throw notFound('Jurisdiction');
  const id = uuidv7();
  await transact(deps.database, actor, async (tx) => {
    await sql`INSERT INTO grid_reply_templates (id, jurisdiction_path, title, body, created_by)
      VALUES (${id}, ${input.jurisdictionPath}::ltree, ${input.title}, ${input.body}, ${actor.id})`.execute(
      tx.db,
    );
    tx.audit({ action: 'grid.template.created', targetType: 'grid_reply_template', targetId: id });
  });
  return id;
}

/** Deletes a reply template inside the actor's subtrees. */
export async function deleteTemplate(deps: GridDeps, actor: Actor, id: string): Promise<void> {
  await transact(deps.database, actor, async (tx) => {
    const res = await sql`DELETE FROM grid_reply_templates r WHERE r.id = ${id}::uuid AND ${inScope(actor)}
      RETURNING id`.execute(tx.db);
    if (res.rows.length === 0) throw notFound('Reply template');
    tx.audit({ action: 'grid.template.deleted', targetType: 'grid_reply_template', targetId: id });
  });
}

/** Users whose ids exist, for validating member lists. */
export async function existingUsers(deps: GridDeps, ids: string[]): Promise<string[]> {
  const res = await sql<{ id: string }>`SELECT id FROM users WHERE id = ANY(${pgArray(ids)}::uuid[])`.execute(
    deps.database.db,
  );
  return res.rows.map((r) => r.id);
}
