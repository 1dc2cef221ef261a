import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { notFound } from '../../core/errors.ts';
import { IdParams, Strict, Text, Uuid } from '../../core/http/schemas.ts';
import { inScope as actorCovers } from '../../core/identity/actor.ts';
import { readPurposes } from '../../core/privacy/personal-read.ts';
import { applyAction } from './actions.service.ts';
import { type DashboardDimension, dashboard } from './dashboard.service.ts';
import type { GridDeps } from './deps.ts';
import {
  ActionSchema,
  attributeMap,
  decodePhotos,
  NewRequestSchema,
  PHOTO_JSON_LIMIT,
  RequestIdParams,
  toEvent,
} from './http-schemas.ts';
import { submitRequest } from './intake.service.ts';
import { GRID } from './permissions.ts';
import { checkUploads, MAX_PHOTO_BYTES, readPhoto } from './photos.ts';
import { listQueue } from './queue.service.ts';
import {
  addNote,
  addStaffPhotos,
  assignRequest,
  bulkAction,
  getRequest,
  nearbyRequests,
  readReporter,
  redactRequest,
} from './request.service.ts';
import { jurisdictionByCode } from './routing.ts';

const STATES = [
  'submitted',
  'accepted',
  'in_progress',
  'waiting_reporter',
  'resolved',
  'closed',
  'returned',
  'duplicate',
] as const;

const QueueQuery = Type.Object({
  status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('closed'), Type.Literal('all')])),
  state: Type.Optional(Type.Array(Type.Union(STATES.map((s) => Type.Literal(s))), { maxItems: 8 })),
  serviceCode: Type.Optional(Text(64)),
  departmentId: Type.Optional(Uuid),
  mine: Type.Optional(Type.Boolean()),
  assignee: Type.Optional(Text(40)),
  jurisdiction: Type.Optional(Text(64)),
  overdue: Type.Optional(Type.Boolean()),
  escalated: Type.Optional(Type.Boolean()),
  unrouted: Type.Optional(Type.Boolean()),
  q: Type.Optional(Text(200)),
  from: Type.Optional(Type.String({ format: 'date-time' })),
  to: Type.Optional(Type.String({ format: 'date-time' })),
  sort: Type.Optional(Type.Union([Type.Literal('deadline'), Type.Literal('newest'), Type.Literal('oldest')])),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
});

