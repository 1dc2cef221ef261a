import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { invalid } from '../../core/errors.ts';
import { IdParams } from '../../core/http/schemas.ts';
import type { CoreServices } from '../../core/module.ts';
import { ingestAvl } from './avl.service.ts';
import { dispatchContext } from './context.ts';
import type { UnitStatus } from './domain/unit-status.ts';
import { UNIT_STATUSES } from './domain/unit-status.ts';
import { P } from './permissions.ts';
import {
  AvlBody,
  CheckInBody,
  EmptyBody,
  UnitBody,
  UnitPatchBody,
  UnitQuery,
  UnitStatusBody,
} from './schemas.ts';
import { createUnit, getUnit, listUnits, myUnit, unitRoute, updateUnit } from './unit.service.ts';
import { acknowledgeAssignment, checkIn, setUnitStatus } from './unit-status.service.ts';

/** Units: list, edit, status reports, acknowledgement, check-in and AVL. */
export function unitRoutes(app: FastifyInstance, services: CoreServices): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const ctx = () => dispatchContext(services);
  const read = { access: { permission: P.unitsRead } };
  const report = { access: { permission: P.unitsReport } };
  const manage = { access: { permission: P.unitsManage } };

  r.get('/api/dispatch/units', { config: read, schema: { querystring: UnitQuery } }, async (request) => ({
    items: await listUnits(await ctx(), request.actor, request.query),
  }));
  r.get('/api/dispatch/units/:id', { config: read, schema: { params: IdParams } }, async (request) =>
    getUnit(await ctx(), request.actor, request.params.id),
  );
  r.post('/api/dispatch/units', { config: manage, schema: { body: UnitBody } }, async (request, reply) =>
    reply.status(201).send(await createUnit(await ctx(), request.actor, request.body)),
  );
  r.patch(
    '/api/dispatch/units/:id',
    { config: manage, schema: { params: IdParams, body: UnitPatchBody } },
    async (request) => updateUnit(await ctx(), request.actor, request.params.id, request.body),
  );
  r.get('/api/dispatch/me/unit', { config: report }, async (request) => myUnit(await ctx(), request.actor));
  r.post(
    '/api/dispatch/units/:id/status',
    { config: report, schema: { params: IdParams, body: UnitStatusBody } },
    async (request) => {
      const status = request.body.status;
      if (!(UNIT_STATUSES as readonly string[]).includes(status)) {
        throw invalid('dispatch.unknown_unit_status', `Unknown status ${status}`, { allowed: UNIT_STATUSES });
      }
      return setUnitStatus(await ctx(), request.actor, request.params.id, status as UnitStatus);
    },
  );
  r.post(
    '/api/dispatch/units/:id/acknowledge',
    { config: report, schema: { params: IdParams, body: EmptyBody } },
    async (request) => acknowledgeAssignment(await ctx(), request.actor, request.params.id),
  );
  r.post(
    '/api/dispatch/units/:id/check-in',
    { config: report, schema: { params: IdParams, body: CheckInBody } },
    async (request) => checkIn(await ctx(), request.actor, request.params.id, request.body?.note),
  );
  r.get('/api/dispatch/units/:id/route', { config: read, schema: { params: IdParams } }, async (request) =>
    unitRoute(await ctx(), request.actor, request.params.id),
  );
  r.post('/api/dispatch/avl', { config: report, schema: { body: AvlBody } }, async (request) =>
    ingestAvl(await ctx(), request.actor, request.body.fixes),
  );
}
