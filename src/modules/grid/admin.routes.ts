import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { Type } from 'typebox';
import { inActorScope, pgArray } from '../../core/db/sql-values.ts';
import { IdParams, Strict, Text, Uuid } from '../../core/http/schemas.ts';
import {
  createDepartment,
  createTemplate,
  deleteTemplate,
  getCalendar,
  listDepartments,
  listResponsibilities,
  listTemplates,
  listTypes,
  saveType,
  setCalendar,
  setDepartmentMembers,
  setResponsibility,
} from './catalogue.service.ts';
import { listCells, setCellWorkers, tessellate, updateCellFigures } from './cells.service.ts';
import type { GridDeps } from './deps.ts';
import { GRID } from './permissions.ts';
import { jurisdictionByCode } from './routing.ts';

const Sla = Strict({
  amount: Type.Number({ exclusiveMinimum: 0, maximum: 100_000 }),
  unit: Type.Union(
    ['working_minutes', 'working_hours', 'working_days', 'clock_hours'].map((u) => Type.Literal(u)),
  ),
});
const AttributeValue = Strict({
  key: Text(100, 1),
  name: Text(200),
  name_zh: Type.Optional(Type.Union([Text(200), Type.Null()])),
});
const Attribute = Strict({
  variable: Type.Boolean(),
  code: Type.String({ pattern: '^[A-Za-z0-9_.-]{1,64}$' }),
  datatype: Type.Union(
    ['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist'].map((d) => Type.Literal(d)),
  ),
  required: Type.Boolean(),
  datatype_description: Type.Optional(Type.Union([Text(500), Type.Null()])),
  order: Type.Integer({ minimum: 1, maximum: 1000 }),
  description: Text(1000),
  description_zh: Type.Optional(Type.Union([Text(1000), Type.Null()])),
  values: Type.Optional(Type.Array(AttributeValue, { maxItems: 100 })),
});
const TypeBody = Strict({
  nameZh: Text(100, 1),
  nameEn: Text(100, 1),
  group: Type.String({ pattern: '^[a-z_]{1,40}$' }),
  descriptionZh: Type.Optional(Type.Union([Text(1000), Type.Null()])),
  descriptionEn: Type.Optional(Type.Union([Text(1000), Type.Null()])),
  keywords: Type.Optional(Type.Array(Text(50), { maxItems: 20 })),
  public: Type.Optional(Type.Boolean()),
  serviceType: Type.Optional(
    Type.Union([Type.Literal('realtime'), Type.Literal('batch'), Type.Literal('blackbox')]),
  ),
  sla: Sla,
  escalation: Type.Optional(Sla),
  duplicateRadiusM: Type.Optional(Type.Integer({ minimum: 0, maximum: 5000 })),
  attributes: Type.Optional(Type.Array(Attribute, { maxItems: 50 })),
  active: Type.Optional(Type.Boolean()),
});
const Period = Strict({
  start: Type.String({ pattern: '^\\d{2}:\\d{2}$' }),
  end: Type.String({ pattern: '^\\d{2}:\\d{2}$' }),
});
const CalendarSpec = Strict({
  timeZone: Type.Optional(Text(60)),
  weekendDays: Type.Optional(Type.Array(Type.Integer({ minimum: 1, maximum: 7 }), { maxItems: 7 })),
  holidays: Type.Optional(Type.Array(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }), { maxItems: 400 })),
  extraWorkingDays: Type.Optional(
    Type.Array(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }), { maxItems: 100 }),
  ),
  workingPeriods: Type.Optional(Type.Array(Period, { maxItems: 6 })),
});
const CodeParam = Strict({ code: Type.String({ pattern: '^[A-Za-z0-9_.-]{1,64}$' }) });