/** Staff API: queues, request details, actions, dashboard (`/api/grid/...`). */
export async function registerStaffRoutes(base: FastifyInstance, deps: GridDeps): Promise<void> {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  const read = { access: { permission: GRID.read } };
  const manage = { access: { permission: GRID.manage } };
  const tags = ['grid'];

  app.get('/api/grid/requests', { config: read, schema: { tags, querystring: QueueQuery } }, async (req) => {
    const q = req.query;
    return listQueue(deps, req.actor, {
      ...q,
      states: q.state,
      myDepartments: q.mine,
      from: q.from ? new Date(q.from) : undefined,
      to: q.to ? new Date(q.to) : undefined,
    });
  });

  app.post(
    '/api/grid/requests',
    {
      config: { access: { permission: GRID.report } },
      bodyLimit: PHOTO_JSON_LIMIT,
      schema: { tags, body: NewRequestSchema },
    },
    async (req, reply) => {
      const b = req.body;
      const created = await submitRequest(deps, req.actor, {
        serviceCode: b.serviceCode,
        lat: b.lat ?? null,
        lon: b.lon ?? null,
        address: b.address,
        jurisdictionCode: b.jurisdictionCode,
        description: b.description ?? null,
        attributes: attributeMap(b.attributes),
        reporter: { firstName: b.contact?.name, email: b.contact?.email, phone: b.contact?.phone },
        photos: checkUploads(decodePhotos(b.photos)),
        private: b.private,
        source: 'staff',
      });
      return reply.status(201).send(created);
    },
  );

  app.get('/api/grid/requests/:id', { config: read, schema: { tags, params: RequestIdParams } }, (req) =>
    getRequest(deps, req.actor, req.params.id),
  );

  app.get(
    '/api/grid/requests/:id/reporter',
    {
      config: { access: { permission: GRID.reporterRead } },
      schema: {
        tags,
        params: RequestIdParams,
        querystring: Strict({ purpose: Type.Optional(Type.Union(readPurposes.map((p) => Type.Literal(p)))) }),
      },
    },
    (req) => readReporter(deps, req.actor, req.params.id, req.query.purpose),
  );

  app.post(
    '/api/grid/requests/:id/actions',
    {
      config: read,
      bodyLimit: PHOTO_JSON_LIMIT,
      schema: { tags, params: RequestIdParams, body: ActionSchema },
    },
    async (req) => {
      const photos = checkUploads(decodePhotos(req.body.photos));
      return applyAction(deps, req.actor, req.params.id, toEvent(req.body), { photos });
    },
  );

  app.post(
    '/api/grid/requests/:id/assign',
    {
      config: manage,
      schema: { tags, params: RequestIdParams, body: Strict({ userId: Type.Union([Uuid, Type.Null()]) }) },
    },
    async (req, reply) => {
      await assignRequest(deps, req.actor, req.params.id, req.body.userId);
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/grid/requests/:id/notes',
    {
      config: read,
      schema: {
        tags,
        params: RequestIdParams,
        body: Strict({ note: Text(4000, 1), public: Type.Optional(Type.Boolean()) }),
      },
    },
    async (req, reply) => {
      await addNote(deps, req.actor, req.params.id, req.body.note, req.body.public ?? false);
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/grid/requests/:id/redact',
    {
      config: manage,
      schema: {
        tags,
        params: RequestIdParams,
        body: Strict({
          publicDescription: Type.Optional(Type.Union([Text(4000), Type.Null()])),
          hidePhotoIds: Type.Optional(Type.Array(Uuid, { maxItems: 20 })),
          showPhotoIds: Type.Optional(Type.Array(Uuid, { maxItems: 20 })),
          private: Type.Optional(Type.Boolean()),
        }),
      },
    },
    async (req, reply) => {
      await redactRequest(deps, req.actor, req.params.id, req.body);
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/grid/requests/:id/photos',
    {
      config: read,
      bodyLimit: MAX_PHOTO_BYTES + 1024,
      schema: {
        tags,
        params: RequestIdParams,
        querystring: Strict({
          kind: Type.Optional(
            Type.Union([Type.Literal('report'), Type.Literal('resolution'), Type.Literal('worker')]),
          ),
        }),
      },
    },
    async (req, reply) => {
      const bytes = req.body instanceof Buffer ? new Uint8Array(req.body) : new Uint8Array();
      const photos = checkUploads([{ contentType: req.headers['content-type'] ?? null, bytes }]);
      const ids = await addStaffPhotos(deps, req.actor, req.params.id, req.query.kind ?? 'report', photos);
      return reply.status(201).send({ ids });
    },
  );

  app.get(
    '/api/grid/requests/:id/nearby',
    { config: read, schema: { tags, params: RequestIdParams } },
    (req) => nearbyRequests(deps, req.actor, req.params.id),
  );

  app.post(
    '/api/grid/requests/bulk',
    {
      config: read,
      schema: {
        tags,
        body: Strict({
          ids: Type.Array(Text(64, 1), { minItems: 1, maxItems: 200 }),
          assignTo: Type.Optional(Type.Union([Uuid, Type.Null()])),
          private: Type.Optional(Type.Boolean()),
          action: Type.Optional(ActionSchema),
        }),
      },
    },
    async (req) => {
      const b = req.body;
      if (b.action)
        return {
          results: await bulkAction(deps, req.actor, b.ids, { action: 'event', event: toEvent(b.action) }),
        };
      if (b.private !== undefined) {
        return {
          results: await bulkAction(deps, req.actor, b.ids, { action: 'private', private: b.private }),
        };
      }
      return {
        results: await bulkAction(deps, req.actor, b.ids, { action: 'assign', userId: b.assignTo ?? null }),
      };
    },
  );

  app.get(
    '/api/grid/photos/:id',
    { config: read, schema: { tags, params: IdParams } },
    async (req, reply) => {
      const p = await readPhoto(deps.database.db, req.params.id);
      if (!p || !actorCovers(req.actor, p.jurisdictionPath)) throw notFound('Photo');
      return reply
        .type(p.contentType)
        .header('cache-control', 'private, max-age=300')
        .header('x-content-type-options', 'nosniff')
        .send(Buffer.from(p.bytes));
    },
  );

  app.get(
    '/api/grid/dashboard',
    {
      config: { access: { permission: GRID.dashboard } },
      schema: {
        tags,
        querystring: Strict({
          by: Type.Optional(Type.Union(['department', 'type', 'cell', 'day'].map((d) => Type.Literal(d)))),
          from: Type.Optional(Type.String({ format: 'date-time' })),
          to: Type.Optional(Type.String({ format: 'date-time' })),
          under: Type.Optional(Text(64)),
        }),
      },
    },
    async (req) => {
      const now = deps.clock();
      const to = req.query.to ? new Date(req.query.to) : new Date(+now + 1);
      const from = req.query.from ? new Date(req.query.from) : new Date(+to - 90 * 86_400_000);
      const under = req.query.under
        ? ((await jurisdictionByCode(deps.database.db, req.query.under))?.path ?? '_none_')
        : null;
      return dashboard(deps, req.actor, {
        by: (req.query.by ?? 'department') as DashboardDimension,
        from,
        to,
        under,
      });
    },
  );
}
