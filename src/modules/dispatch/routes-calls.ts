import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { notFound } from '../../core/errors.ts';
import { IdParams } from '../../core/http/schemas.ts';
import type { CoreServices } from '../../core/module.ts';
import { createCall } from './call.service.ts';
import { readCaller } from './caller.service.ts';
import { putIncidentType, putTimerThresholds } from './catalogue.service.ts';
import { dispatchContext } from './context.ts';
import { CANCEL_REASONS, DISPOSITIONS, INCIDENT_STATUSES } from './domain/incident-state.ts';
import { INCIDENT_CATEGORIES, type IncidentType } from './domain/incident-type.ts';
import { PREMISE_HAZARD_KINDS } from './domain/premise-history.ts';
import type { TimerThresholds } from './domain/timer-thresholds.ts';
import { CAPABILITIES, UNIT_KINDS } from './domain/unit-kinds.ts';
import { UNIT_STATUSES } from './domain/unit-status.ts';
import { geocode } from './geocode.service.ts';
import { addPremiseHazard } from './incident.service.ts';
import { assist } from './incident-read.ts';
import { P } from './permissions.ts';
import {
  AssistQuery,
  CallerQuery,
  GeocodeQuery,
  IncidentTypeBody,
  NewCallBody,
  PremiseHazardBody,
  ThresholdsBody,
  TypeCodeParams,
} from './schemas.ts';

/** Reference lists, the incident-type catalogue and call intake. */
export function callRoutes(app: FastifyInstance, services: CoreServices): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const ctx = () => dispatchContext(services);
  const read = { access: { permission: P.incidentsRead } };

  r.get('/api/dispatch/reference', { config: read }, async () => {
    const c = await ctx();
    return {
      categories: [...INCIDENT_CATEGORIES],
      unitKinds: Object.entries(UNIT_KINDS).map(([code, k]) => ({
        code,
        name: k.name,
        capabilities: [...k.capabilities],
      })),
      capabilities: Object.entries(CAPABILITIES).map(([code, name]) => ({ code, name })),
      unitStatuses: [...UNIT_STATUSES],
      incidentStatuses: [...INCIDENT_STATUSES],
      dispositions: Object.entries(DISPOSITIONS).map(([code, d]) => ({
        code,
        name: d.name,
        requiresArrival: d.requiresArrival,
      })),
      cancelReasons: Object.entries(CANCEL_REASONS).map(([code, name]) => ({ code, name })),
      premiseHazardKinds: [...PREMISE_HAZARD_KINDS],
      timerThresholds: c.catalogue.thresholds,
    };
  });

  r.get(
    '/api/dispatch/types',
    {
      config: read,
      schema: {
        querystring: Type.Object({ all: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
      },
    },
    async (request) => ({ items: (await ctx()).catalogue.list(request.query.all === true) }),
  );
  r.get(
    '/api/dispatch/types/:code',
    { config: read, schema: { params: TypeCodeParams } },
    async (request) => {
      const c = await ctx();
      const t = c.catalogue.catalogue.get(request.params.code);
      if (!t) throw notFound('Incident type');
      return t;
    },
  );
  r.put(
    '/api/dispatch/types/:code',
    {
      config: { access: { permission: P.typesManage } },
      schema: { params: TypeCodeParams, body: IncidentTypeBody },
    },
    async (request) => {
      const type = { ...request.body, code: request.params.code } as unknown as IncidentType;
      return putIncidentType(services.database, request.actor, type);
    },
  );
  r.put(
    '/api/dispatch/timer-thresholds',
    { config: { access: { permission: P.typesManage } }, schema: { body: ThresholdsBody } },
    async (request) =>
      putTimerThresholds(services.database, request.actor, request.body as unknown as TimerThresholds),
  );

  r.get('/api/dispatch/assist', { config: read, schema: { querystring: AssistQuery } }, async (request) =>
    assist(await ctx(), request.actor, request.query),
  );

  r.get(
    '/api/dispatch/geocode',
    { config: read, schema: { querystring: GeocodeQuery } },
    async (request) => ({
      candidates: await geocode(await ctx(), request.actor, request.query.q, request.query.limit ?? 8),
    }),
  );

  r.post(
    '/api/dispatch/calls',
    { config: { access: { permission: P.callsCreate } }, schema: { body: NewCallBody } },
    async (request, reply) => {
      const { replay, ...result } = await createCall(await ctx(), request.actor, request.body);
      if (replay) reply.header('idempotent-replay', 'true');
      return reply.status(replay ? 200 : 201).send(result);
    },
  );

  r.get(
    '/api/dispatch/calls/:id/caller',
    {
      config: { access: { permission: P.callersRead } },
      schema: { params: IdParams, querystring: CallerQuery },
    },
    async (request) => readCaller(await ctx(), request.actor, request.params.id, request.query.purpose),
  );

  r.post(
    '/api/dispatch/premise-hazards',
    { config: { access: { permission: P.incidentsManage } }, schema: { body: PremiseHazardBody } },
    async (request, reply) =>
      reply.status(201).send(await addPremiseHazard(await ctx(), request.actor, request.body)),
  );
}