/** Catalogue, matrix, calendars, templates, grid cells and assignable staff (`/api/grid/...`). */
export async function registerAdminRoutes(base: FastifyInstance, deps: GridDeps): Promise<void> {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  const read = { access: { permission: GRID.read } };
  const catalogue = { access: { permission: GRID.catalogue } };
  const cells = { access: { permission: GRID.cells } };
  const tags = ['grid-admin'];

  app.get('/api/grid/types', { config: read, schema: { tags } }, () => listTypes(deps));
  app.put(
    '/api/grid/types/:code',
    { config: catalogue, schema: { tags, params: CodeParam, body: TypeBody } },
    (req) =>
      saveType(deps, req.actor, { ...req.body, code: req.params.code } as Parameters<typeof saveType>[2]),
  );

  app.get('/api/grid/departments', { config: read, schema: { tags } }, (req) =>
    listDepartments(deps, req.actor),
  );
  app.post(
    '/api/grid/departments',
    {
      config: catalogue,
      schema: {
        tags,
        body: Strict({
          code: Type.String({ pattern: '^[A-Za-z0-9_.-]{1,64}$' }),
          nameZh: Text(100, 1),
          nameEn: Text(100, 1),
          jurisdictionId: Uuid,
          memberIds: Type.Optional(Type.Array(Uuid, { maxItems: 200 })),
        }),
      },
    },
    async (req, reply) => reply.status(201).send({ id: await createDepartment(deps, req.actor, req.body) }),
  );
  app.put(
    '/api/grid/departments/:id/members',
    {
      config: catalogue,
      schema: { tags, params: IdParams, body: Strict({ userIds: Type.Array(Uuid, { maxItems: 500 }) }) },
    },
    async (req, reply) => {
      await setDepartmentMembers(deps, req.actor, req.params.id, req.body.userIds);
      return reply.status(204).send();
    },
  );

  app.get('/api/grid/responsibilities', { config: read, schema: { tags } }, (req) =>
    listResponsibilities(deps, req.actor),
  );
  app.put(
    '/api/grid/responsibilities',
    {
      config: catalogue,
      schema: {
        tags,
        body: Strict({
          serviceCode: Type.String({ pattern: '^([A-Za-z0-9_.-]{1,64}|\\*)$' }),
          jurisdictionCode: Text(64, 1),
          departmentId: Type.Union([Uuid, Type.Null()]),
        }),
      },
    },
    async (req, reply) => {
      const j = await jurisdictionByCode(deps.database.db, req.body.jurisdictionCode);
      await setResponsibility(deps, req.actor, {
        serviceCode: req.body.serviceCode,
        jurisdictionPath: j?.path ?? '_none_',
        departmentId: req.body.departmentId,
      });
      return reply.status(204).send();
    },
  );

  app.get('/api/grid/calendars/:code', { config: read, schema: { tags, params: CodeParam } }, async (req) => {
    const j = await jurisdictionByCode(deps.database.db, req.params.code);
    return { spec: await getCalendar(deps, req.actor, j?.path ?? '_none_') };
  });
  app.put(
    '/api/grid/calendars/:code',
    { config: catalogue, schema: { tags, params: CodeParam, body: CalendarSpec } },
    async (req, reply) => {
      const j = await jurisdictionByCode(deps.database.db, req.params.code);
      await setCalendar(deps, req.actor, j?.path ?? '_none_', req.body);
      return reply.status(204).send();
    },
  );

  app.get('/api/grid/templates', { config: read, schema: { tags } }, (req) => listTemplates(deps, req.actor));
  app.post(
    '/api/grid/templates',
    {
      config: { access: { permission: GRID.manage } },
      schema: {
        tags,
        body: Strict({ jurisdictionCode: Text(64, 1), title: Text(100, 1), body: Text(4000, 1) }),
      },
    },
    async (req, reply) => {
      const j = await jurisdictionByCode(deps.database.db, req.body.jurisdictionCode);
      const id = await createTemplate(deps, req.actor, {
        jurisdictionPath: j?.path ?? '_none_',
        title: req.body.title,
        body: req.body.body,
      });
      return reply.status(201).send({ id });
    },
  );
  app.delete(
    '/api/grid/templates/:id',
    { config: { access: { permission: GRID.manage } }, schema: { tags, params: IdParams } },
    async (req, reply) => {
      await deleteTemplate(deps, req.actor, req.params.id);
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/grid/cells',
    {
      config: read,
      schema: {
        tags,
        querystring: Strict({ under: Type.Optional(Text(64)), geometry: Type.Optional(Type.Boolean()) }),
      },
    },
    async (req) => {
      const under = req.query.under
        ? ((await jurisdictionByCode(deps.database.db, req.query.under))?.path ?? '_none_')
        : null;
      return listCells(deps, req.actor, { under, withGeometry: req.query.geometry ?? false });
    },
  );
  app.patch(
    '/api/grid/cells/:id',
    {
      config: cells,
      schema: {
        tags,
        params: IdParams,
        body: Strict({
          households: Type.Optional(
            Type.Union([Type.Integer({ minimum: 0, maximum: 10_000_000 }), Type.Null()]),
          ),
          population: Type.Optional(
            Type.Union([Type.Integer({ minimum: 0, maximum: 100_000_000 }), Type.Null()]),
          ),
        }),
      },
    },
    async (req, reply) => {
      await updateCellFigures(deps, req.actor, req.params.id, req.body);
      return reply.status(204).send();
    },
  );
  app.put(
    '/api/grid/cells/:id/workers',
    {
      config: cells,
      schema: { tags, params: IdParams, body: Strict({ userIds: Type.Array(Uuid, { maxItems: 50 }) }) },
    },
    async (req, reply) => {
      await setCellWorkers(deps, req.actor, req.params.id, req.body.userIds);
      return reply.status(204).send();
    },
  );
  app.post(
    '/api/grid/villages/:id/tessellate',
    {
      config: cells,
      schema: {
        tags,
        params: IdParams,
        body: Strict({ resolution: Type.Integer({ minimum: 6, maximum: 11 }) }),
      },
    },
    async (req, reply) =>
      reply.status(201).send(await tessellate(deps, req.actor, req.params.id, req.body.resolution)),
  );

  app.get('/api/grid/assignees', { config: read, schema: { tags } }, async (req) => {
    // Staff bound to a jurisdiction inside the actor's subtrees who can work on requests.
    const res = await sql<{ id: string; display_name: string; roles: string[] }>`
      SELECT u.id, u.display_name, array_agg(DISTINCT r.role) AS roles FROM users u
      JOIN user_roles r ON r.user_id = u.id AND r.role IN ('grid_worker', 'service_centre', 'department', 'supervisor')
      JOIN user_jurisdictions uj ON uj.user_id = u.id JOIN jurisdictions j ON j.id = uj.jurisdiction_id
      WHERE NOT u.disabled AND (${inActorScope('j.path', req.actor)}
        OR j.path @> ANY(${pgArray(req.actor.kind === 'system' ? [''] : req.actor.scopes)}::ltree[]))
      GROUP BY u.id, u.display_name ORDER BY u.display_name`.execute(deps.database.db);
    return res.rows.map((r) => ({ id: r.id, displayName: r.display_name, roles: r.roles }));
  });
}
